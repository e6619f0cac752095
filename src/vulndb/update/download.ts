// Resumable download of one published file into a `.partial` file: an HTTP Range request continues where an
// interrupted run stopped; a server that ignores Range gets a fresh start. The result is checked against the
// size and sha256 the metadata names, and a file that fails the check is deleted (the next run starts over).
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { HullscanError } from '../../errors.js';
import { sha256File } from './layout.js';

export interface Progress { phase: 'download' | 'decompress' | 'apply' | 'verify'; name: string; done: number; total: number }
export type ProgressFn = (p: Progress) => void;

let agent: Dispatcher | undefined;
/** No content decoding (the bytes must hash as published), bounded waits, a few redirects. */
function dispatcher(): Dispatcher {
  agent ??= new Agent({ headersTimeout: 30_000, bodyTimeout: 30_000, connect: { timeout: 15_000 } }).compose(interceptors.redirect({ maxRedirections: 5 }));
  return agent;
}

/** GETs a small file (metadata), refusing more than `limit` bytes. */
export async function fetchSmall(url: string, limit: number): Promise<Buffer> {
  let res: Dispatcher.ResponseData;
  try { res = await request(url, { dispatcher: dispatcher(), headers: { 'accept-encoding': 'identity' } }); } catch (e) {
    throw new HullscanError('NETWORK', `cannot fetch (${(e as Error).message})`, { subject: url });
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new HullscanError(res.statusCode === 404 ? 'NOT_FOUND' : 'NETWORK', `HTTP ${res.statusCode}`, { subject: url });
  }
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of res.body) {
      n += (c as Buffer).length;
      if (n > limit) { res.body.destroy(); throw new HullscanError('LIMIT', `larger than ${limit} bytes`, { subject: url }); }
      chunks.push(c as Buffer);
    }
  } catch (e) {
    if (e instanceof HullscanError) throw e;
    throw new HullscanError('NETWORK', `download interrupted (${(e as Error).message})`, { subject: url });
  }
  return Buffer.concat(chunks);
}

export interface Expected { size: number; sha256: string }

function sizeOf(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

/** Downloads `url` into `partial` (resuming what is there) and checks it; on return `partial` holds the verified file. */
export async function downloadResumable(url: string, partial: string, expect: Expected, onProgress?: ProgressFn, name = url): Promise<{ resumedFrom: number; fetched: number }> {
  let have = sizeOf(partial);
  if (have > expect.size) { rmSync(partial, { force: true }); have = 0; }
  if (have === expect.size) {
    if ((await sha256File(partial)) === expect.sha256) return { resumedFrom: have, fetched: 0 };
    rmSync(partial, { force: true }); have = 0;
  }
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (have > 0) headers.range = `bytes=${have}-`;
  let res: Dispatcher.ResponseData;
  try { res = await request(url, { dispatcher: dispatcher(), headers }); } catch (e) {
    throw new HullscanError('NETWORK', `cannot fetch (${(e as Error).message})`, { subject: url });
  }
  const range = String(res.headers['content-range'] ?? '');
  if (have > 0 && res.statusCode === 206 && range.startsWith(`bytes ${have}-`)) {
    // resume: append
  } else if (res.statusCode === 200) {
    have = 0; // the server ignored Range (or there was nothing to resume): start over
  } else {
    await res.body.dump();
    if (res.statusCode === 416 || res.statusCode === 206) rmSync(partial, { force: true }); // our partial no longer fits the server's file
    throw new HullscanError(res.statusCode === 404 ? 'NOT_FOUND' : 'NETWORK', `HTTP ${res.statusCode}`, { subject: url });
  }
  const resumedFrom = have;
  const fd = openSync(partial, have > 0 ? 'a' : 'w');
  let done = have;
  try {
    for await (const chunk of res.body) {
      const c = chunk as Buffer;
      if (done + c.length > expect.size) {
        res.body.destroy();
        closeSync(fd); rmSync(partial, { force: true });
        throw new HullscanError('DIGEST', `server sent more than the published ${expect.size} bytes`, { subject: url });
      }
      writeSync(fd, c);
      done += c.length;
      onProgress?.({ phase: 'download', name, done, total: expect.size });
    }
  } catch (e) {
    if (e instanceof HullscanError) throw e;
    throw new HullscanError('NETWORK', `download interrupted after ${done} of ${expect.size} bytes (${(e as Error).message}); run the update again to resume`, { subject: url });
  } finally {
    try { closeSync(fd); } catch { /* closed above */ }
  }
  if (done !== expect.size) {
    throw new HullscanError('NETWORK', `download interrupted after ${done} of ${expect.size} bytes; run the update again to resume`, { subject: url });
  }
  const got = await sha256File(partial);
  if (got !== expect.sha256) {
    rmSync(partial, { force: true });
    throw new HullscanError('DIGEST', `sha256 mismatch: expected ${expect.sha256}, got ${got}`, { subject: url });
  }
  return { resumedFrom, fetched: done - resumedFrom };
}
