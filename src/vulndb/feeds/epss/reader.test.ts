import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readAll, skippedOf } from '../files.js';
import { epssReader } from './reader.js';

const CSV = new URL('./testdata/epss_scores-synthetic.csv', import.meta.url).pathname; // synthetic, see testdata/README.md

test('EPSS CSV (synthetic, real format): scores with the score date; a bad row is a named skip', async () => {
  assert.equal(await epssReader.detect(CSV), true);
  const items = await readAll(epssReader, CSV);
  const scores = items.flatMap((i) => (i.kind === 'epss' ? [i.epss] : []));
  assert.deepEqual(scores[0], { cve: 'CVE-2023-4911', score: 0.77123, percentile: 0.98912, date: '2025-08-25' });
  assert.equal(scores.length, 3);
  assert.deepEqual(skippedOf(items).map((s) => s.record), ['line 6']);
});

test('gzipped EPSS file as FIRST publishes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-epss-'));
  const gz = join(dir, 'epss_scores-2025-08-25.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(CSV)));
  assert.equal(await epssReader.detect(gz), true);
  assert.equal((await readAll(epssReader, gz)).filter((i) => i.kind === 'epss').length, 3);
});
