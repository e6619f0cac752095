// Read one layer exactly once, as a stream: decompress (by magic), hash for the diffID, walk the tar
// headers, and keep only what analyzers asked for. Nothing is written to disk; memory grows with the
// wanted files, whiteouts and symlinks, not with the number of entries.
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { HullscanError, isHullscanError } from '../errors.js';
import { DEFAULT_MAX_FILE_BYTES, type Analyzer, type StreamScanner } from '../analyze/types.js';
import type { LayerRef } from '../inventory/model.js';
import { layerLabelAt } from '../inventory/layer-label.js';
import type { LayerBlob } from '../source/types.js';
import { decompressor, detectCompression, peek } from './decompress.js';
import { readFileOnWorker, readOnWorker, workerDecompressionAvailable, WorkerReadError } from './layer-worker.js';
import type { LayerScan, ScannedFile } from './layer-scan.js';
import { TarParser, TarParseError, type EntryHandler, type EntrySink } from './tar-parser.js';
import { basename, dirname, entryPath, joinInsideRoot } from './paths.js';
import type { FileInfo } from './types.js';

export interface ScanLayerOptions {
  /** Stop with a LIMIT error when a layer expands beyond this many bytes (decompression bombs). */
  maxLayerBytes?: number;
  /** What to do when the uncompressed digest differs from the config's diff_id. Default 'error'. */
  onDiffIdMismatch?: 'error' | 'warn';
  /** For messages: the image reference. */
  subject?: string;
  /**
   * Bytes analyzers may have buffered over the whole walk (per-file caps alone do not bound an image
   * of many large wanted files). Shared between the layers of one walk; default 1 GiB.
   */
  wantedBudget?: { used: number; limit: number };
}

export const DEFAULT_MAX_WANTED_BYTES = 1024 ** 3;

export const DEFAULT_MAX_LAYER_BYTES = 64 * 1024 ** 3;
const MAX_WARNINGS_PER_LAYER = 50;

/** A wanted entry's per-analyzer wishes, merged: buffer once at the largest cap, run every scanner. */
interface Wish {
  file: ScannedFile;
  cap: number;
  scanners: [string, StreamScanner][];
  /** Hard links: the entry's ordinal in the layer (its target is an earlier entry). */
  linkAt?: number;
}

export async function scanLayer(layer: LayerBlob, analyzers: readonly Analyzer[], opts: ScanLayerOptions = {}): Promise<LayerScan> {
  const subject = opts.subject ?? 'image';
  const ref: LayerRef = { index: layer.index, diffId: layer.diffId, digest: layer.digest, createdBy: layer.createdBy };
  const scan: LayerScan = {
    index: layer.index, digest: layer.digest, diffId: layer.diffId, createdBy: layer.createdBy,
    compression: 'none', compressedSize: 0, uncompressedSize: 0, entryCount: 0,
    files: [], symlinks: [], whiteouts: [], opaqueDirs: [], warnings: [],
  };
  const label = layerLabelAt(layer.index, layer.layerCount, layer.diffId);
  const warn = (msg: string) => {
    if (scan.warnings.length < MAX_WARNINGS_PER_LAYER) scan.warnings.push(`${label}: ${msg}`);
    else if (scan.warnings.length === MAX_WARNINGS_PER_LAYER) scan.warnings.push(`${label}: further warnings suppressed`);
  };
  const budget = opts.wantedBudget ?? { used: 0, limit: DEFAULT_MAX_WANTED_BYTES };
  const brokenAnalyzers = new Set<string>();
  const byPath = new Map<string, ScannedFile>();
  const pendingLinks: Wish[] = [];

  const decide = (info: FileInfo): Wish | undefined => {
    let wish: Wish | undefined;
    for (const a of analyzers) {
      if (brokenAnalyzers.has(a.name)) continue;
      let w;
      try {
        w = a.wants(info.path, info);
      } catch (e) {
        if (isHullscanError(e)) throw e;
        brokenAnalyzers.add(a.name);
        warn(`analyzer ${a.name} failed in wants(${info.path}): ${(e as Error)?.message ?? e}`);
        continue;
      }
      if (!w) continue;
      if (!wish) {
        wish = {
          file: { path: info.path, kind: info.kind, size: info.size, mode: info.mode, wantedBy: [], caps: {} },
          cap: 0, scanners: [],
        };
        if (info.linkTarget !== undefined) wish.file.linkTarget = info.linkTarget;
      }
      wish.file.wantedBy.push(a.name);
      if (w !== true && w.scan) {
        wish.scanners.push([a.name, w.scan()]);
      } else {
        const cap = w === true ? DEFAULT_MAX_FILE_BYTES : (w.headBytes ?? w.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
        wish.file.caps![a.name] = cap;
        if (cap > wish.cap) wish.cap = cap;
      }
    }
    return wish;
  };

  let ordinal = 0;
  await readLayer(layer, opts, scan, subject, (header) => {
    const at = ordinal++;
    const name = header.name;
    const path = entryPath(name);
    if (path === undefined) {
      warn(`skipped hostile entry '${name}' (absolute path or '..')`);
      return undefined;
    }
    const base = basename(path);
    if (base.startsWith('.wh.')) {
      if (base === '.wh..wh..opq') scan.opaqueDirs.push(dirname(path));
      else if (!base.startsWith('.wh..wh.')) scan.whiteouts.push(dirname(path) === '/' ? '/' + base.slice(4) : dirname(path) + '/' + base.slice(4));
      return undefined;
    }
    const kind = header.type;
    let linkTarget: string | undefined;
    if (kind === 'symlink') {
      const target = header.linkname;
      linkTarget = target;
      scan.symlinks.push([path, target]);
      if (joinInsideRoot(dirname(path), target).clamped) warn(`symlink ${path} -> ${target} points above the image root; resolved inside the root`);
    } else if (kind === 'hardlink') {
      const t = entryPath(header.linkname);
      if (t === undefined || t === '/') {
        warn(`skipped hard link '${name}' with hostile target '${header.linkname}'`);
        return undefined;
      }
      linkTarget = t;
    }
    const info: FileInfo = { path, kind, size: header.size, mode: header.mode, layer: ref };
    if (linkTarget !== undefined) info.linkTarget = linkTarget;
    const wish = decide(info);
    if (!wish) return undefined;
    scan.files.push(wish.file);
    byPath.set(path, wish.file);
    // Wanted for its metadata only (no bytes, no scanner): no sink, and a hard link needs no target.
    if (wish.cap === 0 && wish.scanners.length === 0) return undefined;
    if (kind === 'hardlink') {
      wish.linkAt = at;
      pendingLinks.push(wish);
      return undefined;
    }
    if (kind !== 'file') return undefined;
    return collector(wish, budget, subject);
  });

  // Hard links: the content is the target's, written earlier in this same layer.
  const unresolved = new Map<string, Wish[]>();
  for (const wish of pendingLinks) {
    const target = byPath.get(wish.file.linkTarget!);
    if (target?.kind === 'file' && target.content && target.content.length >= Math.min(target.size, wish.cap) && wish.scanners.length === 0) {
      wish.file.size = target.size;
      wish.file.content = target.content.subarray(0, Math.min(wish.cap, target.content.length));
    } else {
      const list = unresolved.get(wish.file.linkTarget!) ?? [];
      list.push(wish);
      unresolved.set(wish.file.linkTarget!, list);
    }
  }
  if (unresolved.size > 0) await resolveHardLinks(layer, { ...opts, wantedBudget: budget }, subject, unresolved);
  return scan;
}

/** Ends the second read of a layer once every wanted hard link's target has passed. */
class EnoughRead extends Error {}

/**
 * Rare case: a wanted hard link whose target nobody wanted. Read the layer again for just those
 * targets, and only up to the last such link (a target always comes before its links).
 */
async function resolveHardLinks(layer: LayerBlob, opts: ScanLayerOptions, subject: string, unresolved: Map<string, Wish[]>): Promise<void> {
  const scratch: LayerScan = {
    index: layer.index, digest: layer.digest, diffId: layer.diffId, compression: 'none', compressedSize: 0,
    uncompressedSize: 0, entryCount: 0, files: [], symlinks: [], whiteouts: [], opaqueDirs: [], warnings: [],
  };
  const lastLink = Math.max(...[...unresolved.values()].flat().map((w) => w.linkAt ?? Infinity));
  let ordinal = 0;
  try {
    await readLayer(layer, opts, scratch, subject, (header) => {
      const at = ordinal++;
      if (at >= lastLink) throw new EnoughRead();
      const path = entryPath(header.name);
      // The link's target is the latest entry of that name before the link.
      const wishes = path !== undefined && header.type === 'file' ? unresolved.get(path)?.filter((w) => (w.linkAt ?? Infinity) > at) : undefined;
      if (!wishes?.length || path === undefined) return undefined;
      const merged: Wish = {
        file: { path, kind: 'file', size: header.size, mode: 0, wantedBy: [] },
        cap: Math.max(...wishes.map((w) => w.cap)),
        scanners: wishes.flatMap((w) => w.scanners),
      };
      return collector(merged, opts.wantedBudget ?? { used: 0, limit: DEFAULT_MAX_WANTED_BYTES }, subject, () => {
        for (const w of wishes) {
          w.file.size = merged.file.size;
          if (merged.file.content) w.file.content = merged.file.content.subarray(0, Math.min(w.cap, merged.file.content.length));
          for (const [name] of w.scanners) {
            if (merged.file.scanned?.[name]) (w.file.scanned ??= {})[name] = merged.file.scanned[name]!;
          }
        }
      });
    });
  } catch (e) {
    if (!(e instanceof EnoughRead)) throw e;
  }
}

/** Buffer up to the cap and feed scanners, chunk by chunk, without holding more than the cap. */
function collector(wish: Wish, budget: { used: number; limit: number }, subject: string, onEnd?: () => void): EntrySink {
  const chunks: Buffer[] = [];
  let have = 0;
  const scanners = wish.scanners.map(([name, s]) => ({ name, s, done: false }));
  return {
    write(chunk: Buffer) {
      if (have < wish.cap) {
        const take = Math.min(chunk.length, wish.cap - have);
        budget.used += take;
        if (budget.used > budget.limit) {
          throw new HullscanError('LIMIT', `analyzers asked to buffer more than ${budget.limit} bytes of files (at ${wish.file.path})`, { subject });
        }
        // copy: the parser's chunks are views of buffers that the stream reuses
        chunks.push(Buffer.from(take === chunk.length ? chunk : chunk.subarray(0, take)));
        have += take;
      }
      for (const sc of scanners) {
        if (!sc.done && sc.s.write(chunk) === 'done') sc.done = true;
      }
    },
    end() {
      if (wish.cap > 0) wish.file.content = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, have);
      for (const sc of scanners) (wish.file.scanned ??= {})[sc.name] = sc.s.finish();
      onEnd?.();
    },
  };
}

/**
 * Stream one layer through decompression, digest checks and the tar parser. gzip and plain tar are
 * decompressed and hashed on a worker thread (layer-worker.ts: no buffer allocated per chunk here);
 * zstd goes through a stream pipeline.
 */
async function readLayer(layer: LayerBlob, opts: ScanLayerOptions, scan: LayerScan, subject: string, onEntry: EntryHandler): Promise<void> {
  const what = layerLabelAt(layer.index, layer.layerCount, layer.diffId);
  const maxBytes = opts.maxLayerBytes ?? DEFAULT_MAX_LAYER_BYTES;
  const limitError = () => new HullscanError('LIMIT', `${what} expands to more than ${maxBytes} bytes; stopped (size limit)`, { subject });
  const parser = new TarParser(onEntry);
  let raw: Readable | undefined;
  let digest: string;
  let readFromFile = false;
  try {
    const worker = workerDecompressionAvailable();
    const fromFile = worker && layer.file ? detectCompression(await readFileHead(layer.file, 4)) : undefined;
    if (layer.file && fromFile !== undefined && fromFile !== 'zstd') {
      // A local file: the worker reads it too, so no byte of the blob passes through this thread.
      scan.compression = fromFile;
      readFromFile = true;
      const r = await readFileOnWorker(layer.file, fromFile, maxBytes, (chunk) => parser.consume(chunk));
      parser.checkEnd();
      checkBlob(layer, r.blobDigest!, r.inputBytes, what, subject);
      scan.compressedSize = r.inputBytes;
      scan.uncompressedSize = r.bytes;
      digest = r.digest;
    } else {
      raw = await layer.open();
      scan.compression = detectCompression(await peek(raw, 4));
      if (scan.compression === 'zstd' || !worker) {
        // zstd decodes in its own process (or fzstd); its output arrives here as stream chunks.
        const counter = new ByteCounter();
        const sink = new LayerTarSink(parser, maxBytes, limitError);
        const dec = decompressor(scan.compression);
        await pipeline((dec ? [raw, counter, dec, sink] : [raw, counter, sink]) as never);
        scan.compressedSize = counter.bytes;
        scan.uncompressedSize = sink.bytes;
        digest = sink.digest;
      } else {
        const r = await readOnWorker(raw, scan.compression, maxBytes, (chunk) => parser.consume(chunk));
        parser.checkEnd();
        scan.compressedSize = r.inputBytes;
        scan.uncompressedSize = r.bytes;
        digest = r.digest;
      }
    }
  } catch (e) {
    raw?.destroy();
    if (e instanceof WorkerReadError && e.limit) throw limitError();
    // A tampered blob usually fails to decompress before its digest is known: name the real cause.
    if (readFromFile && !isHullscanError(e)) await verifyFileBlob(layer, what, subject);
    throw layerError(e, what, scan.compression, subject);
  }
  scan.entryCount = parser.entries;
  if (digest !== layer.diffId) {
    const msg = `diff_id mismatch for ${what}: the config says ${layer.diffId}, the uncompressed content is ${digest}`;
    if (opts.onDiffIdMismatch === 'warn') scan.warnings.push(`WARNING: ${msg}`);
    else throw new HullscanError('DIGEST', msg, { subject });
  }
  if (!layer.digest && scan.compression === 'none') scan.digest = digest;
}

async function readFileHead(file: { path: string; offset: number; size: number }, n: number): Promise<Buffer> {
  const fh = await open(file.path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(n, file.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, file.offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** What open()'s digest check does for a stream: the blob read from a file must have its digest. */
function checkBlob(layer: LayerBlob, actual: string, bytes: number, what: string, subject: string): void {
  if (layer.digest && actual !== layer.digest) {
    throw new HullscanError('DIGEST', `digest mismatch for ${what}: expected ${layer.digest}, got ${actual}`, { subject });
  }
  if (bytes !== layer.file!.size) throw new HullscanError('INPUT', `${what}: unexpected end of data (the blob is ${bytes} of ${layer.file!.size} bytes)`, { subject });
  if (!layer.digest) layer.digest = actual;
}

/** Hashes a blob file range (error path only) and throws the digest mismatch if there is one. */
async function verifyFileBlob(layer: LayerBlob, what: string, subject: string): Promise<void> {
  if (!layer.digest || !layer.file) return;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const { path, offset, size } = layer.file;
    if (size > 0) {
      for await (const chunk of createReadStream(path, { start: offset, end: offset + size - 1 }) as AsyncIterable<Buffer>) { hash.update(chunk); bytes += chunk.length; }
    }
  } catch {
    return; // unreadable: the original error says more
  }
  if (bytes < layer.file.size) return; // a short blob: 'unexpected end of data' says it best
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== layer.digest) throw new HullscanError('DIGEST', `digest mismatch for ${what}: expected ${layer.digest}, got ${actual}`, { subject });
}

/** Turn stream failures (zlib, zstd, tar parser) into one-line user errors naming the layer. */
function layerError(e: unknown, what: string, compression: string, subject: string): unknown {
  if (isHullscanError(e)) return e;
  const err = e as NodeJS.ErrnoException;
  const msg = String(err?.message ?? e);
  if (err?.code === 'ENOENT' || err?.code === 'EACCES' || err?.code === 'EISDIR' || err?.code === 'EIO') {
    return new HullscanError('INPUT', `${what}: cannot read the blob (${err.code})`, { subject, cause: e });
  }
  if (err?.code === 'Z_BUF_ERROR' || /unexpected end/i.test(msg)) {
    return new HullscanError('INPUT', `${what}: unexpected end of data (truncated ${compression === 'none' ? 'tar' : compression} stream)`, { subject, cause: e });
  }
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
    return new HullscanError('INPUT', `${what}: corrupt gzip data (${msg})`, { subject, cause: e });
  }
  if (e instanceof TarParseError || /zstd/i.test(msg)) {
    return new HullscanError('INPUT', `${what}: ${msg}`, { subject, cause: e });
  }
  return e;
}

/** Big buffers between pipeline stages let the decompressor run ahead instead of waiting on hand-offs. */
const STAGE_BUFFER = 1024 * 1024;

class ByteCounter extends Transform {
  bytes = 0;
  constructor() { super({ highWaterMark: STAGE_BUFFER }); }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

/**
 * The end of the zstd pipeline: hash the uncompressed tar (the diffID), stop at the size limit and
 * parse the tar headers, in one stage so that each chunk's life stays short.
 */
class LayerTarSink extends Writable {
  bytes = 0;
  digest = '';
  private readonly hash = createHash('sha256');
  constructor(private readonly parser: TarParser, private readonly limit: number, private readonly limitError: () => Error) {
    super({ highWaterMark: STAGE_BUFFER });
  }
  override _write(chunk: Buffer, _e: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return cb(this.limitError());
    // Hash and parse on a later turn, so the decompressor's callback returns at once and it can go on.
    setImmediate(() => {
      try {
        this.hash.update(chunk);
        this.parser.consume(chunk);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    });
  }
  override _final(cb: (e?: Error | null) => void): void {
    this.digest = 'sha256:' + this.hash.digest('hex');
    try {
      this.parser.checkEnd();
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }
}
