// rpm's own "ndb" package store, Packages.db (openSUSE/SLES 15 SP3+). From rpm's lib/backend/ndb/rpmpkg.c:
// a 32-byte header {"RpmP", version 0, generation, slot pages, next index}, then slot pages of 4096
// bytes holding 16-byte slots {"Slot", pkgidx, blkoff, blkcnt} (page 0's slots start after the
// header), then blobs at blkoff * 16: {"BlbS", pkgidx, timestamp, length}, the header blob, zero
// padding, and a tail {adler32, length, "BlbE"}. All integers little-endian.
import { HullscanError } from '../../errors.js';
import type { RawHeader } from './sqlite.js';

const MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_HEAD = 0x53626c42; // "BlbS"
const BLOB_TAIL = 0x45626c42; // "BlbE"
const PAGE = 4096;
const SLOT = 16;
const BLK = 16;
const HEAD = 16;
const TAIL = 12;

export function isNdb(buf: Buffer): boolean {
  return buf.length >= 32 && buf.readUInt32LE(0) === MAGIC;
}

function adler32(buf: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < buf.length; ) {
    const end = Math.min(i + 5552, buf.length);
    for (; i < end; i++) { a += buf[i]!; b += a; }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export function readNdbRpmdb(buf: Buffer, subject: string): RawHeader[] {
  const bad = (why: string) => new HullscanError('INPUT', `malformed ndb Packages.db: ${why}`, { subject });
  if (!isNdb(buf)) throw bad('no "RpmP" magic');
  if (buf.readUInt32LE(4) !== 0) throw bad(`unknown version ${buf.readUInt32LE(4)}`);
  const slotPages = buf.readUInt32LE(12);
  if (slotPages < 1 || slotPages * PAGE > buf.length) throw bad(`${slotPages} slot pages in a ${buf.length}-byte file`);
  const fileBlks = Math.floor(buf.length / BLK);
  const minBlk = (slotPages * PAGE) / BLK;
  const out: RawHeader[] = [];
  for (let off = 32; off < slotPages * PAGE; off += SLOT) {
    if (buf.readUInt32LE(off) !== SLOT_MAGIC) throw bad(`slot at ${off} has no "Slot" magic`);
    const pkgidx = buf.readUInt32LE(off + 4);
    const blkoff = buf.readUInt32LE(off + 8);
    const blkcnt = buf.readUInt32LE(off + 12);
    if (blkoff === 0) continue; // free slot
    if (!pkgidx || !blkcnt || blkoff < minBlk || blkoff + blkcnt > fileBlks) throw bad(`slot for package ${pkgidx} points outside the file`);
    const start = blkoff * BLK;
    if (buf.readUInt32LE(start) !== BLOB_HEAD || buf.readUInt32LE(start + 4) !== pkgidx) throw bad(`blob of package ${pkgidx} has a bad head`);
    const len = buf.readUInt32LE(start + 12);
    if (blkcnt !== Math.ceil((HEAD + len + TAIL) / BLK)) throw bad(`blob of package ${pkgidx}: length ${len} does not fit ${blkcnt} blocks`);
    const tail = start + blkcnt * BLK - TAIL;
    if (buf.readUInt32LE(tail + 8) !== BLOB_TAIL || buf.readUInt32LE(tail + 4) !== len) throw bad(`blob of package ${pkgidx} has a bad tail`);
    if (adler32(buf.subarray(start, tail)) !== buf.readUInt32LE(tail)) throw bad(`blob of package ${pkgidx} fails its adler32 check`);
    out.push({ key: pkgidx, blob: buf.subarray(start + HEAD, start + HEAD + len) });
  }
  return out.sort((a, b) => a.key - b.key);
}
