import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alpineNamespace, debianNamespace, mapOsvEcosystem, packageKey, ubuntuRelease } from './normalize.js';

test('distro namespaces', () => {
  assert.equal(debianNamespace('bookworm'), 'debian:12');
  assert.equal(debianNamespace('bullseye'), 'debian:11');
  assert.equal(debianNamespace('buster'), 'debian:10');
  assert.equal(debianNamespace('trixie'), 'debian:13');
  assert.equal(debianNamespace('stretch'), 'debian:9');
  assert.equal(debianNamespace('jessie'), 'debian:8');
  assert.equal(debianNamespace('sid'), 'debian:sid');
  assert.equal(debianNamespace('woody'), 'debian:3.0');
  assert.equal(debianNamespace('hurd-i386'), 'debian:hurd-i386', 'unknown codenames stay visible');
  assert.equal(alpineNamespace('v3.19'), 'alpine:3.19');
  assert.equal(ubuntuRelease('jammy'), '22.04');
  assert.equal(ubuntuRelease('24.04'), '24.04');
});

test('OSV ecosystems → model ecosystems', () => {
  assert.deepEqual(mapOsvEcosystem('Ubuntu:22.04:LTS'), { ecosystem: 'ubuntu:22.04' });
  assert.deepEqual(mapOsvEcosystem('Ubuntu:Pro:18.04:LTS'), { ecosystem: 'ubuntu:18.04', channel: 'pro' });
  assert.deepEqual(mapOsvEcosystem('Ubuntu:Pro:FIPS:20.04:LTS'), { ecosystem: 'ubuntu:20.04', channel: 'pro:fips' });
  assert.deepEqual(mapOsvEcosystem('Debian:12'), { ecosystem: 'debian:12' });
  assert.deepEqual(mapOsvEcosystem('Alpine:v3.19'), { ecosystem: 'alpine:3.19' });
  assert.deepEqual(mapOsvEcosystem('AlmaLinux:9'), { ecosystem: 'almalinux:9', binary: true });
  assert.deepEqual(mapOsvEcosystem('Rocky Linux:8'), { ecosystem: 'rocky:8', binary: true });
  assert.deepEqual(mapOsvEcosystem('Wolfi'), { ecosystem: 'wolfi' });
  assert.deepEqual(mapOsvEcosystem('PyPI'), { ecosystem: 'PyPI' });
  assert.deepEqual(mapOsvEcosystem('crates.io'), { ecosystem: 'crates.io' });
});

test('package keys: PEP 503 for PyPI, case-insensitive registries lower-cased, others as-is', () => {
  assert.equal(packageKey('PyPI', 'Zope.Interface'), 'zope-interface');
  assert.equal(packageKey('pypi', 'typing__extensions'), 'typing-extensions');
  assert.equal(packageKey('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
  assert.equal(packageKey('Packagist', 'Symfony/HTTP-Kernel'), 'symfony/http-kernel');
  assert.equal(packageKey('npm', 'JSONStream'), 'JSONStream', 'npm names are case-sensitive');
  assert.equal(packageKey('Maven', 'org.Apache:x'), 'org.Apache:x');
});
