import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDb } from '../../vulndb/build.js';

const root = new URL('../../../', import.meta.url).pathname;
const V = '/work/shared/vulndata';

function hullscan(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('db build, then db status with sources, counts and the age warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-cli-db-'));
  const db = join(dir, 'hullscan.db');
  const feeds = join(dir, 'feeds');
  mkdirSync(feeds);
  writeFileSync(join(feeds, 'broken.json'), '{"id": "GO-9999-0001", "affected": [');
  const b = hullscan(['db', 'build', '--from', `${V}/kev`, '--from', `${V}/osv/go/GO-2023-2102.json`, '--from', feeds, '-o', db]);
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /built .*hullscan\.db: 1 advisories, 2 affected entries, KEV 1404, EPSS 0/);
  assert.match(b.err, /^hullscan: warning: skipped .*broken\.json: invalid JSON/m);
  const s = hullscan(['db', 'status', '--db', db]);
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /^schema: +2\.0$/m);
  assert.match(s.out, /^ +kev +2025-08-25 +1404 records/m);
  assert.match(s.out, /^ +osv +no date +0 records .* 1 skipped \(1× invalid JSON/m);
  assert.doesNotMatch(s.out, /warning/);
  const negative = hullscan(['db', 'status', '--db', db, '--max-age', '-1']);
  assert.equal(negative.code, 2);
  assert.match(negative.err, /^hullscan: error: --max-age must be a number of days/);
  const json = JSON.parse(hullscan(['db', 'status', '--db', db, '--json']).out);
  assert.equal(json.kev, 1404);
  assert.equal(json.stale, false);
});

test('db status warns when the DB is older than --max-age (default 7 days); HULLSCAN_DB picks the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-cli-db-'));
  const db = join(dir, 'old.db');
  await buildDb({ from: [`${V}/osv/go/GO-2023-2102.json`], out: db, now: new Date(Date.now() - 10 * 86_400_000) });
  const old = hullscan(['db', 'status'], { HULLSCAN_DB: db });
  assert.equal(old.code, 0);
  assert.match(old.out, /^path: +.*old\.db$/m);
  assert.match(old.out, /^warning: the database is 10 days old \(more than 7\)/m);
  assert.doesNotMatch(hullscan(['db', 'status', '--max-age', '30'], { HULLSCAN_DB: db }).out, /warning/);
});

test('db status on a missing or corrupt DB: exit 2, one line naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-cli-db-'));
  const missing = hullscan(['db', 'status'], { XDG_CACHE_HOME: dir, HULLSCAN_DB: '' });
  assert.equal(missing.code, 2);
  assert.equal(missing.err.trim().split('\n').length, 1);
  assert.match(missing.err, new RegExp(`^hullscan: error: ${dir}/hullscan/db/hullscan\\.db: no vulnerability database here`));
  const junk = join(dir, 'junk.db');
  writeFileSync(junk, 'SQLite format 3\u0000'.padEnd(4096, 'x'));
  const bad = hullscan(['db', 'status', '--db', junk]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^hullscan: error: .*junk\.db: (corrupt or unreadable database|database file is truncated)/);
  assert.equal(bad.err.trim().split('\n').length, 1);
});
