import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { scanImage } from '../../scan.js';
import { formatInspect } from './inspect.js';

const CORPUS = '/work/shared/corpus';
const MULTIARCH_INDEX = 'sha256:429241e0395cec113e1b223d5b7ac66c26d8cbbeb61c1a51d97cddeaaf7b473e';

function inspect(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inspect', ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('layers are numbered "N of M" from the base, as in every report, with the short diffID; build steps redacted', async () => {
  const [r] = await scanImage(`${CORPUS}/node-app.oci-zstd.tar`, { scanners: [] });
  const out = formatInspect(r!.inventory);
  const layerLines = out.split('\n').filter((l) => /^ {2}\d/.test(l));
  assert.deepEqual(layerLines.map((l) => l.trim().split(/\s{2,}/)[0]), ['1 of 5', '2 of 5', '3 of 5', '4 of 5', '5 of 5']);
  assert.match(layerLines[3]!, /^ {2}4 of 5 +1\.9 kB {2}sha256:673d607d7164 {2}COPY secrets\/ \/ # buildkit$/);
  assert.match(out, /^layers: {7}5$/m);
  assert.doesNotMatch(out, /index digest:/, 'a single-platform layout has no index');
  assert.match(out, /^env: {10}PATH, NODE_ENV, DB_PASSWORD$/m);
  assert.doesNotMatch(out, /hunter2/);
});

test('inspect of a multi-platform image prints the index digest for each platform; --json carries it, with secrets masked', () => {
  const out = inspect(`${CORPUS}/multiarch-index.oci.tar`, '--platform', 'all');
  const blocks = out.split(/\n\n/).filter((b) => b.trim());
  assert.equal(blocks.length, 2);
  for (const [block, platform] of [[blocks[0]!, 'linux/amd64'], [blocks[1]!, 'linux/arm64/v8']]) {
    assert.match(block, new RegExp(`^platform: {5}${platform}$`, 'm'));
    assert.match(block, new RegExp(`^digest: {7}sha256:[0-9a-f]{64}\\nindex digest: ${MULTIARCH_INDEX}$`, 'm'));
    assert.match(block, /^ {2}1 of 1 +[\d.]+ kB {2}sha256:[0-9a-f]{12} {2}COPY rootfs-(amd|arm)64\/ \/ # buildkit$/m);
  }

  const json = JSON.parse(inspect(`${CORPUS}/multiarch-index.oci.tar`, '--platform', 'linux/arm64', '--json'));
  assert.deepEqual(json.map((i: { indexDigest: string; platform: string }) => [i.platform, i.indexDigest]), [['linux/arm64/v8', MULTIARCH_INDEX]]);
  const app = JSON.parse(inspect(`${CORPUS}/node-app.oci-zstd.tar`, '--json'));
  assert.equal(app[0].indexDigest, undefined);
  assert.ok(app[0].env.includes('DB_PASSWORD=*****'), app[0].env.join(' '));
  assert.ok(app[0].history.some((h: { createdBy?: string }) => h.createdBy === 'ENV NODE_ENV=production DB_PASSWORD=*****'));
  assert.doesNotMatch(JSON.stringify(app), /hunter2/);
});
