// The published layout of a prebuilt DB: `hullscan-<major>.db.br` (the compressed SQLite file), optional deltas,
// and `hullscan-<major>.json`, the metadata that names them with sizes and sha256, optionally signed (ed25519).
import { createHash, createPublicKey, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { HullscanError } from '../../errors.js';
import { SCHEMA_MAJOR } from '../schema.js';

export const METADATA_FORMAT = 'hullscan-db-metadata/1';
export type Compression = 'br' | 'gzip';

/** One published file: its name relative to the metadata, how it is compressed, and its compressed size and sha256. */
export interface PublishedFile {
  name: string;
  compression: Compression;
  size: number;
  /** Hex sha256 of the bytes as published (compressed). */
  sha256: string;
}

export interface PublishedDelta extends PublishedFile {
  /** The content hash of the DB this delta applies to. */
  from: string;
}

export interface DbMetadata {
  format: typeof METADATA_FORMAT;
  /** major.minor of the DB's schema. */
  schemaVersion: string;
  builtAt: string;
  /** The DB's content hash (metadata `content_hash`): the same advisories give the same hash. */
  contentHash: string;
  /** The compressed DB. */
  file: PublishedFile;
  /** The uncompressed SQLite file. */
  db: { size: number; sha256: string };
  deltas: PublishedDelta[];
  /** ed25519 over `signedBytes(metadata)` (every field but this one), base64. */
  signature?: { alg: 'ed25519'; value: string };
}

export function metadataName(major = SCHEMA_MAJOR): string { return `hullscan-${major}.json`; }
export function dbFileName(compression: Compression, major = SCHEMA_MAJOR): string { return `hullscan-${major}.db.${compression === 'br' ? 'br' : 'gz'}`; }
export function deltaFileName(fromHash: string, compression: Compression, major = SCHEMA_MAJOR): string {
  return `hullscan-${major}.delta-${fromHash.replace(/^sha256:/, '').slice(0, 16)}.json.${compression === 'br' ? 'br' : 'gz'}`;
}

/** Where an update keeps the metadata of the DB it installed (a bundle carries it on, signature and all). */
export function installedMetadataPath(dbPath: string): string { return `${dbPath}.meta.json`; }

/** A published DB claiming more than this is refused (a full-scale DB is a few hundred MB). */
export const MAX_DB_BYTES = 16 * 1024 * 1024 * 1024;

/** Metadata files are small; anything bigger is not ours. */
export const MAX_METADATA_BYTES = 1024 * 1024;

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The bytes the signature covers: the metadata without `signature`, keys sorted, no whitespace. */
export function signedBytes(meta: DbMetadata): Buffer {
  const { signature: _ignored, ...rest } = meta;
  return Buffer.from(canonical(rest), 'utf8');
}

function loadKey(pemPath: string, kind: 'private' | 'public'): KeyObject {
  let pem: Buffer;
  try { pem = readFileSync(pemPath); } catch { throw new HullscanError('INPUT', 'cannot read key file', { subject: pemPath }); }
  let key: KeyObject;
  try { key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem); } catch {
    throw new HullscanError('INPUT', `not a PEM ${kind} key`, { subject: pemPath });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new HullscanError('INPUT', `${kind} key is ${key.asymmetricKeyType}, expected ed25519`, { subject: pemPath });
  return key;
}

export function signMetadata(meta: DbMetadata, privateKeyPem: string): DbMetadata {
  const value = sign(null, signedBytes(meta), loadKey(privateKeyPem, 'private')).toString('base64');
  return { ...meta, signature: { alg: 'ed25519', value } };
}

/** Throws unless `meta` carries a valid ed25519 signature by the key in `publicKeyPem`. */
export function verifyMetadata(meta: DbMetadata, publicKeyPem: string, subject: string): void {
  const key = loadKey(publicKeyPem, 'public');
  if (!meta.signature) throw new HullscanError('DIGEST', 'metadata is not signed but a public key is configured', { subject });
  if (meta.signature.alg !== 'ed25519' || typeof meta.signature.value !== 'string') throw new HullscanError('DIGEST', `unsupported signature algorithm ${JSON.stringify(meta.signature.alg)}`, { subject });
  if (!verify(null, signedBytes(meta), key, Buffer.from(meta.signature.value, 'base64'))) {
    throw new HullscanError('DIGEST', 'bad signature: the metadata was not signed by the configured public key', { subject });
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
function isFile(f: unknown): f is PublishedFile {
  const x = f as PublishedFile;
  return !!x && typeof x.name === 'string' && /^[A-Za-z0-9._-]+$/.test(x.name) && (x.compression === 'br' || x.compression === 'gzip') &&
    Number.isSafeInteger(x.size) && x.size >= 0 && typeof x.sha256 === 'string' && HEX64.test(x.sha256);
}

/** Parses and shape-checks metadata JSON (untrusted: every field used later is checked here). */
export function parseMetadata(bytes: Buffer, subject: string): DbMetadata {
  if (bytes.length > MAX_METADATA_BYTES) throw new HullscanError('LIMIT', `metadata larger than ${MAX_METADATA_BYTES} bytes`, { subject });
  let m: DbMetadata;
  try { m = JSON.parse(bytes.toString('utf8')) as DbMetadata; } catch { throw new HullscanError('INPUT', 'metadata is not valid JSON', { subject }); }
  const bad = (what: string) => new HullscanError('INPUT', `not hullscan DB metadata (${what})`, { subject });
  if (!m || typeof m !== 'object' || m.format !== METADATA_FORMAT) throw bad('format');
  if (typeof m.schemaVersion !== 'string' || !/^\d+\.\d+$/.test(m.schemaVersion)) throw bad('schemaVersion');
  if (typeof m.contentHash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(m.contentHash)) throw bad('contentHash');
  if (typeof m.builtAt !== 'string') throw bad('builtAt');
  if (!isFile(m.file)) throw bad('file');
  if (!m.db || !Number.isSafeInteger(m.db.size) || m.db.size <= 0 || m.db.size > MAX_DB_BYTES || m.file.size > MAX_DB_BYTES || typeof m.db.sha256 !== 'string' || !HEX64.test(m.db.sha256)) throw bad('db');
  if (!Array.isArray(m.deltas) || !m.deltas.every((d) => isFile(d) && typeof d.from === 'string')) throw bad('deltas');
  return m;
}

/** Refuses a DB of another major schema with one line (a newer minor is fine). */
export function checkSchemaMajor(schemaVersion: string, subject: string): void {
  const major = Number(schemaVersion.split('.')[0]);
  if (major !== SCHEMA_MAJOR) {
    throw new HullscanError('DB', `published database has schema ${schemaVersion}; this hullscan reads ${SCHEMA_MAJOR}.x (update hullscan); the local database is unchanged`, { subject });
  }
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}
