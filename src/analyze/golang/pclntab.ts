// The Go pclntab header and its function-name table (runtime/symtab.go, debug/gosym).
// The table survives `-s -w` stripping because the runtime needs it for stack traces.

/** First 4 bytes of the table, little-endian value, by format. */
const MAGICS: Record<number, 'go1.20' | 'go1.18' | 'go1.16' | 'go1.2'> = {
  0xfffffff1: 'go1.20', 0xfffffff0: 'go1.18', 0xfffffffa: 'go1.16', 0xfffffffb: 'go1.2',
};
export const PCLNTAB_MAGIC_PREFIXES: Buffer[] = Object.keys(MAGICS).flatMap((k) => {
  const le = Buffer.alloc(4); le.writeUInt32LE(Number(k));
  const be = Buffer.alloc(4); be.writeUInt32BE(Number(k));
  return [le, be];
});
/** Bytes needed to read any header: 8 fixed + 8 words of up to 8 bytes. */
export const PCLNTAB_HEADER_MAX_BYTES = 8 + 8 * 8;
const MAX_FUNCNAME_TABLE_BYTES = 64 * 1024 * 1024;

export interface PclntabHeader {
  format: 'go1.20' | 'go1.18' | 'go1.16' | 'go1.2';
  ptrSize: 4 | 8;
  nfunc: number;
  /** Byte range of the function-name table relative to the header start; absent for go1.2 tables. */
  funcnames?: { start: number; end: number };
}

/** Parse and sanity-check a candidate header; undefined when these bytes are not one. */
export function parsePclntabHeader(b: Buffer): PclntabHeader | undefined {
  if (b.length < 8) return undefined;
  let big = false;
  let format = MAGICS[b.readUInt32LE(0)];
  if (!format) { format = MAGICS[b.readUInt32BE(0)]; big = true; }
  if (!format || b[4] !== 0 || b[5] !== 0) return undefined;
  const minLC = b[6]!;
  const ptrSize = b[7]!;
  if (![1, 2, 4].includes(minLC) || (ptrSize !== 4 && ptrSize !== 8)) return undefined;
  const words = format === 'go1.2' ? 1 : format === 'go1.16' ? 7 : 8;
  if (b.length < 8 + words * ptrSize) return undefined;
  const word = (i: number): number => {
    const at = 8 + i * ptrSize;
    if (ptrSize === 4) return big ? b.readUInt32BE(at) : b.readUInt32LE(at);
    const v = big ? b.readBigUInt64BE(at) : b.readBigUInt64LE(at);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
  };
  const nfunc = word(0);
  if (nfunc <= 0 || nfunc > 10_000_000) return undefined;
  if (format === 'go1.2') return { format, ptrSize, nfunc };
  // go1.16: nfunc, nfiles, funcnameOffset, cuOffset, ...; go1.18+: nfunc, nfiles, textStart, funcnameOffset, cuOffset, ...
  const first = format === 'go1.16' ? 2 : 3;
  const offsets = [first, first + 1, first + 2, first + 3, first + 4].map(word);
  const headerBytes = 8 + words * ptrSize;
  if (offsets[0]! < headerBytes) return undefined;
  for (let i = 1; i < offsets.length; i++) if (!(offsets[i]! >= offsets[i - 1]!)) return undefined;
  const [start, end] = [offsets[0]!, offsets[1]!];
  if (end - start > MAX_FUNCNAME_TABLE_BYTES || end <= start) return undefined;
  return { format, ptrSize, nfunc, funcnames: { start, end } };
}

/** Split the NUL-separated name table; keep only names that look like Go symbols. */
export function parseFuncNames(table: Buffer): string[] {
  const names: string[] = [];
  let from = 0;
  while (from < table.length) {
    let nul = table.indexOf(0, from);
    if (nul < 0) nul = table.length;
    if (nul > from) names.push(table.toString('utf8', from, nul));
    from = nul + 1;
  }
  return names;
}

/** A plausible table is text: printable names separated by NULs (C names of cgo binaries come first). */
export function looksLikeFuncNames(table: Buffer): boolean {
  if (table.length === 0 || table[0] === 0 || table[table.length - 1] !== 0) return false;
  const head = table.subarray(0, Math.min(table.length, 4096));
  for (const b of head) if (b !== 0 && (b < 0x20 || b === 0x7f)) return false;
  return true;
}
