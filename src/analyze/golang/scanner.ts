// Streams a binary once and keeps only what the Go analyzer needs: the build-info blob and the
// pclntab function-name table. Each is found by its magic, so nothing else is buffered.
import type { StreamScanner } from '../types.js';
import { RangeCapture } from './capture.js';
import { sniffBinaryFormat, type BinaryFormat } from './executable.js';
import { PF_W, PF_X, PT_LOAD, elfExpectedSize, parseElfHeader, parseProgramHeaders, parseSectionHeaders, type ElfHeader } from './elf.js';
import { BUILDINFO_MAGIC, parseBuildInfoBlob, type GoBuildInfo } from './buildinfo.js';
import { PCLNTAB_HEADER_MAX_BYTES, looksLikeFuncNames, parseFuncNames, parsePclntabHeader } from './pclntab.js';

/** Bytes kept after the build-info magic while waiting for its inline strings. */
const BUILDINFO_WINDOW = 4 * 1024 * 1024;
/** Longest magic, minus one: how much of the previous chunk a match may start in. */
const OVERLAP = 16;

export type SymbolsState = 'present' | 'stripped';

export interface GoBinaryScan {
  format: BinaryFormat;
  buildInfo?: GoBuildInfo;
  /** Why the build info could not be read although its magic was there. */
  buildInfoProblem?: string;
  /** Function names from the pclntab (including inlined ones), when found. */
  symbols?: string[];
  symbolsState: SymbolsState;
  /** An ELF shorter than its own headers say: bytes present and bytes expected. */
  truncated?: { have: number; need: number };
}

const BUILDINFO_NEEDLES = [BUILDINFO_MAGIC];

/** Marks scanner output so analyze() can tell it from raw file bytes (tests, or a walk without Want.scan). */
const OUTPUT_TAG = Buffer.from('hullscan-go-scan-v1\n');

export class GoBinaryScanner implements StreamScanner {
  private pos = 0;                    // absolute offset of the next chunk
  private head = Buffer.alloc(0);     // first bytes, to tell the format
  private format: BinaryFormat | undefined;
  private notBinary = false;
  private tail = Buffer.alloc(0);     // last OVERLAP bytes of the previous chunk
  private pclnMagics: Buffer[] = [];
  private buildInfoCapture?: RangeCapture;
  private buildInfo?: GoBuildInfo;
  private buildInfoProblem?: string;
  private pointerForm = false;
  private headerCaptures: RangeCapture[] = [];
  private namesCapture?: RangeCapture;
  private symbols?: string[];
  private stoppedEarly = false;
  private elf?: ElfHeader;
  private elfTables?: { ph: RangeCapture; sh: RangeCapture };
  /**
   * ELF only, once the program headers have passed: the file ranges where the pclntab may be (loaded
   * data: not code, unless the linker merged read-only data into the code segment) and of the
   * writable segments (`.go.buildinfo` is writable data). Searching only there, and stopping after
   * the last writable byte when no build info was found, spares most of the work on the many
   * executables that are not Go.
   */
  private pclnRanges?: [number, number][];
  private writable?: [number, number][];

  write(chunk: Buffer): void | 'done' {
    if (this.notBinary) return 'done';
    if (!this.format) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 64)]);
      if (this.head.length < 64 && this.pos + chunk.length < 64) { this.pos += chunk.length; this.tail = this.head; return; }
      this.format = sniffBinaryFormat(this.head);
      if (!this.format) { this.notBinary = true; return 'done'; }
      this.pclnMagics = pclntabMagicsFor(this.format, this.head);
      this.elf = this.format === 'elf' ? parseElfHeader(this.head) : undefined;
      if (this.elf) {
        const h = this.elf;
        // Header tables are small; cap them so a hostile header cannot make us buffer much.
        this.elfTables = {
          ph: new RangeCapture(h.phoff, h.phoff + Math.min(h.phentsize * h.phnum, 1 << 20)),
          sh: new RangeCapture(h.shoff, h.shoff + Math.min(h.shentsize * h.shnum, 1 << 20)),
        };
      }
      // Reprocess what was consumed before the format was known (only possible with tiny chunks).
      if (this.pos > 0) { const early = this.head.subarray(0, this.pos); this.pos = 0; this.tail = Buffer.alloc(0); this.scanChunk(early); }
    }
    this.scanChunk(chunk);
    if (this.buildInfo && this.symbols) { this.stoppedEarly = true; return 'done'; }
    if (this.writable && !this.buildInfo && !this.buildInfoCapture && !this.pointerForm && this.pos >= rangesEnd(this.writable)) {
      this.stoppedEarly = true;   // past every writable segment without build info: not a Go binary
      return 'done';
    }
    return undefined;
  }

  /** Program headers complete: note where the loaded and the writable segments lie. */
  private learnSegments(): void {
    const ph = parseProgramHeaders(this.elfTables!.ph.bytes(), this.elf!).filter((p) => p.type === PT_LOAD && p.filesz > 0);
    if (ph.length === 0) return;   // no segments: search everything, as for other formats
    // A read-only segment means read-only data was not merged into the code (GNU ld -z separate-code,
    // lld, Go's own linker): then the pclntab, which is data, is not in an executable segment.
    const data = ph.filter((p) => (p.flags & PF_X) === 0);
    const separateData = data.some((p) => (p.flags & PF_W) === 0);
    this.pclnRanges = coalesce((separateData ? data : ph).map((p) => [p.offset, p.offset + p.filesz]));
    const writable = ph.filter((p) => (p.flags & PF_W) !== 0);
    if (writable.length > 0) this.writable = coalesce(writable.map((p) => [p.offset, p.offset + p.filesz]));
  }

  private scanChunk(chunk: Buffer): void {
    const at = this.pos;
    if (this.elfTables) {
      const phWasComplete = this.elfTables.ph.complete;
      this.elfTables.ph.offer(chunk, at);
      this.elfTables.sh.offer(chunk, at);
      if (!phWasComplete && this.elfTables.ph.complete) this.learnSegments();
    }
    const window = this.tail.length ? Buffer.concat([this.tail, chunk.subarray(0, OVERLAP)]) : undefined;
    const windowAt = at - this.tail.length;
    const end = at + chunk.length;

    if (!this.buildInfo && !this.pointerForm) {
      if (!this.buildInfoCapture) {
        if (!this.writable || overlaps(this.writable, windowAt, end)) {
          const hit = findAligned(window, windowAt, chunk, at, BUILDINFO_NEEDLES, 16, this.writable);
          if (hit !== undefined) this.buildInfoCapture = this.startCapture(hit, hit + BUILDINFO_WINDOW, chunk, at);
        }
      } else this.buildInfoCapture.offer(chunk, at);
      this.tryBuildInfo(false);
    }

    if (!this.symbols) {
      const searchHere = !this.pclnRanges || overlaps(this.pclnRanges, windowAt, end);
      if (searchHere) {
        for (const hit of findAll(window, windowAt, chunk, at, this.pclnMagics, 32, this.pclnRanges)) {
          this.headerCaptures.push(this.startCapture(hit, hit + PCLNTAB_HEADER_MAX_BYTES, chunk, at));
        }
      }
      for (const c of this.headerCaptures) c.offer(chunk, at);
      this.tryPclntab(chunk, at);
      this.namesCapture?.offer(chunk, at);
      this.tryNames();
    }

    this.tail = Buffer.from(chunk.length >= OVERLAP ? chunk.subarray(chunk.length - OVERLAP) : Buffer.concat([this.tail, chunk]).subarray(-OVERLAP));
    this.pos += chunk.length;
  }

  private startCapture(start: number, end: number, chunk: Buffer, at: number): RangeCapture {
    const c = new RangeCapture(start, end);
    if (start < at) c.offer(this.tail, at - this.tail.length);
    c.offer(chunk, at);
    return c;
  }

  private tryBuildInfo(eof: boolean): void {
    const cap = this.buildInfoCapture;
    if (!cap || this.buildInfo) return;
    const r = parseBuildInfoBlob(cap.bytes(), eof || cap.complete);
    if (r.kind === 'ok') this.buildInfo = r.info;
    else if (r.kind === 'pointer-form') { this.pointerForm = true; this.buildInfoProblem = 'Go < 1.18 build info (pointer form) is not supported'; }
    else if (r.kind === 'invalid') { this.buildInfoProblem = r.reason; this.buildInfoCapture = undefined; } // a stray copy of the magic: keep looking
  }

  private tryPclntab(chunk: Buffer, at: number): void {
    if (this.namesCapture) return;
    const remaining: RangeCapture[] = [];
    for (const c of this.headerCaptures) {
      if (!c.complete) { remaining.push(c); continue; }
      const h = parsePclntabHeader(c.bytes());
      if (!h?.funcnames) continue;
      this.namesCapture = new RangeCapture(c.start + h.funcnames.start, c.start + h.funcnames.end);
      // The table may begin a few bytes before this chunk (right after the header).
      this.namesCapture.offer(this.tail, at - this.tail.length);
      this.namesCapture.offer(chunk, at);
      break;
    }
    this.headerCaptures = this.namesCapture ? [] : remaining;
  }

  private tryNames(): void {
    const cap = this.namesCapture;
    if (!cap?.complete) return;
    const table = cap.bytes();
    if (looksLikeFuncNames(table)) this.symbols = parseFuncNames(table);
    this.namesCapture = undefined; // not a real table: keep searching
  }

  result(): GoBinaryScan | undefined {
    if (!this.format) return undefined;
    this.tryBuildInfo(true);
    return {
      format: this.format,
      ...(this.buildInfo ? { buildInfo: this.buildInfo } : {}),
      ...(!this.buildInfo && this.buildInfoProblem ? { buildInfoProblem: this.buildInfoProblem } : {}),
      ...(this.symbols ? { symbols: this.symbols } : {}),
      symbolsState: this.symbols ? 'present' : 'stripped',
      ...this.truncation(),
    };
  }

  /** An ELF whose segments or sections reach past the bytes we saw was cut short. */
  private truncation(): { truncated?: { have: number; need: number } } {
    if (!this.elf || this.stoppedEarly) return {};
    const ph = this.elfTables?.ph.complete ? parseProgramHeaders(this.elfTables.ph.bytes(), this.elf) : [];
    const sh = this.elfTables?.sh.complete ? parseSectionHeaders(this.elfTables.sh.bytes(), this.elf) : [];
    const need = elfExpectedSize(this.elf, ph, sh);
    return need > this.pos ? { truncated: { have: this.pos, need } } : {};
  }

  finish(): Buffer {
    const r = this.result();
    // Only Go binaries are worth handing on; everything else becomes an empty entry.
    if (!r || (!r.buildInfo && !r.buildInfoProblem && !r.truncated)) return Buffer.alloc(0);
    return Buffer.concat([OUTPUT_TAG, Buffer.from(JSON.stringify(r))]);
  }
}

/** Whether [from, to) meets one of the ranges. */
function overlaps(ranges: [number, number][], from: number, to: number): boolean {
  return ranges.some(([a, b]) => a < to && from < b);
}

function rangesEnd(ranges: [number, number][]): number {
  return ranges.reduce((m, [, b]) => Math.max(m, b), 0);
}

/** Decode what finish() produced, or scan raw bytes when the walk handed over the file itself. */
export function readGoBinaryScan(content: Buffer): GoBinaryScan | undefined {
  if (content.length === 0) return undefined;
  if (content.subarray(0, OUTPUT_TAG.length).equals(OUTPUT_TAG)) {
    return JSON.parse(content.toString('utf8', OUTPUT_TAG.length)) as GoBinaryScan;
  }
  const s = new GoBinaryScanner();
  for (let off = 0; off < content.length; off += 1 << 20) if (s.write(content.subarray(off, off + (1 << 20))) === 'done') break;
  const r = s.result();
  return r && (r.buildInfo || r.buildInfoProblem || r.truncated) ? r : undefined;
}

/** pclntab magics in the byte order of this binary (Go >= 1.16 tables only; older ones hold no name table). */
function pclntabMagicsFor(format: BinaryFormat, head: Buffer): Buffer[] {
  const bigEndian = (format === 'elf' && head[5] === 2) || (format === 'macho' && (head.readUInt32BE(0) === 0xfeedface || head.readUInt32BE(0) === 0xfeedfacf));
  return [0xfffffff1, 0xfffffff0, 0xfffffffa].map((m) => {
    const b = Buffer.alloc(6);
    if (bigEndian) b.writeUInt32BE(m); else b.writeUInt32LE(m);
    return b; // followed by two zero pad bytes
  });
}

function findAligned(window: Buffer | undefined, windowAt: number, chunk: Buffer, at: number, needles: Buffer[], align: number, ranges?: [number, number][]): number | undefined {
  for (const hit of findAll(window, windowAt, chunk, at, needles, align, ranges)) return hit;
  return undefined;
}

/**
 * Absolute offsets (multiples of `align`) where one of the equally long `needles` starts in the chunk,
 * including matches that began in the previous chunk; with `ranges` (sorted, disjoint file ranges),
 * only matches inside them.
 */
function* findAll(window: Buffer | undefined, windowAt: number, chunk: Buffer, at: number, needles: Buffer[], align: number, ranges?: [number, number][]): Generator<number> {
  const len = needles[0]!.length;
  const inRanges = (o: number) => !ranges || ranges.some(([a, b]) => o >= a && o + len <= b);
  if (window) {
    // Only matches that start in the tail and cross into the chunk; the rest are found below.
    for (let o = Math.ceil(windowAt / align) * align; o < at && o + len <= windowAt + window.length; o += align) {
      if (o + len > at && inRanges(o) && matchAny(window, o - windowAt, needles)) yield o;
    }
  }
  const end = at + chunk.length;
  const firstBytes = firstByteTable(needles);
  for (const [a, b] of ranges ?? [[at, end]]) {
    const from = Math.max(a, at);
    const to = Math.min(b, end) - len;
    // Matches sit at aligned offsets only: one pass testing those (1 byte in 16 or 32), a table
    // lookup each; the needles are compared only where a first byte fits.
    for (let o = Math.ceil(from / align) * align; o <= to; o += align) {
      if (firstBytes[chunk[o - at]!] === 1 && matchAny(chunk, o - at, needles)) yield o;
    }
  }
}

const firstByteTables = new WeakMap<Buffer[], Uint8Array>();
function firstByteTable(needles: Buffer[]): Uint8Array {
  let t = firstByteTables.get(needles);
  if (!t) {
    t = new Uint8Array(256);
    for (const n of needles) t[n[0]!] = 1;
    firstByteTables.set(needles, t);
  }
  return t;
}

function matchAny(b: Buffer, i: number, needles: Buffer[]): boolean {
  const first = b[i];
  for (const n of needles) {
    if (n[0] !== first) continue;
    let k = 1;
    while (k < n.length && b[i + k] === n[k]) k++;
    if (k === n.length) return true;
  }
  return false;
}

/** Sort file ranges and merge the ones that touch, so that each byte is searched once. */
function coalesce(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b); else out.push([a, b]);
  }
  return out;
}
