// Random access into an outer tar archive: read every header once, remember where each entry's
// data sits, and serve reads from those offsets. Image archives are read without extracting them.
import { open, type FileHandle } from 'node:fs/promises';
import { HullscanError } from '../errors.js';

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;         // normalised: no leading './' or '/', no trailing '/'
  type: TarEntryType;
  offset: number;       // where the data starts in the archive file
  size: number;
  linkName?: string;
}

const BLOCK = 512;
/** Outer image archives hold a handful of entries (a few per layer); refuse absurd counts. */
export const MAX_OUTER_ENTRIES = 200_000;
const MAX_META_BYTES = 1024 * 1024;   // pax / GNU long-name records

export async function indexTar(path: string, fileSize: number): Promise<Map<string, TarEntry>> {
  const fh = await open(path, 'r');
  try {
    return await readHeaders(fh, path, fileSize);
  } finally {
    await fh.close();
  }
}

async function readHeaders(fh: FileHandle, path: string, fileSize: number): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  const header = Buffer.alloc(BLOCK);
  let pos = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let count = 0;
  for (;;) {
    if (pos + BLOCK > fileSize) {
      if (count === 0) throw new HullscanError('INPUT', 'not a tar archive or OCI layout (unknown format)', { subject: path });
      break; // archives may end without the two zero blocks
    }
    const { bytesRead } = await fh.read(header, 0, BLOCK, pos);
    if (bytesRead < BLOCK) break;
    if (isZeroBlock(header)) break;
    if (!checksumOk(header)) {
      throw new HullscanError('INPUT', count === 0
        ? 'not a tar archive or OCI layout (unknown format)'
        : `corrupt tar header at offset ${pos}`, { subject: path });
    }
    if (++count > MAX_OUTER_ENTRIES) throw new HullscanError('LIMIT', `more than ${MAX_OUTER_ENTRIES} entries in the archive`, { subject: path });
    const size = parseNumber(header, 124, 12);
    if (size < 0 || !Number.isSafeInteger(size)) throw new HullscanError('INPUT', `bad entry size at offset ${pos}`, { subject: path });
    const dataStart = pos + BLOCK;
    if (dataStart + size > fileSize) throw new HullscanError('INPUT', `truncated archive: entry at offset ${pos} runs past the end of the file`, { subject: path });
    const typeflag = String.fromCharCode(header[156]!);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (typeflag === 'x' || typeflag === 'L' || typeflag === 'K' || typeflag === 'g') {
      if (size > MAX_META_BYTES) throw new HullscanError('LIMIT', `oversized tar metadata record at offset ${dataStart - BLOCK}`, { subject: path });
      const data = Buffer.alloc(size);
      await fh.read(data, 0, size, dataStart);
      if (typeflag === 'x') pax = parsePax(data);
      else if (typeflag === 'L') longName = cString(data, 0, size);
      else if (typeflag === 'K') longLink = cString(data, 0, size);
      continue; // 'g' (global) records carry nothing we use
    }

    let name = pax.path ?? longName ?? ustarName(header);
    const linkName = pax.linkpath ?? longLink ?? cString(header, 157, 100);
    const realSize = pax.size !== undefined ? Number(pax.size) : size;
    pax = {}; longName = undefined; longLink = undefined;
    name = normaliseArchiveName(name);
    if (name === '') continue;
    entries.set(name, {
      name,
      type: entryType(typeflag),
      offset: dataStart,
      size: typeflag === '0' || typeflag === '\0' || typeflag === '7' ? realSize : 0,
      linkName: linkName || undefined,
    });
  }
  return entries;
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0': case '\0': case '7': return 'file';
    case '5': return 'dir';
    case '2': return 'symlink';
    case '1': return 'hardlink';
    default: return 'other';
  }
}

/** Archive-internal names: strip './' and '/', collapse '//' and '.', keep '..' visible to callers. */
export function normaliseArchiveName(name: string): string {
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    parts.push(p);
  }
  return parts.join('/');
}

function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

export function checksumOk(h: Buffer): boolean {
  const stored = parseOctal(h, 148, 8);
  if (stored < 0) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === stored;
}

function parseOctal(b: Buffer, off: number, len: number): number {
  let i = off;
  const end = off + len;
  while (i < end && (b[i] === 0x20 || b[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return -1;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? (b[off] === 0 || b[off] === 0x20 ? 0 : -1) : v;
}

/** Numeric header field: octal, or GNU base-256 when the high bit is set (sizes >= 8 GiB). */
export function parseNumber(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let v = b[off]! & 0x7f;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  return parseOctal(b, off, len);
}

export function cString(b: Buffer, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return b.toString('utf8', off, end);
}

function ustarName(h: Buffer): string {
  const name = cString(h, 0, 100);
  // POSIX ustar ("ustar\0") splits long names into prefix + name; old GNU ("ustar  ") uses that space otherwise
  if (h.toString('latin1', 257, 262) === 'ustar' && h[262] === 0) {
    const prefix = cString(h, 345, 155);
    if (prefix) return `${prefix}/${name}`;
  }
  return name;
}

/** pax records: "<len> <key>=<value>\n" */
export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const sp = data.indexOf(0x20, pos);
    if (sp < 0) break;
    const len = Number(data.toString('latin1', pos, sp));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length) break;
    const rec = data.toString('utf8', sp + 1, pos + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    pos += len;
  }
  return out;
}
