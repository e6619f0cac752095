// The whole of ../shared/vulndata in one build (it takes a while, so it is one test checking many things):
// every record of every file is accounted for, and known advisories come out of the DB intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildDb } from './build.js';
import { openDb } from './open.js';

const V = '/work/shared/vulndata';

function files(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files(p, out); else out.push(p);
  }
  return out;
}

// Record counts worked out here without the readers, from each format's own structure.
function expectedRecords(): Record<string, number> {
  const all = files(V).map((f) => relative(V, f));
  const count = (re: RegExp) => all.filter((f) => re.test(f)).length;
  const alpineItems = (doc: any) => (doc?.packages ?? []).reduce((n: number, p: any) =>
    n + Object.values(p?.pkg?.secfixes ?? {}).reduce((m: number, ids: any) => m + (Array.isArray(ids) ? ids.length : 1), 0), 0);
  const tracker = (f: string) => Object.values(JSON.parse(readFileSync(join(V, f), 'utf8')) as Record<string, object>).reduce((n, cves) => n + Object.keys(cves).length, 0);
  const lines = (f: string) => readFileSync(join(V, f), 'utf8').split('\n').filter((l) => l.startsWith('[')).length;
  return {
    osv: count(/^osv\/.*\.(json|ya?ml)$/) + count(/^chainguard\/osv\/CGA-.*\.json$/),
    rustsec: count(/^rustsec\/.*\.md$/),
    rubysec: count(/^rubysec\/.*\.yml$/),
    'nodejs-security-wg': count(/^npm\/nodejs-security-wg\/(npm|core)\/\d+\.json$/),
    'debian-list': lines('debian/DSA-list') + lines('debian/DLA-list'),
    'debian-tracker': tracker('debian/tracker-from-changelogs.json') + tracker('debian/security-tracker-json-sample.json'),
    'alpine-secdb': all.filter((f) => /^alpine\/.*\.yaml$/.test(f)).reduce((n, f) => n + alpineItems(parseYaml(readFileSync(join(V, f), 'utf8'))), 0)
      + alpineItems(JSON.parse(readFileSync(join(V, 'wolfi/security.json'), 'utf8'))) + alpineItems(JSON.parse(readFileSync(join(V, 'chainguard/security.json'), 'utf8'))),
    'cisa-kev': JSON.parse(readFileSync(join(V, 'kev/known_exploited_vulnerabilities.json'), 'utf8')).count,
    'nvd-cve-2.0': 3 + JSON.parse(readFileSync(join(V, 'nvd/api-2.0/full-page.json'), 'utf8')).totalResults + 1,
    openvex: JSON.parse(readFileSync(join(V, 'ubuntu-vex/CVE-2023-38545.json'), 'utf8')).statements.length,
  };
}

test('build from all of vulndata: every record accounted for, known advisories end to end', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hullscan-full-')), 'hullscan.db');
  const warnings: string[] = [];
  const report = await buildDb({ from: [V], out, now: new Date('2026-11-24T00:00:00Z'), onWarning: (w) => warnings.push(w) });

  // Accounting: loaded + skipped = total, per format, against counts made without the readers.
  const byFormat: Record<string, number> = {};
  for (const s of report.sources) byFormat[s.format] = (byFormat[s.format] ?? 0) + s.records + s.skipped;
  assert.deepEqual(byFormat, expectedRecords());
  assert.equal(warnings.length, report.skipped.length);
  // Skips are the real data's own defects, each named with its reason.
  assert.deepEqual(report.skipped.map((s) => [relative(V, s.file), s.record, s.reason]), [
    ['alpine/v3.6/main.yaml', 'heimdal', 'secfixes[7.4.0-r0] lists no ids'],
  ]);
  // The only files left unread are documentation, indexes of records read elsewhere, and the changelogs the derived feed came from.
  assert.deepEqual(report.ignoredFiles.map((f) => relative(V, f)).filter((f) => !f.startsWith('debian/changelogs/')), [
    'README.md', 'chainguard/osv/all.json', 'debian/tracker-from-changelogs.manifest.json', 'kev/known_exploited_vulnerabilities_schema.json',
    'npm/nodejs-security-wg/core/index.json', 'npm/nodejs-security-wg/npm/index.json', 'osv/npm/MANIFEST.tsv', 'osv/npm/README.md',
  ]);
  assert.equal(report.ignoredFiles.filter((f) => f.includes('/debian/changelogs/')).length, 409);

  const db = openDb(out);
  try {
    // Go stdlib ranges.
    const std = db.lookup('Go', 'stdlib').find((r) => r.advisoryId === 'GO-2023-2102')!;
    assert.deepEqual(std.ranges?.[0]?.events, [{ introduced: '0' }, { fixed: '1.20.10' }, { introduced: '1.21.0-0' }, { fixed: '1.21.3' }]);
    // A Debian CVE's fixed version per release, from the tracker feeds and the DSA list.
    const ossl = db.lookup('debian:12', 'openssl').filter((r) => r.advisoryId === 'CVE-2024-0727');
    assert.deepEqual(ossl.map((r) => [r.source, r.status, r.fixedVersion]), [['debian-changelogs', 'fixed', '3.0.13-1~deb12u1']]);
    const proto = db.advisories('CVE-2008-7220').find((a) => a.source === 'debian-tracker')!;
    assert.deepEqual(proto.affected.map((e) => [e.ecosystem, e.fixedVersion]).sort(), [['debian:10', '1.6.0.2-1'], ['debian:8', '1.6.0.2-1'], ['debian:9', '1.6.0.2-1'], ['debian:sid', '1.6.0.2-1']]);
    assert.deepEqual(db.lookup('debian:11', 'xorg-server').find((r) => r.advisoryId === 'DSA-5380-1')?.fixedVersion, '2:1.20.11-1+deb11u6');
    // KEV flags, joined by CVE; NVD and Debian both know CVE-2023-4911.
    assert.deepEqual(db.kev('CVE-2023-4911'), { cve: 'CVE-2023-4911', dateAdded: '2023-11-21', dueDate: '2023-12-12', knownRansomware: false, vendorProject: 'GNU', product: 'GNU C Library', name: 'GNU C Library Buffer Overflow Vulnerability' });
    assert.equal(db.kev('CVE-2025-53770')?.knownRansomware, true);
    assert.equal(db.kev('CVE-1999-0001'), undefined);
    assert.deepEqual(db.advisories('CVE-2023-4911').map((a) => a.source), ['debian-changelogs', 'nvd']);
    // Aliases link GHSA / CVE / GO ids.
    assert.ok(db.byAlias('CVE-2023-39325').some((a) => a.id === 'GO-2023-2102'));
    assert.ok(db.byAlias('CVE-2023-39325').some((a) => a.source === 'nvd'));
    // PyPI names normalised per PEP 503 on both sides.
    assert.ok(db.lookup('PyPI', 'Django').length > 50);
    assert.equal(db.lookup('PyPI', 'Django').length, db.lookup('pypi', 'django').length);
    // Alpine, RustSec both ways, RubySec fragments merged, Red Hat, Ubuntu, AlmaLinux.
    assert.ok(db.lookup('alpine:3.11', 'ansible').some((r) => r.advisoryId === 'CVE-2019-14904' && r.fixedVersion === '2.9.3-r0'));
    assert.deepEqual(db.lookup('crates.io', 'libcrux-sha3').filter((r) => r.advisoryId === 'RUSTSEC-2026-0074').map((r) => r.source).sort(), ['osv-rustsec', 'rustsec']);
    const rails = db.advisories('CVE-2008-7248').find((a) => a.source === 'rubysec')!;
    assert.ok(rails.affected.length >= 1);
    assert.ok(db.lookup('ubuntu:22.04', 'curl').some((r) => r.advisoryId === 'CVE-2023-38545' && r.fixedVersion === '7.81.0-1ubuntu1.24'));
    assert.ok(db.lookup('almalinux:10', 'curl').length + db.lookup('almalinux:10', 'openssl').length > 0);
    assert.equal(db.lookup('Go', 'github.com/no/such').length, 0);

    // A lookup stays a rows-only answer: the rows are copies the caller owns.
    const again = db.lookup('Go', 'stdlib');
    again.pop();
    assert.equal(db.lookup('Go', 'stdlib').length, again.length + 1);
    const st = db.status();
    assert.equal(st.advisories, report.advisories);
    assert.equal(st.kev, 1404);
    assert.ok(st.sources.length >= 20);

  } finally { db.close(); }
});
