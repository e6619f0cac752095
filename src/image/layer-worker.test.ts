import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readOnWorker, WorkerReadError } from './layer-worker.js';

// Compressible and incompressible parts, over several 1 MiB slots.
const DATA = Buffer.concat([randomBytes(1_500_000), Buffer.alloc(2_500_000, 'tar '), randomBytes(4321)]);
const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

function chunked(b: Buffer, size: number): Readable {
  return Readable.from((function* () { for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size); })());
}

async function read(input: Buffer, compression: 'gzip' | 'none', chunk = 65536, limit = 1e9): Promise<{ out: Buffer; r: Awaited<ReturnType<typeof readOnWorker>> }> {
  const parts: Buffer[] = [];
  const r = await readOnWorker(chunked(input, chunk), compression, limit, (c) => parts.push(Buffer.from(c)));
  return { out: Buffer.concat(parts), r };
}

test('gzip (GNU gzip output, multi-member) and plain tar bytes arrive whole, in order, with their sha256', async () => {
  const gnu = execFileSync('gzip', ['-c', '-6'], { input: DATA, maxBuffer: 1 << 26 });
  const members = Buffer.concat([gzipSync(DATA.subarray(0, 1_000_000)), gzipSync(DATA.subarray(1_000_000))]);
  for (const [input, compression, chunk] of [[gnu, 'gzip', 3 << 20], [members, 'gzip', 65536], [DATA, 'none', 1_000_003]] as const) {
    const { out, r } = await read(input, compression, chunk);
    assert.ok(out.equals(DATA), `${compression} chunk ${chunk}`);
    assert.equal(r.bytes, DATA.length);
    assert.equal(r.digest, sha(DATA));
    assert.equal(r.inputBytes, input.length);
  }
  assert.ok(gunzipSync(members).equals(DATA)); // the oracle agrees on what multi-member means
  // One byte at a time (a short stream: one message per byte).
  const { out } = await read(gzipSync(DATA.subarray(0, 50_000)), 'gzip', 1);
  assert.ok(out.equals(DATA.subarray(0, 50_000)));
});

test('truncated and corrupt gzip fail with zlib\'s own codes; trailing zeros are ignored as by Node\'s gunzip', async () => {
  const gz = gzipSync(DATA);
  await assert.rejects(read(gz.subarray(0, gz.length - 100), 'gzip'), (e: unknown) => e instanceof WorkerReadError && e.code === 'Z_BUF_ERROR' && /unexpected end/.test(e.message));
  const bad = Buffer.from(gz);
  bad[2000] = bad[2000]! ^ 0x5a;
  await assert.rejects(read(bad, 'gzip'), (e: unknown) => e instanceof WorkerReadError && e.code === 'Z_DATA_ERROR');
  await assert.rejects(read(Buffer.concat([gz, Buffer.from('garbage')]), 'gzip'), (e: unknown) => e instanceof WorkerReadError && e.code === 'Z_DATA_ERROR');
  const { out } = await read(Buffer.concat([gz, Buffer.alloc(1000)]), 'gzip');
  assert.ok(out.equals(DATA));
});

test('the size limit stops the worker; an exception in onData stops the read with that exception', async () => {
  await assert.rejects(read(gzipSync(DATA), 'gzip', 65536, 2_000_000), (e: unknown) => e instanceof WorkerReadError && e.limit);
  const boom = new Error('parser says no');
  let calls = 0;
  await assert.rejects(readOnWorker(chunked(gzipSync(DATA), 65536), 'gzip', 1e9, () => { if (++calls === 2) throw boom; }), (e) => e === boom);
  assert.equal(calls, 2);
  // A failed read never poisons the next one (its worker was discarded).
  const { out } = await read(gzipSync(DATA), 'gzip');
  assert.ok(out.equals(DATA));
});

test('a source error ends the read with that error', async () => {
  const failing = new Readable({ read() { this.destroy(new Error('disk gone')); } });
  await assert.rejects(readOnWorker(failing, 'gzip', 1e9, () => {}), /disk gone/);
});

test('parallel reads on separate workers do not mix their bytes', async () => {
  const a = randomBytes(3_000_000);
  const b = Buffer.alloc(3_000_000, 'b');
  const [ra, rb] = await Promise.all([read(gzipSync(a), 'gzip'), read(gzipSync(b), 'gzip', 100_000)]);
  assert.ok(ra.out.equals(a));
  assert.ok(rb.out.equals(b));
});
