// Turning a verified compressed file into the live DB: decompress to a temp file beside the target (bounded by
// the published size, checked against its sha256), open it to check schema and content hash, then rename it over
// the old DB. Readers that have the old file open keep its inode; nothing ever writes into the live file.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { HullscanError } from '../../errors.js';
import { openDb } from '../open.js';
import type { Expected, ProgressFn } from './download.js';
import type { Compression } from './layout.js';

export function tempBeside(target: string, tag: string): string {
  mkdirSync(dirname(target), { recursive: true });
  return join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${Date.now()}.tmp`);
}

export function decompressor(c: Compression) {
  return c === 'br' ? createBrotliDecompress() : createGunzip();
}

/** Decompresses `input` into `dest`, refusing more than `expect.size` bytes and any other sha256. */
export async function decompressTo(input: Readable, c: Compression, dest: string, expect: Expected, subject: string, onProgress?: ProgressFn): Promise<void> {
  const hash = createHash('sha256');
  let n = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > expect.size) { cb(new HullscanError('LIMIT', `decompressed data larger than the published ${expect.size} bytes`, { subject })); return; }
      hash.update(chunk);
      onProgress?.({ phase: 'decompress', name: subject, done: n, total: expect.size });
      cb(null, chunk);
    },
  });
  const out = createWriteStream(dest);
  try {
    await pipeline(input, decompressor(c), guard, out);
  } catch (e) {
    // The file may still be opening when the pipeline fails: remove it only once the stream has closed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    rmSync(dest, { force: true });
    if (e instanceof HullscanError) throw e;
    throw new HullscanError('INPUT', `corrupt compressed data (${(e as Error).message})`, { subject, cause: e });
  }
  const got = hash.digest('hex');
  if (n !== expect.size || got !== expect.sha256) {
    rmSync(dest, { force: true });
    throw new HullscanError('DIGEST', `decompressed database does not match the published size/sha256 (${n} bytes, sha256 ${got})`, { subject });
  }
}

export async function decompressFile(src: string, c: Compression, dest: string, expect: Expected, subject: string, onProgress?: ProgressFn): Promise<void> {
  return decompressTo(createReadStream(src), c, dest, expect, subject, onProgress);
}

/**
 * Checks the DB at `tmp` (opens like a scan would: header, schema major, metadata) and that it carries
 * `contentHash` when given, then renames it over `target`. On any failure `tmp` is deleted and `target` untouched.
 */
export function swapIn(tmp: string, target: string, contentHash: string | undefined, subject: string): void {
  try {
    const h = openDb(tmp);
    let got: string | undefined;
    try { got = h.status().contentHash; } finally { h.close(); }
    if (contentHash && got !== contentHash) {
      throw new HullscanError('DIGEST', `database content hash ${got ?? 'missing'} is not the published ${contentHash}`, { subject });
    }
    const fd = openSync(tmp, 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof HullscanError && e.subject === tmp) throw new HullscanError(e.code, e.message.slice(tmp.length + 2), { subject, cause: e });
    throw e;
  }
  try { // make the rename durable
    const dfd = openSync(dirname(target), 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* some filesystems refuse fsync on a directory */ }
}

/** The local DB's content hash, or undefined when there is no readable DB. */
export function localContentHash(path: string): string | undefined {
  try {
    const h = openDb(path, { anySchema: true });
    try { return h.status().contentHash; } finally { h.close(); }
  } catch {
    return undefined;
  }
}
