// Air-gapped delivery: `exportBundle` writes one tar holding the metadata (as published, signature included, when
// the local DB is the one it describes; else made fresh and optionally signed) and the compressed DB;
// `importBundle` verifies it like an update would (signature, schema major, size and sha256 of the DB file,
// content hash) and swaps the DB in atomically. Entry order: the metadata first, so nothing is written unverified.
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { HullscanError } from '../errors.js';
import { openDb } from './open.js';
import { decompressTo, swapIn, tempBeside } from './update/install.js';
import { withUpdateLock } from './update/lock.js';
import { checkSchemaMajor, installedMetadataPath, MAX_METADATA_BYTES, parseMetadata, sha256File, signMetadata, verifyMetadata, type Compression, type DbMetadata } from './update/layout.js';
import { compressor } from './update/publish.js';
import { METADATA_FORMAT } from './update/layout.js';

export { installedMetadataPath };

export const BUNDLE_METADATA = 'hullscan-db.json';
const DB_ENTRY: Record<Compression, string> = { br: 'hullscan.db.br', gzip: 'hullscan.db.gz' };

export interface ExportOptions {
  dbPath: string;
  out: string;
  compression?: Compression;
  /** Ed25519 private key (PEM) to sign fresh metadata with. */
  signKey?: string;
}

async function metadataFor(dbPath: string, signKey: string | undefined, compression: Compression): Promise<DbMetadata> {
  const size = statSync(dbPath).size;
  const sha = await sha256File(dbPath);
  const saved = installedMetadataPath(dbPath);
  if (!signKey && existsSync(saved)) {
    try {
      const m = parseMetadata(readFileSync(saved), saved);
      if (m.db.size === size && m.db.sha256 === sha) return m; // the upstream metadata, signature and all
    } catch { /* not usable: make fresh metadata */ }
  }
  const h = openDb(dbPath);
  const st = h.status();
  h.close();
  if (!st.contentHash || !st.builtAt) throw new HullscanError('DB', 'database has no content hash or build time', { subject: dbPath });
  const m: DbMetadata = {
    format: METADATA_FORMAT, schemaVersion: st.schemaVersion, builtAt: st.builtAt, contentHash: st.contentHash,
    file: { name: DB_ENTRY[compression], compression, size: 0, sha256: '0'.repeat(64) }, // a bundle checks the DB itself (db below)
    db: { size, sha256: sha }, deltas: [],
  };
  return signKey ? signMetadata(m, signKey) : m;
}

/** Writes the bundle to `opts.out` (atomically). */
export async function exportBundle(opts: ExportOptions): Promise<DbMetadata> {
  const compression = opts.compression ?? 'br';
  openDb(opts.dbPath).close(); // a missing or corrupt DB is refused up front
  const meta = await metadataFor(opts.dbPath, opts.signKey, compression);
  const work = mkdtempSync(join(tmpdir(), 'hullscan-bundle-'));
  const tmpOut = `${opts.out}.${process.pid}.tmp`;
  try {
    const packed = join(work, 'db');
    await pipeline(createReadStream(opts.dbPath), compressor(compression), createWriteStream(packed));
    const pack = tar.pack();
    const written = pipeline(pack as unknown as Readable, createWriteStream(tmpOut));
    const metaBytes = Buffer.from(`${JSON.stringify(meta, null, 2)}\n`);
    pack.entry({ name: BUNDLE_METADATA, size: metaBytes.length, mtime: new Date(meta.builtAt) }, metaBytes);
    const entry = pack.entry({ name: DB_ENTRY[compression], size: statSync(packed).size, mtime: new Date(meta.builtAt) });
    await pipeline(createReadStream(packed), entry as unknown as NodeJS.WritableStream);
    pack.finalize();
    await written;
    renameSync(tmpOut, opts.out);
    return meta;
  } catch (e) {
    rmSync(tmpOut, { force: true });
    throw e;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface ImportOptions {
  bundle: string;
  dbPath: string;
  /** Ed25519 public key (PEM): the bundle's metadata must be signed by it. */
  publicKey?: string;
}

async function readAll(stream: Readable, limit: number, subject: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += (c as Buffer).length;
    if (n > limit) throw new HullscanError('LIMIT', `metadata larger than ${limit} bytes`, { subject });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Verifies the bundle and installs its DB at `opts.dbPath`; the previous DB stays on any failure. */
export async function importBundle(opts: ImportOptions): Promise<DbMetadata> {
  const subject = opts.bundle;
  if (!statSync(opts.bundle, { throwIfNoEntry: false })?.isFile()) throw new HullscanError('NOT_FOUND', 'no such bundle file', { subject });
  mkdirSync(dirname(opts.dbPath), { recursive: true });
  return withUpdateLock(opts.dbPath, () => importLocked(opts));
}

async function importLocked(opts: ImportOptions): Promise<DbMetadata> {
  const subject = opts.bundle;
  const extract = tar.extract();
  const source = createReadStream(opts.bundle);
  source.on('error', (e) => extract.destroy(e));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  let meta: DbMetadata | undefined;
  let tmp: string | undefined;
  let installed = false;
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === BUNDLE_METADATA && !meta) {
        meta = parseMetadata(await readAll(entry as unknown as Readable, MAX_METADATA_BYTES, subject), `${subject}:${name}`);
        if (opts.publicKey) verifyMetadata(meta, opts.publicKey, subject);
        checkSchemaMajor(meta.schemaVersion, subject);
      } else if ((name === DB_ENTRY.br || name === DB_ENTRY.gzip) && !installed) {
        if (!meta) throw new HullscanError('INPUT', `${name} comes before ${BUNDLE_METADATA}: not a hullscan bundle`, { subject });
        tmp = tempBeside(opts.dbPath, 'import');
        await decompressTo(entry as unknown as Readable, name === DB_ENTRY.br ? 'br' : 'gzip', tmp, meta.db, `${subject}:${name}`);
        swapIn(tmp, opts.dbPath, meta.contentHash, subject);
        installed = true;
      } else {
        (entry as unknown as Readable).resume(); // unknown entries are skipped
      }
    }
  } catch (e) {
    if (tmp) rmSync(tmp, { force: true });
    if (e instanceof HullscanError) throw e;
    throw new HullscanError('INPUT', `not a readable bundle (${(e as Error).message})`, { subject, cause: e });
  } finally {
    source.destroy();
  }
  if (!meta) throw new HullscanError('INPUT', `no ${BUNDLE_METADATA} in the bundle`, { subject });
  if (!installed) throw new HullscanError('INPUT', 'no database in the bundle', { subject });
  writeFileSync(installedMetadataPath(opts.dbPath), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}
