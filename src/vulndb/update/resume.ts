// Continuing a `.partial` file from a ranged response, for a source whose requests are not plain URLs (the OCI
// registry's blob GET, with its auth and redirects); the rules are those of `downloadResumable`: append on a 206
// that starts where the partial ends, start over on a 200 (Range ignored somewhere on the way), and check size and
// sha256 over the whole file at the end. An interrupted partial is kept for the next run; one that fails the check
// is deleted, so the next run starts clean.
import { closeSync, openSync, writeSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { HullscanError } from '../../errors.js';
import type { Expected, ProgressFn } from './download.js';
import { sha256File } from './layout.js';

/** What a source answered to a request for the bytes from `from` on. */
export interface RangedBody {
  status: number;
  /** The Content-Range header of a 206 (`bytes <first>-<last>/<total>`). */
  contentRange?: string;
  body: Readable;
}

/** Stops reading a body we will not use; its abort error has nobody else to go to (it would crash the process). */
function abandon(body: Readable): void {
  body.on('error', () => { /* expected: we aborted it */ });
  body.destroy();
}

export interface ResumeResult {
  /** Bytes kept from an earlier run (0 on a fresh start, or when the source ignored Range). */
  resumedFrom: number;
  /** Bytes received in this run. */
  fetched: number;
}

async function sizeOf(path: string): Promise<number> {
  try { return (await stat(path)).size; } catch { return 0; }
}

/** `bytes 100-199/200` → { first: 100, total: 200 } (total undefined for `*`). */
function parseContentRange(header: string | undefined): { first: number; total?: number } | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  return m ? { first: Number(m[1]), ...(m[2] !== '*' ? { total: Number(m[2]) } : {}) } : undefined;
}

/**
 * Brings `partial` to the `expect`ed file, asking `request(from)` for the bytes it lacks; on return `partial`
 * holds exactly the verified file. Errors are HullscanErrors about `subject`.
 */
export async function resumePartial(partial: string, expect: Expected, request: (from: number) => Promise<RangedBody>, subject: string, onProgress?: ProgressFn, name = subject): Promise<ResumeResult> {
  const discard = () => rm(partial, { force: true });
  let have = await sizeOf(partial);
  if (have > expect.size) { await discard(); have = 0; }
  if (have === expect.size) {
    // a run that stopped between download and install: no need to ask the source again
    if ((await sha256File(partial)) === expect.sha256) return { resumedFrom: have, fetched: 0 };
    await discard(); have = 0;
  }
  const res = await request(have);
  const range = parseContentRange(res.contentRange);
  if (res.status === 206 && range?.first === have && (range.total === undefined || range.total === expect.size)) {
    // the source continues where the partial ends: append
  } else if (res.status === 200) {
    have = 0; // the source (or a redirect target) ignored Range: start over
  } else {
    abandon(res.body);
    await discard(); // the source's file no longer fits the partial (or the published size)
    const what = res.status === 206 ? `answered ${res.contentRange ?? '206 without a Content-Range'} to a request from byte ${have} of ${expect.size}` : `answered HTTP ${res.status} to a request from byte ${have}`;
    throw new HullscanError('NETWORK', `${what}; partial download discarded, run the update again`, { subject });
  }
  const resumedFrom = have;
  let done = have;
  const fd = openSync(partial, have > 0 ? 'a' : 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: HullscanError) => { abandon(res.body); reject(e); };
      // Flowing mode and synchronous writes: every byte received is on disk before the next arrives, so a
      // connection that drops loses nothing that reached us (a paused stream's buffer is dropped on error).
      res.body.on('data', (chunk: Buffer) => {
        if (done + chunk.length > expect.size) { fail(new HullscanError('DIGEST', `source sent more than the published ${expect.size} bytes`, { subject })); return; }
        try { for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off); } catch (e) { fail(new HullscanError('INPUT', `cannot write ${partial} (${(e as Error).message})`, { subject })); return; }
        done += chunk.length;
        onProgress?.({ phase: 'download', name, done, total: expect.size });
      });
      const interrupted = (e: Error) => reject(new HullscanError('NETWORK', `download interrupted after ${done} of ${expect.size} bytes (${String(e.message).split('\n')[0]}); run the update again to resume`, { subject }));
      // a body that failed before we listened would never emit again: never wait for it
      if (res.body.destroyed) { if (res.body.errored) interrupted(res.body.errored); else resolve(); return; }
      res.body.once('error', interrupted);
      res.body.once('close', () => resolve()); // after 'end', or after an abort without an error (caught below by the size)
    });
  } catch (e) {
    closeSync(fd);
    if ((e as HullscanError).code !== 'NETWORK') await discard(); // bytes we cannot trust or could not write
    throw e;
  }
  closeSync(fd);
  if (done !== expect.size) {
    throw new HullscanError('NETWORK', `download interrupted after ${done} of ${expect.size} bytes; run the update again to resume`, { subject });
  }
  const got = await sha256File(partial);
  if (got !== expect.sha256) {
    await discard();
    throw new HullscanError('DIGEST', `sha256 mismatch: expected ${expect.sha256}, got ${got}${resumedFrom ? ` (resumed from byte ${resumedFrom})` : ''}; partial download discarded, run the update again`, { subject });
  }
  return { resumedFrom, fetched: done - resumedFrom };
}
