import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { decompressor, detectCompression, peek, zstdCli } from './decompress.js';
import { tarBuffer } from './fixture-tar.js';

async function run(kind: 'gzip' | 'zstd', data: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  const chunks = function* () { for (let i = 0; i < data.length; i += 1000) yield data.subarray(i, i + 1000); };
  await pipeline(Readable.from(chunks()), decompressor(kind)!, new Writable({ write(c, _e, cb) { out.push(c); cb(); } }));
  return Buffer.concat(out);
}

test('compression from magic bytes, not names', () => {
  assert.equal(detectCompression(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip');
  assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
  assert.equal(detectCompression(tarBuffer([{ name: 'a', content: 'b' }]).subarray(0, 4)), 'none');
  assert.equal(detectCompression(Buffer.alloc(0)), 'none');
});

test('peek puts the bytes back', async () => {
  const s = Readable.from([Buffer.from('ab'), Buffer.from('cdef')], { objectMode: false });
  const head = await peek(s, 4);
  assert.ok(head.length >= 4);
  const all: Buffer[] = [];
  for await (const c of s) all.push(c);
  assert.equal(Buffer.concat(all).toString(), 'abcdef');
});

test('gzip: whole stream ok, truncated stream fails with unexpected end', async () => {
  const tar = tarBuffer([{ name: 'x', content: 'y'.repeat(100000) }]);
  const gz = gzipSync(tar);
  assert.deepEqual(await run('gzip', gz), tar);
  await assert.rejects(run('gzip', gz.subarray(0, gz.length >> 1)), /unexpected end of file/);
});

test('zstd: the zstd command and the fzstd fallback decode the same bytes, and both reject truncation', async (t) => {
  if (!zstdCli()) return t.skip('zstd command not installed (apt-get install zstd)');
  const tar = tarBuffer(Array.from({ length: 200 }, (_, i) => ({ name: `f${i}`, content: `content ${i} `.repeat(500) })));
  const zst = execFileSync('zstd', ['-q', '-c', '-19'], { input: tar });
  for (const mode of ['cli', 'js']) {
    const prev = process.env.HULLSCAN_ZSTD;
    if (mode === 'js') process.env.HULLSCAN_ZSTD = 'js';
    try {
      assert.deepEqual(await run('zstd', zst), tar, mode);
      await assert.rejects(run('zstd', zst.subarray(0, zst.length - 100)), /unexpected end of data/, mode);
    } finally {
      if (prev === undefined) delete process.env.HULLSCAN_ZSTD; else process.env.HULLSCAN_ZSTD = prev;
    }
  }
});
