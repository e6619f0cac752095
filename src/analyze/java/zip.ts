// A small zip reader for jars held in memory: the central directory (zip64 aware) and stored or
// deflated entries, with the size checks a hostile archive needs.
import { inflateRawSync } from 'node:zlib';
import { HullscanError } from '../../errors.js';

export interface ZipEntry {
  name: string;
  method: number;            // 0 stored, 8 deflated
  flags: number;
  compressedSize: number;
  size: number;              // uncompressed, as declared
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;

function bad(subject: string, message: string): HullscanError {
  return new HullscanError('INPUT', message, { subject });
}

/** Entries of the central directory. `subject` names the archive in errors. */
export function readZipDirectory(buf: Buffer, subject: string, maxEntries: number): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - MAX_COMMENT); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
  }
  if (eocd < 0) throw bad(subject, 'not a zip archive (no end of central directory; corrupt or truncated)');
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw bad(subject, 'zip64 archive without zip64 locator');
    const z = safeNumber(buf.readBigUInt64LE(loc + 8));
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD_SIG) throw bad(subject, 'bad zip64 end of central directory');
    count = safeNumber(buf.readBigUInt64LE(z + 32));
    cdSize = safeNumber(buf.readBigUInt64LE(z + 40));
    cdOffset = safeNumber(buf.readBigUInt64LE(z + 48));
  }
  if (count > maxEntries) throw new HullscanError('LIMIT', `${count} zip entries (limit ${maxEntries})`, { subject });
  if (cdOffset + cdSize > buf.length) throw bad(subject, 'central directory lies outside the file (truncated)');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDH_SIG) throw bad(subject, `corrupt central directory at entry ${i}`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString(buf.readUInt16LE(p + 8) & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen),
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localHeaderOffset === 0xffffffff) {
      applyZip64Extra(e, buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function applyZip64Extra(e: ZipEntry, extra: Buffer): void {
  for (let q = 0; q + 4 <= extra.length;) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const next = (): number => { const v = r + 8 <= q + 4 + len ? safeNumber(extra.readBigUInt64LE(r)) : 0; r += 8; return v; };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.localHeaderOffset === 0xffffffff) e.localHeaderOffset = next();
      return;
    }
    q += 4 + len;
  }
}

function safeNumber(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

export interface InflateLimits {
  /** Most bytes this entry may inflate to. */
  maxBytes: number;
  /** Highest allowed uncompressed/compressed ratio for entries larger than 1 MB. */
  maxRatio: number;
}

/** The uncompressed bytes of an entry, within the limits (LIMIT errors otherwise). */
export function readZipEntry(buf: Buffer, e: ZipEntry, subject: string, limits: InflateLimits): Buffer {
  const where = `${subject}!${e.name}`;
  if (e.flags & 0x1) throw bad(where, 'encrypted zip entry');
  const h = e.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LFH_SIG) throw bad(where, 'corrupt local file header');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw bad(where, 'entry data lies outside the file (truncated)');
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.size > limits.maxBytes) throw new HullscanError('LIMIT', `entry of ${e.size} bytes exceeds the ${limits.maxBytes}-byte limit`, { subject: where });
  if (e.size > 1 << 20 && e.size > limits.maxRatio * Math.max(1, e.compressedSize)) {
    throw new HullscanError('LIMIT', `compression ratio ${Math.round(e.size / Math.max(1, e.compressedSize))}:1 looks like a zip bomb`, { subject: where });
  }
  if (e.method === 0) return data;
  if (e.method !== 8) throw bad(where, `unsupported zip compression method ${e.method}`);
  try {
    // The declared size may lie: the output cap holds whatever the stream really expands to.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(limits.maxBytes, Math.max(e.size, 1))) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new HullscanError('LIMIT', `inflates beyond its declared ${e.size} bytes`, { subject: where });
    throw bad(where, `corrupt deflate data (${(err as Error).message})`);
  }
}
