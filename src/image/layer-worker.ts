// Decompress and hash a layer on a worker thread and hand the tar bytes to the main thread through a
// fixed shared ring of slots. Why: the main thread then allocates no buffer per megabyte of layer.
// Node's gunzip allocates a fresh 1 MiB output buffer per chunk; in a process that has loaded the
// whole scanner, V8 counts those short-lived buffers against a small old-generation limit and runs
// a full mark-compact every ~16 MB (about 50 per GB, over a second of CPU). The worker's own heap is
// small and fresh, so there they cost nothing, and the diffID hash moves off the main thread too.
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Bytes per slot: one gunzip output chunk. */
const SLOT_BYTES = 1024 * 1024;
/** Slots per worker: enough to keep the decompressor busy while the main thread parses. */
const SLOTS = 4;
/** Input slots: compressed bytes copied ahead of what the decompressor has consumed. */
const INPUT_SLOT_BYTES = 1024 * 1024;
const INPUT_SLOTS = 3;
/** Idle workers kept for the next layer (startup costs ~20 ms), and for how long. */
const MAX_IDLE = 4;
const IDLE_MS = 5000;

// Plain JavaScript, evaluated in the worker: no loader or compile step is needed there.
// Gunzip runs synchronously on the worker thread through the zlib handle's writeSync (the call
// Node's own zlib.gunzipSync makes), writing straight into the shared slots: no output buffer is
// ever allocated, so the worker's memory stays flat. Multi-member gzip and the error reports
// ('unexpected end of file', Z_DATA_ERROR ...) are those of Node's gunzip, since it is the same handle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const SLOT = workerData.slotBytes;
const IN_SLOT = workerData.inSlotBytes;
const ring = Buffer.from(workerData.ring);
const inRing = Buffer.from(workerData.inRing);
const { Z_NO_FLUSH, Z_FINISH } = zlib.constants;
const EMPTY = Buffer.alloc(0);
const fileBuf = Buffer.allocUnsafe(IN_SLOT);   // reused for every read of a blob file
let job;
parentPort.on('message', (m) => {
  if (m.t === 'start') return start(m);
  if (!job || m.job !== job.id || job.stopped) return;
  if (m.t === 'in') job.input.push({ buf: inRing, start: m.slot * IN_SLOT, len: m.len, slot: m.slot });
  else if (m.t === 'end') job.inputEnded = true;
  else if (m.t === 'free') job.free.push(m.slot);
  pump();
});
function start(m) {
  let gunzip;
  if (m.compression === 'gzip') {
    const g = zlib.createGunzip();
    gunzip = { handle: g._handle, state: g._writeState, error: undefined, stream: g };
    gunzip.handle.onerror = (message, errno, code) => { gunzip.error = { message, code }; };
  }
  job = { id: m.job, limit: m.limit, gunzip, hash: createHash('sha256'), bytes: 0, input: [], inOff: 0,
    inputEnded: false, free: Array.from({ length: workerData.slots }, (_, i) => i), slot: -1, fill: 0, stopped: false };
  if (m.file) {
    try {
      job.file = { fd: fs.openSync(m.file.path, 'r'), pos: m.file.offset, end: m.file.offset + m.file.size, hash: createHash('sha256'), read: 0 };
    } catch (e) { return stop({ t: 'error', job: job.id, message: String(e && e.message), code: e && e.code }); }
    pump();
  }
}
/** File input: read the next block of the blob into the reused buffer, hashing it (the blob digest). */
function readFile(j) {
  const f = j.file;
  const n = f.pos < f.end ? fs.readSync(f.fd, fileBuf, 0, Math.min(IN_SLOT, f.end - f.pos), f.pos) : 0;
  if (n === 0) { j.inputEnded = true; closeFile(j); return; }
  f.pos += n;
  f.read += n;
  f.hash.update(fileBuf.subarray(0, n));
  j.input.push({ buf: fileBuf, start: 0, len: n, slot: -1 });
}
function closeFile(j) { if (j.file && j.file.fd >= 0) { fs.closeSync(j.file.fd); j.file.fd = -1; } }
function stop(msg) { job.stopped = true; if (msg.t !== 'done') closeFile(job); parentPort.postMessage(msg); }
/** Hand the current slot to the main thread. */
function flushSlot() {
  if (job.slot < 0 || job.fill === 0) return;
  parentPort.postMessage({ t: 'data', job: job.id, slot: job.slot, len: job.fill });
  job.slot = -1;
  job.fill = 0;
}
/** Account for n new bytes at the end of the current slot; false when over the size limit. */
function produced(n) {
  if (n === 0) return true;
  job.bytes += n;
  if (job.bytes > job.limit) { stop({ t: 'limit', job: job.id }); return false; }
  const at = job.slot * SLOT + job.fill;
  job.hash.update(ring.subarray(at, at + n));
  job.fill += n;
  if (job.fill === SLOT) flushSlot();
  return true;
}
function pump() {
  const j = job;
  while (!j.stopped) {
    if (j.slot < 0) {
      if (!j.free.length) return;           // wait for the main thread to free a slot
      j.slot = j.free.shift();
    }
    const out = j.slot * SLOT + j.fill;
    const room = SLOT - j.fill;
    if (!j.input.length && j.file && !j.inputEnded) {
      try { readFile(j); } catch (e) { return stop({ t: 'error', job: j.id, message: String(e && e.message), code: e && e.code }); }
      continue;
    }
    const input = j.input[0];
    if (input) {
      const at = input.start + j.inOff;
      const left = input.len - j.inOff;
      if (!j.gunzip) {
        const n = Math.min(left, room);
        ring.set(input.buf.subarray(at, at + n), out);
        j.inOff += n;
        if (!produced(n)) return;
      } else {
        const g = j.gunzip;
        g.handle.writeSync(Z_NO_FLUSH, input.buf, at, left, ring, out, room);
        if (g.error) return stop({ t: 'error', job: j.id, message: g.error.message, code: g.error.code });
        j.inOff += left - g.state[1];
        if (!produced(room - g.state[0])) return;
        // Output room left over and input unconsumed: the gzip stream has ended (trailing zeros are ignored, as by Node's gunzip).
        if (g.state[0] > 0 && g.state[1] > 0) j.inOff = input.len;
      }
      if (j.inOff >= input.len) {
        j.input.shift();
        j.inOff = 0;
        if (input.slot >= 0) parentPort.postMessage({ t: 'credit', job: j.id, slot: input.slot });
      }
      continue;
    }
    if (!j.inputEnded) return;              // wait for more input
    if (j.gunzip && !j.gunzip.finished) {
      const g = j.gunzip;
      g.handle.writeSync(Z_FINISH, EMPTY, 0, 0, ring, out, room);
      if (g.error) return stop({ t: 'error', job: j.id, message: g.error.message, code: g.error.code });
      const n = room - g.state[0];
      if (!produced(n)) return;
      if (g.state[0] > 0) { g.finished = true; g.stream.close(); }
      continue;
    }
    flushSlot();
    const file = j.file ? { blobDigest: 'sha256:' + j.file.hash.digest('hex'), inputBytes: j.file.read } : {};
    stop({ t: 'done', job: j.id, digest: 'sha256:' + j.hash.digest('hex'), bytes: j.bytes, ...file });
    return;
  }
}
`;

let available: boolean | undefined;

/**
 * Whether this Node has the zlib handle the worker drives (Node's gunzipSync uses it; checked rather
 * than assumed, since it is not public API). When not, the walk decompresses with a stream instead;
 * HULLSCAN_LAYER_WORKER=0 asks for that too.
 */
export function workerDecompressionAvailable(): boolean {
  if (process.env.HULLSCAN_LAYER_WORKER === '0') return false;
  if (available === undefined) {
    const g = createGunzip() as unknown as { _handle?: { writeSync?: unknown }; _writeState?: unknown; close(): void };
    available = typeof g._handle?.writeSync === 'function' && g._writeState instanceof Uint32Array;
    g.close();
  }
  return available;
}

interface LayerWorker { worker: Worker; ring: Buffer; inRing: Buffer; job: number; idleTimer?: NodeJS.Timeout }

const idle: LayerWorker[] = [];

function startWorker(): LayerWorker {
  const ring = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  const inRing = new SharedArrayBuffer(INPUT_SLOT_BYTES * INPUT_SLOTS);
  // execArgv: [] so the worker does not load the parent's loaders (e.g. tsx) for a plain script.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true, execArgv: [],
    workerData: { ring, inRing, slotBytes: SLOT_BYTES, slots: SLOTS, inSlotBytes: INPUT_SLOT_BYTES },
  });
  worker.unref();
  return { worker, ring: Buffer.from(ring), inRing: Buffer.from(inRing), job: 0 };
}

export interface WorkerReadResult {
  /** sha256 of the uncompressed bytes ('sha256:<hex>'). */
  digest: string;
  /** Uncompressed bytes. */
  bytes: number;
  /** Bytes read from the input. */
  inputBytes: number;
  /** sha256 of the bytes read from a file input (the blob digest). */
  blobDigest?: string;
}

/** Why a worker read stopped: the decompressor's own error (message and zlib code) or the size limit. */
export class WorkerReadError extends Error {
  constructor(message: string, readonly code?: string, readonly limit = false) { super(message); }
}

type WorkerMessage = { t: 'data'; job: number; slot: number; len: number } | { t: 'credit'; job: number; slot: number }
  | { t: 'done'; job: number; digest: string; bytes: number; blobDigest?: string; inputBytes?: number } | { t: 'limit'; job: number }
  | { t: 'error'; job: number; message?: string; code?: string };

/** A byte range of a local file. */
export interface FileRange { path: string; offset: number; size: number }

/**
 * Decompress (gzip, or none: pass-through) and hash `raw` on a worker thread, calling `onData` on the
 * main thread with each chunk of uncompressed bytes in order. The chunk is a view of a shared slot
 * that is reused as soon as `onData` returns: callers must copy what they keep.
 * An exception thrown by `onData` stops the read and rejects with it.
 */
export function readOnWorker(raw: Readable, compression: 'gzip' | 'none', limit: number, onData: (chunk: Buffer) => void): Promise<WorkerReadResult> {
  return run({ compression, limit }, onData, raw);
}

/**
 * The same for bytes the worker reads itself from a local file (a layer blob inside an archive or a
 * layout): nothing of the layer passes through the main thread but the tar bytes handed to `onData`.
 * The result carries the sha256 of the bytes read (`blobDigest`) for the caller to check.
 */
export function readFileOnWorker(file: FileRange, compression: 'gzip' | 'none', limit: number, onData: (chunk: Buffer) => void): Promise<WorkerReadResult> {
  return run({ compression, limit, file }, onData);
}

function run(start: { compression: 'gzip' | 'none'; limit: number; file?: FileRange }, onData: (chunk: Buffer) => void, raw?: Readable): Promise<WorkerReadResult> {
  const w = idle.pop() ?? startWorker();
  clearTimeout(w.idleTimer);
  const job = ++w.job;
  w.worker.ref();
  return new Promise<WorkerReadResult>((resolve, reject) => {
    const freeInput = Array.from({ length: INPUT_SLOTS }, (_, i) => i);
    const waiting: Buffer[] = [];     // raw bytes not yet copied into an input slot
    let rawEnded = false;
    let endSent = false;
    let inputBytes = 0;
    let settled = false;
    const finish = (err: unknown, result?: WorkerReadResult) => {
      if (settled) return;
      settled = true;
      w.worker.off('message', onMessage);
      w.worker.off('error', onWorkerError);
      w.worker.off('exit', onExit);
      raw?.off('data', onRaw);
      raw?.off('end', onRawEnd);
      raw?.off('error', onRawError);
      if (err) {
        raw?.destroy();
        void w.worker.terminate(); // its state is mid-layer: never reuse it
        reject(err);
        return;
      }
      w.worker.unref();
      if (idle.length < MAX_IDLE) {
        idle.push(w);
        // Kept for the next layer of this walk or the next scan, not for ever (each holds ~15 MB).
        w.idleTimer = setTimeout(() => {
          const i = idle.indexOf(w);
          if (i >= 0) { idle.splice(i, 1); void w.worker.terminate(); }
        }, IDLE_MS).unref();
      } else void w.worker.terminate();
      resolve(result!);
    };
    /** Copy waiting raw bytes into free input slots (the source may reuse its buffers); pause the source when none is free. */
    const feed = () => {
      while (waiting.length && freeInput.length) {
        const chunk = waiting[0]!;
        const slot = freeInput.shift()!;
        const n = Math.min(chunk.length, INPUT_SLOT_BYTES);
        w.inRing.set(chunk.subarray(0, n), slot * INPUT_SLOT_BYTES);
        w.worker.postMessage({ t: 'in', job, slot, len: n });
        if (n < chunk.length) waiting[0] = chunk.subarray(n); else waiting.shift();
      }
      if (waiting.length) raw!.pause();
      else if (!rawEnded) raw!.resume();
      else if (!endSent) { endSent = true; w.worker.postMessage({ t: 'end', job }); }
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.job !== job) return;
      switch (m.t) {
        case 'data': {
          const start = m.slot * SLOT_BYTES;
          try {
            onData(w.ring.subarray(start, start + m.len));
          } catch (e) {
            finish(e);
            return;
          }
          w.worker.postMessage({ t: 'free', job, slot: m.slot });
          break;
        }
        case 'credit':
          freeInput.push(m.slot);
          feed();
          break;
        case 'done':
          finish(undefined, {
            digest: m.digest, bytes: m.bytes, inputBytes: m.inputBytes ?? inputBytes,
            ...(m.blobDigest ? { blobDigest: m.blobDigest } : {}),
          });
          break;
        case 'limit':
          finish(new WorkerReadError('size limit', undefined, true));
          break;
        case 'error':
          finish(new WorkerReadError(m.message ?? 'decompression failed', m.code));
          break;
      }
    };
    const onWorkerError = (e: Error) => finish(e);
    const onExit = (code: number) => finish(new Error(`layer worker exited (${code})`));
    const onRaw = (chunk: Buffer) => {
      inputBytes += chunk.length;
      waiting.push(chunk);
      feed();
    };
    const onRawEnd = () => { rawEnded = true; feed(); };
    const onRawError = (e: Error) => finish(e);
    w.worker.on('message', onMessage);
    w.worker.once('error', onWorkerError);
    w.worker.once('exit', onExit);
    w.worker.postMessage({ t: 'start', job, ...start });
    if (raw) {
      raw.on('data', onRaw);
      raw.once('end', onRawEnd);
      raw.once('error', onRawError);
    }
  });
}
