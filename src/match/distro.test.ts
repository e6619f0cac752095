// Distro matching on real Alpine secdb and AlmaLinux OSV records, stored with the real DB build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Inventory, OSInfo, Package, PackageType } from '../inventory/model.js';
import { tempDir } from '../inventory/testing/corpus.js';
import { buildDb, openDb, type VulnDb } from '../vulndb/index.js';
import { distroNamespaces } from './ecosystems.js';
import { matchInventory } from './index.js';

const VULNDATA = '/work/shared/vulndata';
const LAYER = { index: 0, diffId: 'sha256:' + '0'.repeat(64) };
const ALPINE38: OSInfo = { family: 'alpine', name: 'Alpine Linux v3.8', version: '3.8.5' };
const ALMA10: OSInfo = { family: 'almalinux', name: 'AlmaLinux 10.0', version: '10.0' };

function pkg(type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package {
  return { type, name, version, purl: `pkg:${type}/${name}@${version}`, licenses: [], locations: [{ path: '/lib/apk/db/installed', layer: LAYER }], ...extra };
}
const inv = (os: OSInfo, packages: Package[]): Inventory => ({
  image: { reference: 't', names: [], configDigest: 'sha256:t', platform: 'linux/amd64', layers: [] }, os, packages, secrets: [], misconfigurations: [], warnings: [],
});

let tmp: ReturnType<typeof tempDir>;
let db: VulnDb;
before(async () => {
  tmp = tempDir();
  await buildDb({ from: [join(VULNDATA, 'alpine/v3.8/main.yaml'), join(VULNDATA, 'alpine/v3.9/main.yaml'),
    join(VULNDATA, 'osv/almalinux/almalinux10/ALSA-2025:10549.json'), join(VULNDATA, 'osv/ubuntu/osv')], out: join(tmp.dir, 'db.sqlite') });
  db = openDb(join(tmp.dir, 'db.sqlite'));
});
after(() => { db.close(); tmp.cleanup(); });

test('distro namespaces from os-release', () => {
  assert.deepEqual(distroNamespaces(ALPINE38), ['alpine:3.8']);
  assert.deepEqual(distroNamespaces({ family: 'debian', name: 'Debian', codename: 'bookworm' }), ['debian:12']);
  assert.deepEqual(distroNamespaces({ family: 'ubuntu', name: 'Ubuntu', version: '22.04' }), ['ubuntu:22.04']);
  assert.deepEqual(distroNamespaces({ family: 'rhel', name: 'UBI 9', version: '9.4' }), ['rhel:9']);
  assert.deepEqual(distroNamespaces({ family: 'centos', name: 'CentOS', version: '7' }), ['centos:7', 'rhel:7']);
  assert.deepEqual(distroNamespaces({ family: 'unknown', name: '?' }), []);
});

test('Alpine: by origin on the release branch; secfixes "0" is never affected', () => {
  // libdbus comes from origin dbus; 3.8.5 reads the 3.8 branch's secdb.
  const libdbus = pkg('apk', 'dbus-libs', '1.10.24-r1', { source: { name: 'dbus', version: '1.10.24-r1' } });
  const findings = matchInventory(inv(ALPINE38, [libdbus]), db);
  assert.deepEqual(findings.map((f) => [f.id, f.fixedVersion, f.evidence[0]!.decidedBy]),
    [['CVE-2019-12749', '1.10.28-r0', 'installed 1.10.24-r1 < fixed 1.10.28-r0 (apk)']]);
  assert.equal(findings[0]!.evidence[0]!.ecosystem, 'alpine:3.8');
  assert.deepEqual(matchInventory(inv(ALPINE38, [pkg('apk', 'dbus', '1.10.28-r0')]), db), []);
  // Berkeley DB's whitelisted CVEs sit under the "0" key.
  assert.deepEqual(matchInventory(inv(ALPINE38, [pkg('apk', 'db', '5.3.28-r0')]), db), []);
});

test('AlmaLinux: per-binary entries, epochs compared by rpm rules', () => {
  const podman = (v: string) => pkg('rpm', 'podman-docker', v, { source: { name: 'podman', version: v.replace(/^\d+:/, '') } });
  const f = matchInventory(inv(ALMA10, [podman('6:5.4.0-11.el10_0')]), db);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.id, 'ALSA-2025:10549');
  assert.equal(f[0]!.fixedVersion, '6:5.4.0-12.el10_0');
  assert.equal(f[0]!.evidence[0]!.comparator, 'rpm');
  assert.equal(f[0]!.evidence[0]!.package, 'podman-docker');
  assert.deepEqual(matchInventory(inv(ALMA10, [podman('6:5.4.0-12.el10_0')]), db), []);
  // A higher version with a lower epoch is still older.
  assert.equal(matchInventory(inv(ALMA10, [podman('5:9.9.9-1.el10_0')]), db).length, 1);
  // Another release's statements never apply.
  assert.deepEqual(matchInventory(inv({ ...ALMA10, version: '9.6' }, [podman('6:5.4.0-11.el10_0')]), db), []);
});

test('RHEL modularity: a module stream statement applies only inside that stream', () => {
  const statement = { ecosystem: 'rhel:9', package: 'nodejs', status: 'fixed' as const, fixedVersion: '1:18.20.2-1.module+el9.4.0+21731+46b5c5a6', module: 'nodejs:18' };
  const rows = [{ ...statement, advisoryId: 'RHSA-2024:0001', source: 'test' }];
  const mem = { lookup: (eco: string, name: string) => (eco === 'rhel:9' && name === 'nodejs' ? rows : []), advisory: () => undefined, byAlias: () => [], kev: () => undefined, epss: () => undefined };
  const os: OSInfo = { family: 'rhel', name: 'RHEL 9', version: '9.4' };
  const node = (label?: string) => pkg('rpm', 'nodejs', '1:18.19.0-1.module+el9.3.0+21000+aaaaaaaa', { source: { name: 'nodejs' }, ...(label ? { metadata: { modularityLabel: label } } : {}) });
  assert.equal(matchInventory(inv(os, [node('nodejs:18:9030020231120:abcdef')]), mem).length, 1);
  assert.equal(matchInventory(inv(os, [node('nodejs:20:9040020240101:abcdef')]), mem).length, 0);
  assert.equal(matchInventory(inv(os, [node()]), mem).length, 0);
});

test('Ubuntu OSV: the USN joins the UBUNTU-CVE record it fixes; Pro-only statements do not apply; open = unfixed', () => {
  const ubuntu = (version: string): OSInfo => ({ family: 'ubuntu', name: `Ubuntu ${version}`, version });
  const wayland = pkg('deb', 'libwayland-client0', '1.18.0-1', { source: { name: 'wayland', version: '1.18.0-1' } });
  const f = matchInventory(inv(ubuntu('20.04'), [wayland]), db);
  assert.equal(f.length, 1, JSON.stringify(f.map((x) => [x.id, x.aliases])));
  assert.equal(f[0]!.id, 'CVE-2021-3782');
  assert.deepEqual(f[0]!.aliases, ['UBUNTU-CVE-2021-3782', 'USN-5614-1']);
  assert.equal(f[0]!.fixedVersion, '1.18.0-1ubuntu0.1');
  assert.deepEqual(f[0]!.evidence.map((e) => e.record).sort(), ['UBUNTU-CVE-2021-3782', 'USN-5614-1']);
  assert.deepEqual(matchInventory(inv(ubuntu('20.04'), [pkg('deb', 'libwayland-client0', '1.18.0-1ubuntu0.1', { source: { name: 'wayland' } })]), db), []);
  // 14.04's jansson statement is Ubuntu Pro (ESM) only.
  assert.deepEqual(matchInventory(inv(ubuntu('14.04'), [pkg('deb', 'libjansson4', '2.5-2', { source: { name: 'jansson' } })]), db), []);
  const gitlab = matchInventory(inv(ubuntu('16.04'), [pkg('deb', 'gitlab', '8.5.8+dfsg-5')]), db);
  assert.deepEqual(gitlab.map((x) => [x.id, x.status, x.fixedVersion]), [['CVE-2026-1403', 'unfixed', undefined]]);
});
