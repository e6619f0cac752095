import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { HullscanError } from '../../errors.js';
import { buildDb } from '../build.js';
import { openDb } from '../open.js';
import { startMirror, type TestMirror } from './test-server.js';
import { defaultFeedUrls, parseFeedUrls, updateFromUpstream } from './upstream.js';

const V = '/work/shared/vulndata';
const GO = readdirSync(`${V}/osv/go`).filter((f) => f.endsWith('.json')).sort().slice(0, 20);
const dir = mkdtempSync(join(tmpdir(), 'hullscan-upstream-test-'));
const site = join(dir, 'upstream-site');
let mirror: TestMirror;

before(async () => {
  mkdirSync(join(site, 'Go'), { recursive: true });
  // an osv.dev-style dump: the real records, one zip entry each
  writeFileSync(join(site, 'Go', 'all.zip'), zipSync(Object.fromEntries(GO.map((f) => [f, readFileSync(`${V}/osv/go/${f}`)]))));
  mkdirSync(join(site, 'tracker', 'data'), { recursive: true });
  copyFileSync(`${V}/debian/security-tracker-json-sample.json`, join(site, 'tracker', 'data', 'json'));
  mkdirSync(join(site, 'v3.10'));
  copyFileSync(`${V}/alpine/v3.10/main.yaml`, join(site, 'v3.10', 'main.yaml'));
  copyFileSync(`${V}/kev/known_exploited_vulnerabilities.json`, join(site, 'known_exploited_vulnerabilities.json'));
  writeFileSync(join(site, 'nvdcve-2.0-sample.json.gz'), gzipSync(readFileSync(`${V}/nvd/api-2.0/full-page.json`)));
  writeFileSync(join(site, 'README.txt'), 'not a feed');
  mirror = await startMirror(site);
});
after(() => mirror.stop());

const feedsFor = (url: string) => parseFeedUrls([
  `osv-go=${url}Go/all.zip`, `debian-tracker=${url}tracker/data/json`, `alpine-v3.10-main=${url}v3.10/main.yaml`,
  `kev=${url}known_exploited_vulnerabilities.json`, `nvd-sample=${url}nvdcve-2.0-sample.json.gz`,
]);

test('builds from feeds served over HTTP and gets the same content as building from the files directly', async () => {
  const dbPath = join(dir, 'db', 'hullscan.db');
  const phases = new Set<string>();
  const now = new Date('2025-06-01T00:00:00Z');
  const r = await updateFromUpstream({ dbPath, feeds: feedsFor(mirror.url), now, onProgress: (p) => phases.add(`${p.phase}:${p.name}`) });
  assert.ok(phases.has('download:osv-go') && phases.has('download:kev'));
  const direct = join(site, '..', 'direct');
  mkdirSync(direct);
  mkdirSync(join(direct, 'osv-go'));
  copyFileSync(join(site, 'Go', 'all.zip'), join(direct, 'osv-go', 'all.zip'));
  const expected = await buildDb({ from: [join(direct, 'osv-go'), `${V}/debian/security-tracker-json-sample.json`, `${V}/alpine/v3.10/main.yaml`, `${V}/kev/known_exploited_vulnerabilities.json`, `${V}/nvd/api-2.0/full-page.json`], out: join(dir, 'direct.db'), now });
  assert.equal(r.advisories, expected.advisories);
  assert.equal(r.kev, expected.kev);
  const db = openDb(dbPath);
  try {
    const st = db.status();
    assert.deepEqual(st.sources.map((s) => s.name).sort(), expected.sources.map((s) => s.name).sort());
    assert.ok(db.advisory(GO[0]!.replace('.json', '')), 'an OSV record from the zip');
    assert.ok(db.kev('CVE-2023-4911') || st.kev > 1000, 'KEV loaded');
    assert.ok(st.sources.some((s) => s.format === 'nvd-cve-2.0' && s.records > 0), 'NVD page from .json.gz');
  } finally { db.close(); }
});

test('a feed that fails to download or is not a feed fails the update with one line; the old DB stays', async () => {
  const dbPath = join(dir, 'keep', 'hullscan.db');
  await buildDb({ from: [`${V}/osv/go/${GO[0]}`], out: dbPath });
  const before = readFileSync(dbPath);
  const bad: [Record<string, string>, RegExp][] = [
    [{ ...feedsFor(mirror.url), kev: `${mirror.url}missing.json` }, /feed kev: HTTP 404/],
    [{ ...feedsFor(mirror.url), junk: `${mirror.url}README.txt` }, /no feed reader recognised the download of junk/],
  ];
  for (const [feeds, re] of bad) {
    await assert.rejects(updateFromUpstream({ dbPath, feeds }), (e: unknown) => e instanceof HullscanError && re.test(e.message) && !e.message.includes('\n'));
    assert.deepEqual(readFileSync(dbPath), before);
  }
  await assert.rejects(updateFromUpstream({ dbPath, feeds: feedsFor(mirror.url), offline: true }), /--offline forbids it/);
  assert.deepEqual(readdirSync(join(dbPath, '..')), ['hullscan.db']);
});

test('the defaults are the real upstream URLs; bad --feed-url flags are usage errors', () => {
  const d = defaultFeedUrls(new Date('2025-03-01T00:00:00Z'));
  assert.equal(d['osv-pypi'], 'https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip');
  assert.equal(d['osv-rocky-linux'], 'https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip');
  assert.equal(d['debian-tracker'], 'https://security-tracker.debian.org/tracker/data/json');
  assert.equal(d['nvd-2025'], 'https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-2025.json.gz');
  assert.ok(d.kev && d.epss && d['alpine-v3.20-main']);
  assert.throws(() => parseFeedUrls(['kev']), /name=http/);
  assert.throws(() => parseFeedUrls(['../x=http://a/']), /name=http/);
  assert.throws(() => parseFeedUrls(['kev=file:///etc/passwd']), /name=http/);
});
