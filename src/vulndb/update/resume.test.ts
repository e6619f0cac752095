// resumePartial against a real HTTP server on 127.0.0.1 that misbehaves on purpose in the ways the registry test
// (oci.test.ts) cannot provoke from a well-behaved registry: a 206 that starts elsewhere or names another total,
// a body longer than published, a 416, a partial longer than the file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { HullscanError } from '../../errors.js';
import { resumePartial, type RangedBody } from './resume.js';

type Mode = 'honest' | 'wrong-start' | 'wrong-total' | 'too-long' | '416';
const blob = randomBytes(50_000);
const expect = { size: blob.length, sha256: createHash('sha256').update(blob).digest('hex') };
const dir = mkdtempSync(join(tmpdir(), 'hullscan-resume-'));
let server: Server;
let base = '';
const seen: (string | undefined)[] = [];

before(async () => {
  server = createServer((req, res) => {
    const mode = (req.url ?? '/').slice(1) as Mode;
    seen.push(req.headers.range);
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (mode === '416') { res.writeHead(416, { 'content-range': `bytes */${blob.length}` }).end(); return; }
    if (mode === 'too-long') { const body = Buffer.concat([blob, Buffer.from('extra')]); res.writeHead(200, { 'content-length': body.length }).end(body); return; }
    if (!from) { res.writeHead(200, { 'content-length': blob.length }).end(blob); return; }
    const start = mode === 'wrong-start' ? 0 : from;
    const total = mode === 'wrong-total' ? blob.length + 1 : blob.length;
    const body = blob.subarray(start);
    res.writeHead(206, { 'content-range': `bytes ${start}-${blob.length - 1}/${total}`, 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const requester = (mode: Mode) => async (from: number): Promise<RangedBody> => {
  const res = await request(`${base}${mode}`, { headers: from > 0 ? { range: `bytes=${from}-` } : {} });
  const contentRange = res.headers['content-range'];
  return { status: res.statusCode, ...(typeof contentRange === 'string' ? { contentRange } : {}), body: res.body };
};

async function oneLineError(p: Promise<unknown>, code: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof HullscanError && e.code === code && re.test(e.message) && !e.message.includes('\n'));
}

test('an honest 206 appends to the partial; the result is the verified file', async () => {
  const partial = join(dir, 'honest.partial');
  writeFileSync(partial, blob.subarray(0, 20_000));
  const done: number[] = [];
  assert.deepEqual(await resumePartial(partial, expect, requester('honest'), 'x', (p) => done.push(p.done)), { resumedFrom: 20_000, fetched: 30_000 });
  assert.ok(done[0]! > 20_000 && done.at(-1) === blob.length, 'progress counts from the resumed offset');
  assert.deepEqual(readFileSync(partial), blob);
});

test('a 206 that starts elsewhere or names another total, and a 416, discard the partial with one line', async () => {
  for (const [mode, re] of [['wrong-start', /answered bytes 0-49999\/50000 to a request from byte 20000 of 50000; partial download discarded/], ['wrong-total', /answered bytes 20000-49999\/50001/], ['416', /answered HTTP 416 to a request from byte 20000/]] as const) {
    const partial = join(dir, `${mode}.partial`);
    writeFileSync(partial, blob.subarray(0, 20_000));
    await oneLineError(resumePartial(partial, expect, requester(mode), `src/${mode}`), 'NETWORK', new RegExp(`^src/${mode}: ${re.source}`));
    assert.equal(existsSync(partial), false, mode);
  }
});

test('a body longer than published is cut off and the partial discarded; a partial longer than the file starts over', async () => {
  const partial = join(dir, 'long.partial');
  await oneLineError(resumePartial(partial, expect, requester('too-long'), 'src'), 'DIGEST', /^src: source sent more than the published 50000 bytes$/);
  assert.equal(existsSync(partial), false);
  writeFileSync(partial, Buffer.concat([blob, blob]));
  const before = seen.length;
  assert.deepEqual(await resumePartial(partial, expect, requester('honest'), 'src'), { resumedFrom: 0, fetched: blob.length });
  assert.deepEqual(seen.slice(before), [undefined]); // no Range asked for bytes it would not keep
  assert.deepEqual(readFileSync(partial), blob);
});
