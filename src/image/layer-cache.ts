// The on-disk layer cache: a LayerScan per (diffID, analyzer set), so a re-scan, or another image that
// shares base layers, skips those layers entirely (registry layers are not even downloaded).
// Entries are written to a temporary file and renamed (atomic; safe with many concurrent scans),
// checksummed (a corrupt entry is discarded and rebuilt), and evicted least-recently-used beyond a size bound.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import type { LayerCache, LayerScan } from './layer-scan.js';

const MAGIC = Buffer.from('HSLC2\n');     // format of an entry; bump when LayerScan's shape or meaning changes (2: warnings without the layer's position)
const MAGIC_FAMILY = MAGIC.subarray(0, 4); // 'HSLC' of any version
const DIGEST_BYTES = 32;
export const DEFAULT_CACHE_MAX_BYTES = 5 * 1024 ** 3;

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HULLSCAN_CACHE_DIR) return env.HULLSCAN_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hullscan');
}

export interface LayerCacheOptions {
  /** Upper bound of the layers folder; least recently used entries go first. */
  maxBytes?: number;
  /** Receives one line when an entry was unreadable and has been discarded. */
  warn?: (message: string) => void;
}

export interface LayerCacheStats {
  hits: number; misses: number; writes: number; discarded: number;
  /** Whole-image analyses (same layers, same analyzers): a hit skips the walk and the analyzers. */
  analysisHits: number; analysisMisses: number; analysisWrites: number;
}

/** A whole image's analysis result, keyed by its layers' diffIDs and the analyzers' versions. */
interface AnalysisEntry { kind: 'analysis'; key: string; value: unknown }

export class DiskLayerCache implements LayerCache {
  readonly dir: string;
  readonly stats: LayerCacheStats = { hits: 0, misses: 0, writes: 0, discarded: 0, analysisHits: 0, analysisMisses: 0, analysisWrites: 0 };
  private readonly maxBytes: number;

  constructor(cacheDir: string, private readonly opts: LayerCacheOptions = {}) {
    this.dir = join(cacheDir, 'layers');
    this.maxBytes = opts.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  }

  private entryPath(diffId: string, key: string): string {
    const name = createHash('sha256').update(`${diffId}\u0000${key}`).digest('hex');
    return join(this.dir, name.slice(0, 2), name);
  }

  async get(diffId: string, key: string): Promise<LayerScan | undefined> {
    const scan = await this.readEntry(this.entryPath(diffId, key), `layer cache entry for ${diffId}`, (decoded) => {
      const scan = decoded as LayerScan;
      if (!scan || typeof scan.diffId !== 'string' || !Array.isArray(scan.files)) throw new Error('malformed entry');
      if (scan.diffId !== diffId) throw new Error('entry belongs to another layer');
      return scan;
    });
    if (scan) this.stats.hits++; else this.stats.misses++;
    return scan;
  }

  /**
   * Reads and checks one entry; undefined when it is absent, or unreadable (then it is removed, with a
   * warning, and rebuilt by the caller). A hit refreshes the file's time: recency for LRU eviction.
   */
  private async readEntry<T>(path: string, what: string, accept: (decoded: unknown) => T): Promise<T | undefined> {
    let raw: Buffer;
    try {
      raw = await readFile(path);
    } catch {
      return undefined;
    }
    try {
      const value = accept(decodeEntry(raw));
      const now = new Date();
      await utimes(path, now, now).catch(() => {});
      return value;
    } catch (e) {
      // An entry from another hullscan version is expected after an upgrade: replaced without a word.
      if (e instanceof OutdatedEntry) {
        await rm(path, { force: true });
        return undefined;
      }
      this.stats.discarded++;
      this.opts.warn?.(`${what} was unreadable (${(e as Error).message}); rebuilding it`);
      await rm(path, { force: true });
      return undefined;
    }
  }

  async put(diffId: string, key: string, scan: LayerScan): Promise<void> {
    await this.write(this.entryPath(diffId, key), scan);
    this.stats.writes++;
  }

  /** A whole image's analysis stored under `key` (the caller's digest of diffIDs + analyzer versions). */
  async getAnalysis(key: string): Promise<unknown> {
    const entry = await this.readEntry(this.entryPath('analysis', key), 'cached image analysis', (decoded) => {
      const entry = decoded as AnalysisEntry;
      if (entry?.kind !== 'analysis' || entry.key !== key) throw new Error('entry belongs to another image');
      return entry;
    });
    if (entry) this.stats.analysisHits++; else this.stats.analysisMisses++;
    return entry?.value;
  }

  async putAnalysis(key: string, value: unknown): Promise<void> {
    await this.write(this.entryPath('analysis', key), { kind: 'analysis', key, value } satisfies AnalysisEntry);
    this.stats.analysisWrites++;
  }

  private async write(path: string, value: unknown): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, encodeEntry(value));
    await rename(tmp, path); // atomic: a concurrent reader sees the old entry or the new one
    await this.evict();
  }

  /** Drops least recently used entries until the folder fits in maxBytes. Other processes may race: ignore vanished files. */
  async evict(): Promise<void> {
    const entries = await this.entries();
    let total = entries.reduce((n, e) => n + e.size, 0);
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const e of entries) {
      if (total <= this.maxBytes) break;
      await rm(e.path, { force: true });
      total -= e.size;
    }
  }

  async entries(): Promise<{ path: string; size: number; mtimeMs: number }[]> {
    const out: { path: string; size: number; mtimeMs: number }[] = [];
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const shard of shards) {
      let names: string[];
      try {
        names = await readdir(join(this.dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.endsWith('.tmp')) continue;
        const path = join(this.dir, shard, name);
        const st = await stat(path).catch(() => undefined);
        if (st?.isFile()) out.push({ path, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
    return out;
  }
}

function encodeEntry(value: unknown): Buffer {
  const body = brotliCompressSync(serialize(value), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } });
  return Buffer.concat([MAGIC, createHash('sha256').update(body).digest(), body]);
}

/** The entry was written in an earlier (or later) format: see MAGIC. */
class OutdatedEntry extends Error {}

function decodeEntry(raw: Buffer): unknown {
  const ofThisVersion = raw.subarray(0, MAGIC.length).equals(MAGIC);
  if (!ofThisVersion && raw.subarray(0, MAGIC_FAMILY.length).equals(MAGIC_FAMILY)) throw new OutdatedEntry();
  if (raw.length < MAGIC.length + DIGEST_BYTES || !ofThisVersion) throw new Error('not a cache entry');
  const sum = raw.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const body = raw.subarray(MAGIC.length + DIGEST_BYTES);
  if (!createHash('sha256').update(body).digest().equals(sum)) throw new Error('checksum mismatch');
  return deserialize(brotliDecompressSync(body));
}

/** `hullscan clean --cache`: removes every cached layer (and cached registry metadata). */
export async function cleanCache(cacheDir: string): Promise<void> {
  await rm(join(cacheDir, 'layers'), { recursive: true, force: true });
  await rm(join(cacheDir, 'blobs'), { recursive: true, force: true });
}
