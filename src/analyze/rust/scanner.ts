// Streams an executable and returns only its `.dep-v0` section (cargo-auditable). cargo-auditable gives
// that section no flags (not SHF_ALLOC), so linkers place it after every loaded segment, among .comment,
// .symtab and .shstrtab. The scanner therefore keeps only the bytes past the last PT_LOAD segment
// (a few KB in a stripped binary), plus the section header table, wherever it is.
import type { StreamScanner } from '../types.js';
import { RangeCapture } from '../golang/capture.js';
import { parseElfHeader, parseProgramHeaders, parseSectionHeaders, sectionName, type ElfHeader } from '../golang/elf.js';

/** Most bytes kept past the loaded segments (unstripped debug info beyond this is not searched). */
export const RUST_TAIL_MAX_BYTES = 64 * 1024 * 1024;
const MAX_SECTION_BYTES = 4 * 1024 * 1024;
const MAX_HEADER_TABLE_BYTES = 1 << 20;
const SECTION = '.dep-v0';
const PT_LOAD = 1;

export class RustAuditScanner implements StreamScanner {
  private pos = 0;
  private head = Buffer.alloc(0);
  private elf?: ElfHeader;
  private phdrs?: RangeCapture;
  private shdrs?: RangeCapture;
  /** Offset from which bytes are kept; known once the program headers have passed. */
  private tailFrom?: number;
  private tail?: RangeCapture;
  private gaveUp = false;

  write(chunk: Buffer): void | 'done' {
    if (this.gaveUp) return 'done';
    const at = this.pos;
    this.pos += chunk.length;
    if (!this.elf) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 64)]);
      if (this.head.length < 64) return undefined;
      this.elf = parseElfHeader(this.head);
      if (!this.elf || this.elf.shnum === 0) return this.giveUp();
      const h = this.elf;
      if (h.phentsize * h.phnum > MAX_HEADER_TABLE_BYTES || h.shentsize * h.shnum > MAX_HEADER_TABLE_BYTES) return this.giveUp();
      this.phdrs = new RangeCapture(h.phoff, h.phoff + h.phentsize * h.phnum);
      this.shdrs = new RangeCapture(h.shoff, h.shoff + h.shentsize * h.shnum);
      // Program headers follow the ELF header; headers split over tiny first chunks are not worth handling.
      if (at !== 0) return this.giveUp();
    }
    this.phdrs!.offer(chunk, at);
    this.shdrs!.offer(chunk, at);
    if (this.tailFrom === undefined && this.phdrs!.complete) {
      const loads = parseProgramHeaders(this.phdrs!.bytes(), this.elf!).filter((p) => p.type === PT_LOAD);
      this.tailFrom = loads.reduce((end, p) => Math.max(end, p.offset + p.filesz), 0);
      this.tail = new RangeCapture(this.tailFrom, this.tailFrom + RUST_TAIL_MAX_BYTES);
    }
    if (this.tailFrom === undefined) {
      if (this.pos > MAX_HEADER_TABLE_BYTES) return this.giveUp(); // program headers never came
      return undefined;
    }
    this.tail!.offer(chunk, at);
    if (this.tail!.complete) return this.giveUp(); // more than the cap after the loaded part
    return undefined;
  }

  private giveUp(): 'done' {
    this.gaveUp = true;
    this.tail = undefined;
    return 'done';
  }

  /** The compressed `.dep-v0` bytes, or an empty buffer. */
  finish(): Buffer {
    const none = Buffer.alloc(0);
    if (this.gaveUp || !this.elf || !this.tail || !this.shdrs?.complete) return none;
    const sections = parseSectionHeaders(this.shdrs.bytes(), this.elf);
    const tail = this.tail.bytes();
    const from = this.tailFrom!;
    const slice = (offset: number, size: number): Buffer | undefined =>
      offset >= from && offset + size <= from + tail.length ? tail.subarray(offset - from, offset - from + size) : undefined;
    const names = sections[this.elf.shstrndx];
    const strtab = names && names.size <= MAX_SECTION_BYTES ? slice(names.offset, names.size) : undefined;
    if (!strtab) return none;
    const dep = sections.find((s) => sectionName(strtab, s) === SECTION);
    const bytes = dep && dep.size <= MAX_SECTION_BYTES ? slice(dep.offset, dep.size) : undefined;
    return bytes ? Buffer.from(bytes) : none;
  }
}
