// `updateDb`: fetch the published DB from the first mirror (HTTP URL or OCI artifact) that works, verify it,
// and swap it in. Order of preference: nothing to do (same content hash) → a delta for the local hash → the
// full file. Every failure leaves the previous DB as it was.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { HullscanError } from '../../errors.js';
import { type RegistryClientOptions } from '../../source/registry/client.js';
import { applyDelta, type DbDelta } from './delta.js';
import { downloadResumable, fetchSmall, type ProgressFn } from './download.js';
import { decompressFile, localContentHash, swapIn, tempBeside } from './install.js';
import { checkSchemaMajor, installedMetadataPath, MAX_METADATA_BYTES, metadataName, parseMetadata, verifyMetadata, type DbMetadata, type PublishedFile } from './layout.js';
import { withUpdateLock } from './lock.js';
import { ociSource } from './oci.js';

/** Where published files come from: a mirror URL or an OCI artifact. */
export interface DbSource {
  readonly name: string;
  metadata(): Promise<Buffer>;
  /** Fetches `file` into `partial` (resuming when the source can), verified against its size and sha256. */
  fetch(file: PublishedFile, partial: string, onProgress?: ProgressFn): Promise<void>;
}

/** A mirror: a folder URL holding the layout, or the metadata JSON's own URL. */
export function httpSource(url: string): DbSource {
  const metaUrl = /\.json(\?.*)?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/${metadataName()}`;
  return {
    name: url,
    metadata: () => fetchSmall(metaUrl, MAX_METADATA_BYTES),
    async fetch(file, partial, onProgress) {
      await downloadResumable(new URL(file.name, metaUrl).href, partial, file, onProgress, file.name);
    },
  };
}

export interface UpdateOptions {
  dbPath: string;
  /** Mirror URLs, tried in order (default: HULLSCAN_DB_URL, comma-separated). */
  urls?: string[];
  /** OCI artifact `host/repo:tag`, tried after the URLs. */
  repository?: string;
  registry?: RegistryClientOptions;
  /** Ed25519 public key (PEM file): the metadata must carry a valid signature by it. */
  publicKey?: string;
  offline?: boolean;
  /** Always download the full file. */
  noDelta?: boolean;
  onProgress?: ProgressFn;
  /** Non-fatal problems (a mirror failed, a delta was refused and the full file used instead). */
  onWarning?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface UpdateResult {
  action: 'current' | 'delta' | 'full';
  source: string;
  contentHash: string;
  previousHash?: string;
  schemaVersion: string;
  builtAt: string;
}

export function refuseOffline(what: string): void {
  throw new HullscanError('USAGE', `${what} needs the network and --offline forbids it (use \`hullscan db import-bundle\` to install a DB offline)`);
}

/** The sources an update tries, in order. */
export function dbSources(opts: Pick<UpdateOptions, 'urls' | 'repository' | 'registry' | 'env'>): DbSource[] {
  const env = opts.env ?? process.env;
  const urls = opts.urls?.length ? opts.urls : (env.HULLSCAN_DB_URL ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const sources = urls.map(httpSource);
  if (opts.repository) sources.push(ociSource(opts.repository, opts.registry));
  if (!sources.length) throw new HullscanError('USAGE', 'no database source: pass --db-url URL or --db-repository REF, or set HULLSCAN_DB_URL');
  return sources;
}

function decompressSmall(data: Buffer, file: PublishedFile, limit: number): Buffer {
  try {
    return file.compression === 'br' ? brotliDecompressSync(data, { maxOutputLength: limit }) : gunzipSync(data, { maxOutputLength: limit });
  } catch (e) {
    throw new HullscanError('INPUT', `corrupt compressed delta (${(e as Error).message})`, { subject: file.name });
  }
}

async function tryDelta(src: DbSource, meta: DbMetadata, local: string, opts: UpdateOptions): Promise<boolean> {
  const d = meta.deltas.find((x) => x.from === local);
  if (!d || opts.noDelta) return false;
  const partial = `${opts.dbPath}.${d.sha256.slice(0, 16)}.partial`;
  const tmp = tempBeside(opts.dbPath, 'delta');
  try {
    await src.fetch(d, partial, opts.onProgress);
    const raw = decompressSmall(readFileSync(partial), d, Math.max(meta.db.size * 4, 64 * 1024 * 1024));
    let delta: DbDelta;
    try { delta = JSON.parse(raw.toString('utf8')) as DbDelta; } catch { throw new HullscanError('INPUT', 'delta is not valid JSON', { subject: d.name }); }
    if (delta.to !== meta.contentHash) throw new HullscanError('INPUT', `delta leads to ${delta.to}, not the published ${meta.contentHash}`, { subject: d.name });
    opts.onProgress?.({ phase: 'apply', name: d.name, done: 0, total: 1 });
    const got = applyDelta(opts.dbPath, delta, tmp, d.name);
    if (got !== meta.contentHash) throw new HullscanError('DIGEST', `content hash after applying the delta is ${got}, not the published ${meta.contentHash}`, { subject: d.name });
    swapIn(tmp, opts.dbPath, meta.contentHash, d.name);
    return true;
  } catch (e) {
    rmSync(tmp, { force: true });
    opts.onWarning?.(`delta not applied, downloading the full database instead: ${(e as Error).message}`);
    return false;
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Partial downloads of files no longer published (a newer DB came out since) are never resumed: delete them. */
function removeStalePartials(dbPath: string, keep: string): void {
  const prefix = `${basename(dbPath)}.`;
  for (const f of readdirSync(dirname(dbPath))) {
    if (f.startsWith(prefix) && f.endsWith('.partial') && join(dirname(dbPath), f) !== keep) rmSync(join(dirname(dbPath), f), { force: true });
  }
}

async function updateFrom(src: DbSource, opts: UpdateOptions): Promise<UpdateResult> {
  const metaBytes = await src.metadata();
  const meta = parseMetadata(metaBytes, src.name);
  if (opts.publicKey) verifyMetadata(meta, opts.publicKey, src.name);
  checkSchemaMajor(meta.schemaVersion, src.name);
  const local = localContentHash(opts.dbPath);
  // Whatever happens next (current, delta, full), a partial of a file no longer published is never resumed.
  const partial = `${opts.dbPath}.${meta.file.sha256.slice(0, 16)}.partial`;
  if (existsSync(dirname(opts.dbPath))) removeStalePartials(opts.dbPath, partial);
  const result = { source: src.name, contentHash: meta.contentHash, schemaVersion: meta.schemaVersion, builtAt: meta.builtAt, ...(local ? { previousHash: local } : {}) };
  if (local === meta.contentHash) return { action: 'current', ...result };
  const remember = () => writeFileSync(installedMetadataPath(opts.dbPath), metaBytes);
  if (local && (await tryDelta(src, meta, local, opts))) { remember(); return { action: 'delta', ...result }; }
  mkdirSync(dirname(opts.dbPath), { recursive: true });
  await src.fetch(meta.file, partial, opts.onProgress);
  const tmp = tempBeside(opts.dbPath, 'update');
  try {
    await decompressFile(partial, meta.file.compression, tmp, meta.db, meta.file.name, opts.onProgress);
  } catch (e) {
    rmSync(partial, { force: true }); // verified bytes that do not decompress: never resume from them
    throw e;
  }
  swapIn(tmp, opts.dbPath, meta.contentHash, meta.file.name);
  rmSync(partial, { force: true });
  remember();
  return { action: 'full', ...result };
}

/** Updates the DB at `opts.dbPath` from the first source that works. */
export async function updateDb(opts: UpdateOptions): Promise<UpdateResult> {
  if (opts.offline) refuseOffline('db update');
  const sources = dbSources(opts);
  mkdirSync(dirname(opts.dbPath), { recursive: true });
  return withUpdateLock(opts.dbPath, () => updateFromSources(sources, opts));
}

async function updateFromSources(sources: DbSource[], opts: UpdateOptions): Promise<UpdateResult> {
  const failures: string[] = [];
  for (const src of sources) {
    try {
      return await updateFrom(src, opts);
    } catch (e) {
      if (!(e instanceof HullscanError)) throw e;
      if (sources.length === 1) throw e;
      failures.push(e.message);
      opts.onWarning?.(`${e.message}; trying the next source`);
    }
  }
  throw new HullscanError('NETWORK', `every database source failed (${failures.join('; ')}); the local database is unchanged`);
}
