// A streaming tar reader for layer walks: headers (ustar, pax, GNU long names) are parsed in place
// from the incoming chunks, and each entry's data goes to a sink only when someone wants it. No
// per-entry streams or promises: an image of a million small files costs a million header parses.
import { Writable } from 'node:stream';
import { cString, parsePax } from '../source/tar-index.js';

export type TarType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface TarHeader {
  name: string;
  type: TarType;
  size: number;
  mode: number;
  linkname: string;
}

export interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

/** Return a sink to receive the entry's data, or undefined to skip it. */
export type EntryHandler = (header: TarHeader) => EntrySink | undefined;

const BLOCK = 512;
const MAX_META = 1024 * 1024;   // pax / GNU long-name records are small; refuse hostile ones

export class TarParseError extends Error {}

export class TarParser extends Writable {
  entries = 0;
  private state: 'header' | 'data' | 'meta' | 'end' = 'header';
  private pending: Buffer | undefined;          // partial header block
  private remaining = 0;                        // data bytes left in the current entry
  private padding = 0;                          // padding bytes still to skip
  private nextPadding = 0;                      // padding after the current entry's data
  private sink: EntrySink | undefined;
  private metaType = '';
  private metaChunks: Buffer[] = [];
  private pax: Record<string, string> | undefined;
  private longName: string | undefined;
  private longLink: string | undefined;
  private offset = 0;                           // bytes consumed, for messages

  constructor(private readonly onEntry: EntryHandler) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    try {
      this.consume(chunk);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _final(cb: (e?: Error | null) => void): void {
    try {
      this.checkEnd();
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  /** At the end of the data: throws a TarParseError when the last entry was cut off. */
  checkEnd(): void {
    if (this.state === 'end' || (this.state === 'header' && !this.pending && this.padding === 0)) return;
    throw new TarParseError(`unexpected end of data (tar entry cut off at offset ${this.offset})`);
  }

  /** Parse the next bytes of the archive (for callers that drive the parser without a stream). */
  consume(buf: Buffer): void {
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      if (this.state === 'end') { this.offset += len - pos; return; }
      if (this.padding > 0) {
        const n = Math.min(this.padding, len - pos);
        this.padding -= n; pos += n; this.offset += n;
        continue;
      }
      if (this.state === 'data' || this.state === 'meta') {
        const n = Math.min(this.remaining, len - pos);
        if (n > 0) {
          const part = buf.subarray(pos, pos + n);
          if (this.state === 'data') this.sink?.write(part);
          else this.metaChunks.push(Buffer.from(part));
          this.remaining -= n; pos += n; this.offset += n;
        }
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      // header
      let block: Buffer;
      if (this.pending) {
        const need = BLOCK - this.pending.length;
        const take = Math.min(need, len - pos);
        this.pending = Buffer.concat([this.pending, buf.subarray(pos, pos + take)]);
        pos += take;
        if (this.pending.length < BLOCK) return;
        block = this.pending;
        this.pending = undefined;
        this.header(block, 0);
      } else if (len - pos < BLOCK) {
        this.pending = Buffer.from(buf.subarray(pos));
        return;
      } else {
        this.header(buf, pos);
        pos += BLOCK;
      }
      this.offset += BLOCK;
    }
  }

  private finishEntry(): void {
    this.padding = this.nextPadding;
    this.nextPadding = 0;
    if (this.state === 'meta') {
      const data = Buffer.concat(this.metaChunks);
      this.metaChunks = [];
      if (this.metaType === 'x') this.pax = parsePax(data);
      else if (this.metaType === 'L') this.longName = cString(data, 0, data.length);
      else if (this.metaType === 'K') this.longLink = cString(data, 0, data.length);
    } else {
      this.sink?.end();
      this.sink = undefined;
    }
    this.state = 'header';
  }

  private header(b: Buffer, o: number): void {
    if (isZero(b, o)) { this.state = 'end'; return; }
    // Full checksums on the first header and on any without the ustar magic; later ustar headers are
    // covered by the layer's diffID check (any corruption fails the layer), and this is the hot path.
    if ((this.entries === 0 || !hasUstarMagic(b, o)) && !checksumOk(b, o)) throw new TarParseError(`invalid tar header at offset ${this.offset} (not a tar, or corrupt)`);
    const flag = b[o + 156]!;
    let size = parseNumber(b, o + 124, 12);
    if (size < 0 || !Number.isSafeInteger(size)) throw new TarParseError(`invalid size in tar header at offset ${this.offset}`);
    const data = Math.ceil(size / BLOCK) * BLOCK;
    // pax 'x' / 'g', GNU 'L' / 'K': metadata for the next header
    if (flag === 0x78 || flag === 0x67 || flag === 0x4c || flag === 0x4b) {
      if (size > MAX_META) throw new TarParseError(`oversized tar metadata record (${size} bytes) at offset ${this.offset}`);
      this.metaType = String.fromCharCode(flag);
      if (flag === 0x67) this.metaType = 'g';
      this.state = 'meta';
      this.remaining = size;
      this.nextPadding = data - size;
      if (size === 0) this.finishEntry();
      return;
    }
    const pax = this.pax;
    let name = pax?.path ?? this.longName;
    if (name === undefined) {
      name = cString(b, o, 100);
      // POSIX ustar ("ustar\0") splits long names into prefix + name; old GNU ("ustar  ") uses that space otherwise
      if (b[o + 257] === 0x75 && b[o + 262] === 0 && b[o + 345] !== 0) name = cString(b, o + 345, 155) + '/' + name;
    }
    const linkname = pax?.linkpath ?? this.longLink ?? (b[o + 157] === 0 ? '' : cString(b, o + 157, 100));
    if (pax?.size !== undefined) {
      const s = Number(pax.size);
      if (Number.isSafeInteger(s) && s >= 0) size = s;
    }
    this.pax = undefined; this.longName = undefined; this.longLink = undefined;
    const type: TarType = flag === 0x30 || flag === 0 || flag === 0x37 ? 'file'
      : flag === 0x35 ? 'dir' : flag === 0x32 ? 'symlink' : flag === 0x31 ? 'hardlink' : 'other';
    this.entries++;
    const hasData = type === 'file' || type === 'other';
    const dataSize = hasData ? size : 0;
    this.sink = this.onEntry({ name, type, size: type === 'file' ? size : 0, mode: parseNumber(b, o + 100, 8), linkname });
    this.remaining = dataSize;
    this.nextPadding = Math.ceil(dataSize / BLOCK) * BLOCK - dataSize;
    this.state = 'data';
    if (dataSize === 0) this.finishEntry();
  }
}

function isZero(b: Buffer, o: number): boolean {
  for (let i = o; i < o + BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

function hasUstarMagic(b: Buffer, o: number): boolean {
  return b[o + 257] === 0x75 && b[o + 258] === 0x73 && b[o + 259] === 0x74 && b[o + 260] === 0x61 && b[o + 261] === 0x72;
}

function checksumOk(b: Buffer, o: number): boolean {
  const stored = parseNumber(b, o + 148, 8);
  let sum = 8 * 32;
  for (let i = o; i < o + 148; i++) sum += b[i]!;
  for (let i = o + 156; i < o + BLOCK; i++) sum += b[i]!;
  return sum === stored;
}

/** Octal, or GNU base-256 when the high bit is set. -1 when malformed. */
function parseNumber(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let v = b[off]! & 0x7f;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  let i = off;
  const end = off + len;
  while (i < end && b[i] === 0x20) i++;
  let v = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return -1;
    v = v * 8 + (c - 0x30);
  }
  return v;
}
