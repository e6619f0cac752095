import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackageURL } from 'packageurl-js';
import { purlFor, distroQualifier } from './purl.js';
import type { OSInfo } from './model.js';

const debian: OSInfo = { family: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12', codename: 'bookworm' };

test('deb: epoch kept in the version, distro and upstream qualifiers', () => {
  assert.equal(purlFor({ type: 'deb', name: 'bash', version: '5.2.15-2+b13', arch: 'amd64', source: { name: 'bash', version: '5.2.15-2' } }, debian),
    'pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2');
  assert.equal(purlFor({ type: 'deb', name: 'bsdutils', version: '1:2.38.1-5+deb12u3', arch: 'amd64', source: { name: 'util-linux', version: '2.38.1-5+deb12u3' } }, debian),
    'pkg:deb/debian/bsdutils@1:2.38.1-5+deb12u3?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5%2Bdeb12u3');
  assert.equal(purlFor({ type: 'deb', name: 'libc6', version: '2.36-9', arch: 'amd64', source: { name: 'glibc', version: '2.36-9' } }, debian),
    'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc');
  assert.equal(purlFor({ type: 'deb', name: 'dash', version: '0.5.12-2', source: { name: 'dash', version: '0.5.12-2' } }), 'pkg:deb/debian/dash@0.5.12-2');
  assert.equal(purlFor({ type: 'deb', name: 'bash', version: '5.1-6ubuntu1', arch: 'amd64' }, { family: 'ubuntu', name: 'Ubuntu', version: '22.04' }),
    'pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04');
  assert.equal(distroQualifier({ family: 'debian', name: 'sid', codename: 'trixie' }), 'debian-trixie');
});

test('rpm: epoch as a qualifier, vendor namespaces', () => {
  assert.equal(purlFor({ type: 'rpm', name: 'openssl-libs', version: '1:3.0.7-24.el9', arch: 'x86_64', metadata: { sourceRpm: 'openssl-3.0.7-24.el9.src.rpm' } }, { family: 'rhel', name: 'RHEL', version: '9.3' }),
    'pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rhel-9.3&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm');
  assert.match(purlFor({ type: 'rpm', name: 'x', version: '1-1' }, { family: 'amzn', name: 'AL2', version: '2' }), /^pkg:rpm\/amazon\/x@1-1\?distro=amzn-2$/);
  assert.match(purlFor({ type: 'rpm', name: 'x', version: '1-1' }, { family: 'sles', name: 'SLES', version: '15.5' }), /^pkg:rpm\/suse\//);
});

test('language packages', () => {
  const cases: [Parameters<typeof purlFor>[0], string][] = [
    [{ type: 'npm', name: '@babel/core', version: '7.24.0' }, 'pkg:npm/%40babel/core@7.24.0'],
    [{ type: 'npm', name: 'lodash', version: '4.17.15' }, 'pkg:npm/lodash@4.17.15'],
    [{ type: 'pypi', name: 'Jinja2', version: '3.1.2' }, 'pkg:pypi/jinja2@3.1.2'],
    [{ type: 'pypi', name: 'typing_extensions', version: '4.8.0' }, 'pkg:pypi/typing-extensions@4.8.0'],
    [{ type: 'maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' }, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'],
    [{ type: 'maven', name: 'log4j', version: '1.2.17' }, 'pkg:maven/log4j/log4j@1.2.17'],
    [{ type: 'golang', name: 'github.com/gorilla/mux', version: 'v1.8.0' }, 'pkg:golang/github.com/gorilla/mux@v1.8.0'],
    [{ type: 'golang', name: 'stdlib', version: 'go1.19.8' }, 'pkg:golang/stdlib@go1.19.8'],
    [{ type: 'cargo', name: 'serde', version: '1.0.190' }, 'pkg:cargo/serde@1.0.190'],
    [{ type: 'gem', name: 'rails', version: '7.1.2' }, 'pkg:gem/rails@7.1.2'],
    [{ type: 'composer', name: 'laravel/framework', version: 'v10.0.0' }, 'pkg:composer/laravel/framework@v10.0.0'],
    [{ type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.1' }, 'pkg:nuget/Newtonsoft.Json@13.0.1'],
    [{ type: 'binary', name: 'node', version: '20.11.0' }, 'pkg:generic/node@20.11.0'],
  ];
  for (const [input, expected] of cases) {
    const got = purlFor(input);
    assert.equal(got, expected);
    // Round-trips through the reference parser.
    const parsed = PackageURL.fromString(got);
    assert.equal(parsed.version, input.version);
  }
});
