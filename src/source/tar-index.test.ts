import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HullscanError } from '../errors.js';
import { tarBuffer } from '../image/fixture-tar.js';
import { indexTar, parseNumber } from './tar-index.js';
import { openImage } from './index.js';
import { gzipSync } from 'node:zlib';
import { CORPUS } from './test-support.js';

test('indexes the outer archive by offset without extracting it', async () => {
  const f = join(CORPUS, 'multi-lang.docker.tar');
  const idx = await indexTar(f, statSync(f).size);
  assert.equal(idx.size, 7);
  const layer = idx.get('ff2bd81d7d03e65bc70ae1997f7e2677a79761f1e87aeef934bf6f1a1670cbc5.tar.gz')!;
  assert.equal(layer.size, 48379142);
  assert.equal(layer.offset % 512, 0);
  assert.equal(idx.get('sha256:92f0caa12d7c1e4249aed214d4f17e6334f5a22729d2f02dbe74d06445a5c6ca')?.size, 2064);
});

test('GNU base-256 sizes (files >= 8 GiB) parse', () => {
  const b = Buffer.alloc(12);
  b[0] = 0x80;
  b.writeUIntBE(10 * 1024 ** 3, 6, 6);
  assert.equal(parseNumber(b, 0, 12), 10 * 1024 ** 3);
});

test('corrupt and truncated outer archives are INPUT errors naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-idx-'));
  try {
    const good = tarBuffer([{ name: 'manifest.json', content: '[]' }, { name: 'big', content: 'x'.repeat(5000) }]);
    const cut = join(dir, 'cut.tar');
    writeFileSync(cut, good.subarray(0, 2048));
    await assert.rejects(indexTar(cut, 2048), (e: HullscanError) => e.code === 'INPUT' && e.message.startsWith(cut) && /runs past the end/.test(e.message));
    const corrupt = Buffer.from(good);
    corrupt[1024 + 10] ^= 0xff; // second header
    const bad = join(dir, 'corrupt.tar');
    writeFileSync(bad, corrupt);
    await assert.rejects(indexTar(bad, corrupt.length), /corrupt tar header at offset 1024/);
    const gz = join(dir, 'img.tar.gz');
    writeFileSync(gz, gzipSync(good));
    await assert.rejects(openImage(gz), (e: HullscanError) => e.code === 'INPUT' && /archive itself is gzip-compressed; decompress it first/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
