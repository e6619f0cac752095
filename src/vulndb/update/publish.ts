// `publishDb`: writes the published layout for a DB file into a folder: the compressed DB, deltas from earlier
// DBs, and the metadata JSON (signed when a private key is given). Mirrors serve the folder as static files.
import { createReadStream, createWriteStream, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import { HullscanError } from '../../errors.js';
import { openDb } from '../open.js';
import { readDbContent } from './content.js';
import { computeDelta } from './delta.js';
import { checkSchemaMajor, dbFileName, deltaFileName, metadataName, METADATA_FORMAT, sha256File, signMetadata, type Compression, type DbMetadata, type PublishedDelta } from './layout.js';

export interface PublishOptions {
  db: string;
  outDir: string;
  compression?: Compression;
  /** Ed25519 private key (PEM file) to sign the metadata with. */
  signKey?: string;
  /** Earlier DB files: a delta from each to `db` is published. */
  previous?: string[];
}

export function compressor(c: Compression) {
  // Brotli quality 9 with a 16 MB window: near-best ratio on SQLite pages at a fraction of quality 11's time.
  return c === 'br'
    ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 } })
    : createGzip({ level: 9 });
}

export function compressBuffer(data: Buffer, c: Compression): Buffer {
  return c === 'br' ? brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 } }) : gzipSync(data, { level: 9 });
}

async function compressFile(src: string, dest: string, c: Compression): Promise<void> {
  const tmp = `${dest}.tmp`;
  await pipeline(createReadStream(src), compressor(c), createWriteStream(tmp));
  renameSync(tmp, dest);
}

/** Writes the layout and returns its metadata. */
export async function publishDb(opts: PublishOptions): Promise<DbMetadata> {
  const compression = opts.compression ?? 'br';
  const handle = openDb(opts.db); // refuses a corrupt file before we publish it
  const st = handle.status();
  handle.close();
  checkSchemaMajor(st.schemaVersion, opts.db);
  if (!st.contentHash || !st.builtAt) throw new HullscanError('DB', 'database has no content hash or build time', { subject: opts.db });
  mkdirSync(opts.outDir, { recursive: true });
  const fileName = dbFileName(compression);
  const filePath = join(opts.outDir, fileName);
  await compressFile(opts.db, filePath, compression);

  const deltas: PublishedDelta[] = [];
  if (opts.previous?.length) {
    const current = readDbContent(opts.db);
    for (const prev of opts.previous) {
      const old = readDbContent(prev);
      if (!old.contentHash || old.contentHash === current.contentHash) continue;
      if (Number(old.schemaVersion.split('.')[0]) !== Number(current.schemaVersion.split('.')[0])) continue;
      const bytes = compressBuffer(Buffer.from(JSON.stringify(computeDelta(old, current))), compression);
      const name = deltaFileName(old.contentHash, compression);
      writeFileSync(join(opts.outDir, name), bytes);
      deltas.push({ from: old.contentHash, name, compression, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  }

  let meta: DbMetadata = {
    format: METADATA_FORMAT,
    schemaVersion: st.schemaVersion,
    builtAt: st.builtAt,
    contentHash: st.contentHash,
    file: { name: fileName, compression, size: statSync(filePath).size, sha256: await sha256File(filePath) },
    db: { size: statSync(opts.db).size, sha256: await sha256File(opts.db) },
    deltas,
  };
  if (opts.signKey) meta = signMetadata(meta, opts.signKey);
  const metaPath = join(opts.outDir, metadataName());
  writeFileSync(`${metaPath}.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(`${metaPath}.tmp`, metaPath); // metadata last: a mirror never names files not yet written
  return meta;
}
