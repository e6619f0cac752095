import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advisoriesOf, readAll, skippedOf } from '../files.js';
import { debianTrackerReader } from './reader.js';

const SAMPLE = '/work/shared/vulndata/debian/security-tracker-json-sample.json';
const DERIVED = '/work/shared/vulndata/debian/tracker-from-changelogs.json';

test('tracker JSON sample: codenames to debian:N, resolved/open/fixed_version "0", urgencies', async () => {
  assert.equal(await debianTrackerReader.detect(SAMPLE), true);
  const items = await readAll(debianTrackerReader, SAMPLE);
  const advs = advisoriesOf(items);
  assert.equal(skippedOf(items).length, 0);
  assert.equal(advs.length, 7, 'one record per (package, CVE)');
  const proto = advs.find((a) => a.id === 'CVE-2008-7220')!;
  assert.equal(proto.source, 'debian-tracker');
  const stretch = proto.affected.find((e) => e.ecosystem === 'debian:9')!;
  assert.deepEqual({ p: stretch.package, s: stretch.status, f: stretch.fixedVersion }, { p: 'prototypejs', s: 'fixed', f: '1.6.0.2-1' });
  assert.deepEqual(stretch.severity, { source: 'debian', type: 'vendor', raw: 'high**', level: 'HIGH' });
  assert.deepEqual(proto.affected.map((e) => e.ecosystem).sort(), ['debian:10', 'debian:8', 'debian:9', 'debian:sid']);
  assert.ok(proto.references.includes('https://bugs.debian.org/555217'));
  const never = advs.find((a) => a.id === 'CVE-2007-2383')!;
  assert.ok(never.affected.every((e) => e.status === 'not-affected' && e.fixedVersion === undefined && e.severity?.level === 'NEGLIGIBLE'));
  const chromium = advs.find((a) => a.id === 'CVE-2022-0456')!;
  assert.equal(chromium.affected.find((e) => e.ecosystem === 'debian:11')!.fixedVersion, '98.0.4758.80-1~deb11u1');
  assert.equal(chromium.affected.find((e) => e.ecosystem === 'debian:10')!.status, 'end-of-life');
  assert.equal(chromium.affected.find((e) => e.ecosystem === 'debian:12')!.severity?.level, 'UNKNOWN', "'not yet assigned'");
  const noReleases = advs.find((a) => a.id === 'CVE-2022-0358')!;
  assert.deepEqual(noReleases.affected, [], '"releases": [] is a CVE tracked for no release');
});

test('changelog-derived feed: 6,060 records, bookworm fixed versions, upload urgency kept raw without a level', async () => {
  assert.equal(await debianTrackerReader.detect(DERIVED), true);
  const items = await readAll(debianTrackerReader, DERIVED);
  const advs = advisoriesOf(items);
  assert.equal(advs.length + skippedOf(items).length, 6060);
  assert.equal(skippedOf(items).length, 0);
  const ossl = advs.find((a) => a.id === 'CVE-2024-0727' && a.affected[0]?.package === 'openssl')!;
  assert.equal(ossl.source, 'debian-changelogs');
  assert.deepEqual(ossl.affected, [{ ecosystem: 'debian:12', package: 'openssl', status: 'fixed', fixedVersion: '3.0.13-1~deb12u1', severity: { source: 'debian-changelogs', type: 'vendor', raw: 'medium' } }]);
});

test('a bad record is skipped by name; invalid JSON skips the file with a reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-dt-'));
  const f = join(dir, 'tracker.json');
  writeFileSync(f, JSON.stringify({ zlib: { 'CVE-2022-37434': { releases: { bookworm: { status: 'resolved' } } }, 'CVE-2023-45853': { releases: { bookworm: { status: 'open', urgency: 'low', nodsa_reason: 'ignored' } } } } }));
  const items = await readAll(debianTrackerReader, f);
  assert.deepEqual(skippedOf(items), [{ file: f, record: 'zlib/CVE-2022-37434', reason: 'release bookworm: status "resolved" without fixed_version' }]);
  assert.equal(advisoriesOf(items)[0]!.affected[0]!.status, 'will-not-fix');
  const g = join(dir, 'broken.json');
  writeFileSync(g, '{"zlib": {"CVE-2022-37434": {"releases": {');
  assert.equal(await debianTrackerReader.detect(g), true);
  const bad = skippedOf(await readAll(debianTrackerReader, g));
  assert.equal(bad.length, 1);
  assert.match(bad[0]!.reason, /^invalid JSON/);
});
