// Minimal ELF header reading (both classes, both byte orders): just what the binary analyzers need
// to find sections and to notice a file cut short.

export interface ElfHeader {
  is64: boolean;
  bigEndian: boolean;
  phoff: number; phentsize: number; phnum: number;
  shoff: number; shentsize: number; shnum: number; shstrndx: number;
}

export interface ElfSection { nameOffset: number; type: number; offset: number; size: number }
export interface ElfSegment { type: number; flags: number; offset: number; filesz: number }

export const SHT_NOBITS = 8;
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;

class Reader {
  constructor(private readonly b: Buffer, private readonly big: boolean, private readonly is64: boolean) {}
  u16(o: number): number { return this.big ? this.b.readUInt16BE(o) : this.b.readUInt16LE(o); }
  u32(o: number): number { return this.big ? this.b.readUInt32BE(o) : this.b.readUInt32LE(o); }
  u64(o: number): number {
    const v = this.big ? this.b.readBigUInt64BE(o) : this.b.readBigUInt64LE(o);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }
  addr(o: number): number { return this.is64 ? this.u64(o) : this.u32(o); }
}

/** The ELF file header from the first 64 bytes, or undefined when these are not ELF. */
export function parseElfHeader(head: Buffer): ElfHeader | undefined {
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = head[4] === 2;
  const bigEndian = head[5] === 2;
  if (is64 && head.length < 64) return undefined;
  const r = new Reader(head, bigEndian, is64);
  return is64
    ? { is64, bigEndian, phoff: r.u64(0x20), shoff: r.u64(0x28), phentsize: r.u16(0x36), phnum: r.u16(0x38), shentsize: r.u16(0x3a), shnum: r.u16(0x3c), shstrndx: r.u16(0x3e) }
    : { is64, bigEndian, phoff: r.u32(0x1c), shoff: r.u32(0x20), phentsize: r.u16(0x2a), phnum: r.u16(0x2c), shentsize: r.u16(0x2e), shnum: r.u16(0x30), shstrndx: r.u16(0x32) };
}

export function parseSectionHeaders(table: Buffer, h: ElfHeader): ElfSection[] {
  const r = new Reader(table, h.bigEndian, h.is64);
  const out: ElfSection[] = [];
  for (let i = 0; i < h.shnum && (i + 1) * h.shentsize <= table.length; i++) {
    const o = i * h.shentsize;
    out.push(h.is64
      ? { nameOffset: r.u32(o), type: r.u32(o + 4), offset: r.u64(o + 0x18), size: r.u64(o + 0x20) }
      : { nameOffset: r.u32(o), type: r.u32(o + 4), offset: r.u32(o + 0x10), size: r.u32(o + 0x14) });
  }
  return out;
}

export function parseProgramHeaders(table: Buffer, h: ElfHeader): ElfSegment[] {
  const r = new Reader(table, h.bigEndian, h.is64);
  const out: ElfSegment[] = [];
  for (let i = 0; i < h.phnum && (i + 1) * h.phentsize <= table.length; i++) {
    const o = i * h.phentsize;
    out.push(h.is64
      ? { type: r.u32(o), flags: r.u32(o + 4), offset: r.u64(o + 8), filesz: r.u64(o + 0x20) }
      : { type: r.u32(o), flags: r.u32(o + 0x18), offset: r.u32(o + 4), filesz: r.u32(o + 0x10) });
  }
  return out;
}

/** Name of a section from the section-name string table. */
export function sectionName(shstrtab: Buffer, s: ElfSection): string {
  const end = shstrtab.indexOf(0, s.nameOffset);
  return shstrtab.toString('latin1', s.nameOffset, end < 0 ? shstrtab.length : end);
}

/** The size the headers promise: the end of the furthest segment, section or header table. */
export function elfExpectedSize(h: ElfHeader, segments: ElfSegment[], sections: ElfSection[]): number {
  let end = Math.max(h.phoff + h.phentsize * h.phnum, h.shoff + h.shentsize * h.shnum);
  for (const p of segments) end = Math.max(end, p.offset + p.filesz);
  for (const s of sections) if (s.type !== SHT_NOBITS && s.type !== 0) end = Math.max(end, s.offset + s.size);
  return end;
}
