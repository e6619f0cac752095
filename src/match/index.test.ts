import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Inventory, OSInfo, Package, PackageType } from '../inventory/model.js';
import type { Advisory } from '../vulndb/model.js';
import { matchInventory } from './index.js';
import { debianTrackerAdvisories, kevEntries, MemoryDb, nvdAdvisory, osvAdvisory } from './testing/memory-db.js';

const VULNDATA = '/work/shared/vulndata';
const json = (p: string) => JSON.parse(readFileSync(`${VULNDATA}/${p}`, 'utf8'));
const LAYER = { index: 0, diffId: 'sha256:' + '0'.repeat(64) };
const DEBIAN12: OSInfo = { family: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12', codename: 'bookworm' };

function pkg(type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package {
  return { type, name, version, purl: `pkg:${type}/${name}@${version}`, licenses: [], locations: [{ path: '/x', layer: LAYER }], ...extra };
}
function inventory(packages: Package[], os?: OSInfo): Inventory {
  return {
    image: { reference: 'test', names: [], configDigest: 'sha256:' + '1'.repeat(64), platform: 'linux/amd64', layers: [] },
    os, packages, secrets: [], misconfigurations: [], warnings: [],
  };
}

const tracker = json('debian/tracker-from-changelogs.json');
const debianDb = () => new MemoryDb(
  [...debianTrackerAdvisories(tracker, 'debian-changelogs', new Set(['glibc', 'util-linux'])), nvdAdvisory(json('nvd/cve-2.0/CVE-2023-4911.json'))],
  kevEntries(json('kev/known_exploited_vulnerabilities.json')),
  [{ cve: 'CVE-2023-4911', score: 0.8, percentile: 0.99 }],
);

test('Debian: matched by source package and source version, dpkg ordering', () => {
  const libc6 = pkg('deb', 'libc6', '2.36-9+deb12u3', { source: { name: 'glibc', version: '2.36-9+deb12u3' } });
  const findings = matchInventory(inventory([libc6], DEBIAN12), debianDb());
  const ids = new Set(findings.map((f) => f.id));
  assert.ok(!ids.has('CVE-2023-4911'), 'fixed in 2.36-9+deb12u3 itself');
  assert.ok(ids.has('CVE-2023-6246'), 'fixed in 2.36-9+deb12u4');
  assert.ok(ids.has('CVE-2026-4438'));
  assert.ok(!ids.has('CVE-2016-10228'), 'fixed in 2.31-3, long before');
  const f = findings.find((x) => x.id === 'CVE-2023-6246')!;
  assert.equal(f.status, 'fixed');
  assert.equal(f.fixedVersion, '2.36-9+deb12u4');
  assert.deepEqual(f.evidence, [{
    source: 'debian-changelogs', record: 'CVE-2023-6246', ecosystem: 'debian:12', package: 'glibc', comparator: 'deb',
    decidedBy: 'installed 2.36-9+deb12u3 < fixed 2.36-9+deb12u4 (deb)',
  }]);
});

test('Debian: binary epoch and binNMU suffix are not the source version', () => {
  // bsdutils carries epoch 1 while its source util-linux has none: compared by the binary version it would look patched.
  const bsdutils = pkg('deb', 'bsdutils', '1:2.38.1-5', { source: { name: 'util-linux', version: '2.38.1-5' } });
  const ids = matchInventory(inventory([bsdutils], DEBIAN12), debianDb()).map((f) => f.id);
  assert.deepEqual(ids, ['CVE-2024-28085']);
  // A binNMU (+b1) of the fixed source version is fixed.
  const binnmu = pkg('deb', 'mount', '2.38.1-5+deb12u1+b1', { source: { name: 'util-linux', version: '2.38.1-5+deb12u1' } });
  assert.deepEqual(matchInventory(inventory([binnmu], DEBIAN12), debianDb()), []);
  // Without a Source: field the binary name and version are the source's.
  const plain = pkg('deb', 'util-linux', '2.38.1-5');
  assert.deepEqual(matchInventory(inventory([plain], DEBIAN12), debianDb()).map((f) => f.id), ['CVE-2024-28085']);
});

test('Debian: severity falls through a changelog urgency to NVD; KEV and EPSS attached', () => {
  const libc6 = pkg('deb', 'libc6', '2.36-9+deb12u1', { source: { name: 'glibc', version: '2.36-9+deb12u1' } });
  const f = matchInventory(inventory([libc6], DEBIAN12), debianDb()).find((x) => x.id === 'CVE-2023-4911')!;
  assert.ok(f);
  // The changelog urgency ("medium") is an upload urgency, kept but not a severity.
  assert.ok(f.ratings.some((r) => r.source === 'debian-changelogs' && r.raw === 'medium' && !r.level));
  assert.equal(f.severity, 'HIGH');
  assert.equal(f.severitySource, 'nvd');
  assert.equal(f.severityRating?.type, 'CVSS_V3');
  assert.equal(f.severityRating?.score, 7.8);
  assert.ok(f.ratings.some((r) => r.source === 'nvd' && r.score === 7.8));
  assert.equal(f.kev?.dateAdded, '2023-11-21');
  assert.deepEqual(f.epss, { score: 0.8, percentile: 0.99 });
  assert.match(f.title ?? '', /buffer overflow/i);
});

test('Debian statuses: not-affected never, unfixed/will-not-fix/end-of-life reported, ignoreUnfixed', () => {
  const adv = (id: string, status: Advisory['affected'][number]['status'], fixedVersion?: string): Advisory => ({
    id, aliases: [], source: 'debian-tracker', references: [], cwes: [], severities: [],
    affected: [{ ecosystem: 'debian:12', package: 'openssl', status, ...(fixedVersion ? { fixedVersion } : {}),
      severity: { source: 'debian', type: 'vendor', raw: 'low', level: 'LOW' } }],
  });
  const db = new MemoryDb([adv('CVE-1', 'not-affected'), adv('CVE-2', 'unfixed'), adv('CVE-3', 'will-not-fix'),
    adv('CVE-4', 'end-of-life'), adv('CVE-5', 'fixed', '0'), adv('CVE-6', 'fixed', '3.0.11-1~deb12u2')]);
  const libssl = pkg('deb', 'libssl3', '3.0.11-1~deb12u1', { source: { name: 'openssl' } });
  const all = matchInventory(inventory([libssl], DEBIAN12), db);
  assert.deepEqual(all.map((f) => `${f.id}:${f.status}`).sort(), ['CVE-2:unfixed', 'CVE-3:will-not-fix', 'CVE-4:end-of-life', 'CVE-6:fixed']);
  assert.ok(all.every((f) => f.severity === 'LOW' && f.severitySource === 'debian'));
  const fixable = matchInventory(inventory([libssl], DEBIAN12), db, { ignoreUnfixed: true });
  assert.deepEqual(fixable.map((f) => f.id).sort(), ['CVE-3', 'CVE-4', 'CVE-6']);
  // Other releases' data never applies.
  assert.deepEqual(matchInventory(inventory([libssl], { ...DEBIAN12, version: '11', codename: 'bullseye' }), db), []);
  // OS packages are never matched without an OS to choose the distro data.
  assert.deepEqual(matchInventory(inventory([libssl]), db), []);
});

test('Go: stdlib by toolchain version; GO and GHSA records of one CVE merge; GHSA rating decides', () => {
  const db = new MemoryDb([
    osvAdvisory(json('osv/go/GO-2023-2102.json'), 'osv-go'),
    osvAdvisory(json('osv/go/GO-2024-3321.json'), 'osv-go'),
    osvAdvisory(json('osv/ghsa/advisories/github-reviewed/2024/12/GHSA-v778-237x-gjrc/GHSA-v778-237x-gjrc.json'), 'ghsa'),
    nvdAdvisory(json('nvd/cve-2.0/CVE-2023-39325.json')),
  ]);
  const stdlib = pkg('golang', 'stdlib', '1.19.8');
  const crypto = pkg('golang', 'golang.org/x/crypto', 'v0.30.0');
  const findings = matchInventory(inventory([stdlib, crypto]), db);
  const http2 = findings.find((f) => f.package === stdlib && f.id === 'CVE-2023-39325')!;
  assert.ok(http2);
  assert.deepEqual(http2.aliases, ['GHSA-4374-p667-p6c8', 'GO-2023-2102']);
  assert.equal(http2.fixedVersion, '1.20.10');
  assert.equal(http2.evidence[0]!.decidedBy, 'installed 1.19.8 in range >=0 <1.20.10 (Go semver)');
  assert.equal(http2.severitySource, 'nvd');
  assert.equal(http2.severityRating?.vector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H');
  assert.equal(http2.reachability, 'unknown');

  const ssh = findings.filter((f) => f.package === crypto);
  assert.equal(ssh.length, 1, JSON.stringify(ssh.map((f) => [f.id, f.aliases])));
  assert.equal(ssh[0]!.id, 'CVE-2024-45337');
  assert.deepEqual(ssh[0]!.aliases, ['GHSA-v778-237x-gjrc', 'GO-2024-3321']);
  assert.deepEqual(ssh[0]!.evidence.map((e) => e.source).sort(), ['ghsa', 'osv-go']);
  assert.equal(ssh[0]!.severity, 'HIGH');
  assert.equal(ssh[0]!.severitySource, 'ghsa');
  assert.equal(ssh[0]!.fixedVersion, '0.31.0');
  assert.deepEqual(matchInventory(inventory([pkg('golang', 'golang.org/x/crypto', 'v0.31.0')]), db), []);
});

test('Go reachability from linked symbols', () => {
  const db = new MemoryDb([osvAdvisory(json('osv/go/GO-2024-3321.json'), 'osv-go')]);
  const linked = pkg('golang', 'golang.org/x/crypto', 'v0.30.0', { metadata: { goSymbolsState: 'present',
    goSymbols: ['golang.org/x/crypto/ssh.NewServerConn', 'golang.org/x/crypto/ssh.(*connection).serverAuthenticate'] } });
  const notLinked = pkg('golang', 'golang.org/x/crypto', 'v0.30.0', { metadata: { goSymbolsState: 'present',
    goSymbols: ['golang.org/x/crypto/ssh.Dial', 'golang.org/x/crypto/ed25519.Sign'] } });
  const stripped = pkg('golang', 'golang.org/x/crypto', 'v0.30.0', { metadata: { goSymbolsState: 'stripped' } });
  const [a, b, c] = [linked, notLinked, stripped].map((p) => matchInventory(inventory([p]), db)[0]!.reachability);
  assert.deepEqual([a, b, c], ['reachable', 'unreachable', 'unknown']);
});

test('PyPI: PEP 503 names, ECOSYSTEM range decides, withdrawn records skipped', () => {
  const rec = parseYaml(readFileSync(`${VULNDATA}/osv/pypi/requests/PYSEC-2023-74.yaml`, 'utf8'));
  const withdrawn = { ...osvAdvisory(rec, 'osv-pypi'), id: 'PYSEC-WITHDRAWN', aliases: ['CVE-0000-0001'], withdrawn: '2024-01-01T00:00:00Z' };
  const db = new MemoryDb([osvAdvisory(rec, 'osv-pypi'), withdrawn]);
  const findings = matchInventory(inventory([pkg('pypi', 'Requests', '2.28.1')]), db);
  assert.deepEqual(findings.map((f) => f.id), ['CVE-2023-32681']);
  assert.deepEqual(findings[0]!.aliases, ['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74']);
  assert.equal(findings[0]!.fixedVersion, '2.31.0');
  assert.equal(findings[0]!.severity, 'UNKNOWN', 'no rating anywhere: reported, never dropped');
  assert.equal(findings[0]!.severitySource, 'none');
  assert.match(findings[0]!.evidence[0]!.decidedBy, /in range >=2\.3\.0 <2\.31\.0 \(PEP 440\)/);
});

test('an unparsable installed version is skipped with a warning, not a crash', () => {
  const db = new MemoryDb([osvAdvisory(json('osv/go/GO-2024-3321.json'), 'osv-go')]);
  const warnings: string[] = [];
  const findings = matchInventory(inventory([pkg('golang', 'golang.org/x/crypto', 'not a version')]), db, { warn: (m) => warnings.push(m) });
  assert.deepEqual(findings, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /golang\.org\/x\/crypto.*not a version/);
});
