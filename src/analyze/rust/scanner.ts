// Streams an executable and returns only its `.dep-v0` section (cargo-auditable). The section can sit
// anywhere and ELF section headers usually come last, so the file is held while it streams, up to a cap,
// and dropped as soon as it is known not to be ELF.
import type { StreamScanner } from '../types.js';
import { parseElfHeader, parseSectionHeaders, sectionName, type ElfHeader } from '../golang/elf.js';

/** Rust binaries above this are not checked (and not held in memory). */
export const RUST_SCAN_MAX_BYTES = 64 * 1024 * 1024;
const MAX_SECTION_BYTES = 4 * 1024 * 1024;
const SECTION = '.dep-v0';

export class RustAuditScanner implements StreamScanner {
  private chunks: Buffer[] = [];
  private size = 0;
  private gaveUp = false;
  private elf?: ElfHeader;

  write(chunk: Buffer): void | 'done' {
    if (this.gaveUp) return 'done';
    this.chunks.push(Buffer.from(chunk)); // copy: the walk may reuse its buffers
    this.size += chunk.length;
    if (!this.elf && this.size >= 64) {
      this.elf = parseElfHeader(this.read(0, 64));
      if (!this.elf) return this.giveUp();
    }
    if (this.size > RUST_SCAN_MAX_BYTES) return this.giveUp();
    return undefined;
  }

  private giveUp(): 'done' {
    this.gaveUp = true;
    this.chunks = [];
    return 'done';
  }

  /** Bytes [start, start+len) of what was kept, or fewer if the file is shorter. */
  private read(start: number, len: number): Buffer {
    const parts: Buffer[] = [];
    let at = 0;
    for (const c of this.chunks) {
      const from = Math.max(start, at);
      const to = Math.min(start + len, at + c.length);
      if (to > from) parts.push(c.subarray(from - at, to - at));
      at += c.length;
      if (at >= start + len) break;
    }
    return Buffer.concat(parts);
  }

  /** The compressed `.dep-v0` bytes, or an empty buffer. */
  finish(): Buffer {
    const h = this.elf;
    if (this.gaveUp || !h || h.shnum === 0) return Buffer.alloc(0);
    const sections = parseSectionHeaders(this.read(h.shoff, Math.min(h.shnum * h.shentsize, 1 << 20)), h);
    const names = sections[h.shstrndx];
    if (!names || names.size > MAX_SECTION_BYTES) return Buffer.alloc(0);
    const strtab = this.read(names.offset, names.size);
    const dep = sections.find((s) => sectionName(strtab, s) === SECTION);
    const bytes = dep && dep.size <= MAX_SECTION_BYTES ? this.read(dep.offset, dep.size) : Buffer.alloc(0);
    this.chunks = [];
    return dep && bytes.length === dep.size ? bytes : Buffer.alloc(0);
  }
}
