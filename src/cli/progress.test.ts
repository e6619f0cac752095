import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { TtyProgress, stderrProgress } from './progress.js';
import { withProgress } from '../source/progress.js';
import { scanImage } from '../scan.js';
import { haveRegistryTools, startRegistry, type TestRegistry } from '../source/registry/test-registry.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('per-layer lines with bytes done/total, redrawn in place, erased at the end', async () => {
  let out = '';
  const p = new TtyProgress({ write: (s) => { out += s; return true; }, columns: 100 }, 10);
  const a = 'sha256:' + 'a'.repeat(64);
  const b = 'sha256:' + 'b'.repeat(64);
  const counted = withProgress(Readable.from([Buffer.alloc(1_000_000), Buffer.alloc(500_000)]), p, a, 2_000_000);
  for await (const _ of counted) { /* drain */ }
  p.start(b);
  p.advance(b, 3_000_000);
  assert.deepEqual(p.lines(), [
    'aaaaaaaaaaaa [###############.....] 1.5/2.0 MB done',
    'bbbbbbbbbbbb [....................] 3.0 MB',
  ]);
  await sleep(50);
  assert.match(out, /aaaaaaaaaaaa \[###############\.\.\.\.\.\] 1\.5\/2\.0 MB done\x1b\[K\n/);
  const drawn = out.length;
  p.advance(b, 1);
  await sleep(50);
  assert.ok(out.slice(drawn).startsWith('\x1b[2A\x1b[J'), 'redraws over its own lines');
  p.finish();
  assert.ok(out.endsWith('\x1b[2A\x1b[J'), 'erased at the end');
});

test('no display when stderr is not a terminal, or TERM=dumb', () => {
  assert.equal(stderrProgress(new PassThrough() as never, {}), undefined);
  assert.equal(stderrProgress({ isTTY: true, write: () => true } as never, { TERM: 'dumb' }), undefined);
  assert.ok(stderrProgress({ isTTY: true, write: () => true, columns: 80 } as never, { TERM: 'xterm' }) instanceof TtyProgress);
});

describe('the CLI pulling from a real registry', { skip: haveRegistryTools() ?? (spawnSync('sh', ['-c', 'command -v script']).status !== 0 && 'script (util-linux) is not installed') }, () => {
  let reg: TestRegistry;
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-progress-'));
  before(async () => {
    reg = await startRegistry('none');
    await reg.push('oci-archive:/work/shared/corpus/node-app.oci-zstd.tar', 'node-app:1');
  });
  after(async () => { await reg?.stop(); rmSync(dir, { recursive: true, force: true }); });

  const cli = `node --import tsx src/cli/main.ts sbom -f cyclonedx --no-cache --insecure`;

  test('layer downloads run at most `concurrency` at a time, each reported start to done', async () => {
    for (const concurrency of [1, 2]) {
      let inFlight = 0, most = 0, started = 0, finished = 0;
      const recorder = {
        start() { started++; most = Math.max(most, ++inFlight); },
        advance() {},
        done() { finished++; inFlight--; },
        finish() {},
      };
      await scanImage(`registry:${reg.host}/node-app:1`, { skipMatch: true, insecure: [reg.host], progress: recorder, concurrency });
      assert.equal(started, 5);
      assert.equal(finished, 5);
      assert.ok(most >= 1 && most <= concurrency, `${most} downloads at once with concurrency ${concurrency}`);
    }
  });

  test('piped stderr: no progress and no escape codes', async () => {
    const run = spawnSync('sh', ['-c', `${cli} ${reg.host} registry:${reg.host}/node-app:1 > ${dir}/piped.json`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /\x1b|MB/);
    assert.ok(JSON.parse(readFileSync(join(dir, 'piped.json'), 'utf8')));
  });

  test('stderr on a terminal (script gives a pty): per-layer progress, then erased', async () => {
    const tty = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('script', ['-qec', `${cli} ${reg.host} registry:${reg.host}/node-app:1 > ${dir}/tty.json`, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d) => { out += d; });
      p.on('close', (code) => resolve({ code, out }));
    });
    assert.equal(tty.code, 0, tty.out);
    assert.match(tty.out, /[0-9a-f]{12} \[[#.]{20}\] [\d.]+\/[\d.]+ MB/);
    assert.match(tty.out, /\x1b\[\d+A\x1b\[J/);
    assert.ok(tty.out.endsWith('\x1b[J') || /\x1b\[\d+A\x1b\[J(\r?\n)?$/.test(tty.out), 'the display is erased before exit');
    const components = (f: string) => (JSON.parse(readFileSync(join(dir, f), 'utf8')).components ?? []).length;
    assert.ok(components('piped.json') > 10);
    assert.equal(components('tty.json'), components('piped.json'));
  });
});
