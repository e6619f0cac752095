import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDb } from '../build.js';
import { openDb } from '../open.js';
import { swapIn, tempBeside } from './install.js';
import { publishDb } from './publish.js';
import { startMirror } from './test-server.js';
import { updateDb } from './update.js';

const V = '/work/shared/vulndata';
const openTs = new URL('../open.ts', import.meta.url).pathname;

// Each reader opens the DB afresh in a loop (as new scans do) and also keeps one handle opened at the start
// (a long scan), looking up a package both DBs carry; any exception or empty answer is a failure.
const READER = `
import { existsSync } from 'node:fs';
import { openDb } from ${JSON.stringify(openTs)};
const [path, stop] = process.argv.slice(2);
const longLived = openDb(path);
process.stderr.write('ready\\n');
let rounds = 0, failures = [];
const check = (db, what) => {
  const rows = db.lookup('Go', 'github.com/revel/revel');
  if (!rows.length || !rows.some((r) => r.advisoryId === 'GO-2020-0003')) failures.push(what + ': no rows');
  if (!db.advisory('GO-2020-0003')) failures.push(what + ': no advisory');
};
while (!existsSync(stop)) {
  try {
    const db = openDb(path);
    try { check(db, 'fresh'); } finally { db.close(); }
    check(longLived, 'long-lived');
  } catch (e) { failures.push(String(e && e.message)); }
  rounds++;
  await new Promise((r) => setImmediate(r));
}
longLived.close();
process.stdout.write(JSON.stringify({ rounds, failures: failures.slice(0, 5), failed: failures.length }));
`;

test('readers in several processes never fail while updates swap the DB under them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-concurrency-'));
  const a = join(dir, 'a.db'), b = join(dir, 'b.db'), live = join(dir, 'hullscan.db'), stop = join(dir, 'stop');
  await buildDb({ from: [`${V}/osv/go/GO-2020-0001.json`, `${V}/osv/go/GO-2020-0003.json`], out: a });
  await buildDb({ from: [`${V}/osv/go/GO-2020-0003.json`, `${V}/osv/go/GO-2020-0004.json`, `${V}/kev`], out: b });
  await publishDb({ db: b, outDir: join(dir, 'pub') });
  const mirror = await startMirror(join(dir, 'pub'));
  copyFileSync(a, live);
  const script = join(dir, 'reader.mts');
  writeFileSync(script, READER);
  const readyAll: Promise<void>[] = [];
  const readers = [0, 1, 2].map(() => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, live, stop], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    const ready = new Promise<void>((r) => child.stderr.on('data', (d) => { err += d; if (err.includes('ready')) r(); }));
    readyAll.push(Promise.race([ready, new Promise<void>((r) => child.on('close', () => r()))]));
    return new Promise<{ rounds: number; failed: number; failures: string[]; err: string }>((resolve) => child.on('close', () => resolve({ ...JSON.parse(out || '{"rounds":0,"failed":-1,"failures":[]}'), err })));
  });
  try {
    await Promise.all(readyAll); // readers up and looping
    let swaps = 0;
    for (let i = 0; i < 6; i++) {
      // a real update (full download) to b, then a swap back to a, over and over
      copyFileSync(a, live + '.x'); // unrelated file beside the DB must not matter
      const r = await updateDb({ dbPath: live, urls: [mirror.url], noDelta: true });
      assert.equal(r.action, 'full');
      const tmp = tempBeside(live, 'test');
      copyFileSync(a, tmp);
      swapIn(tmp, live, undefined, 'a.db');
      swaps += 2;
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.equal(swaps, 12);
  } finally {
    writeFileSync(stop, '');
    await mirror.stop();
  }
  const results = await Promise.all(readers);
  for (const r of results) {
    assert.equal(r.failed, 0, `reader failures: ${r.failures.join('; ')} ${r.err}`);
    assert.ok(r.rounds > 10, `a reader ran only ${r.rounds} rounds`);
  }
  assert.ok(existsSync(live));
  const h = openDb(live); h.close();
});
