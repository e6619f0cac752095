// Berkeley DB hash files: the `Packages` rpmdb of CentOS 7/8, RHEL 7/8, Amazon Linux 2, SLES 12-15.
// Layout (Berkeley DB's dbinc/db_page.h): page 0 is the hash meta page; every other page has a
// 26-byte header {lsn, pgno, prev_pgno, next_pgno, entries, hf_offset, level, type}. Hash pages
// hold `entries` item offsets, alternating key and data items; a data item is either inline
// (H_KEYDATA) or a reference to a chain of overflow pages (H_OFFPAGE) — rpm headers almost always
// are. The file is in the byte order of the machine that wrote it; the meta page's magic says which.
import { HullscanError } from '../../errors.js';
import type { RawHeader } from './sqlite.js';

const HASH_MAGIC = 0x061561;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH_UNSORTED = 2;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;
const DBMETA_CHKSUM = 0x01;

export function isBerkeleyHash(buf: Buffer): boolean {
  return buf.length >= 512 && (buf.readUInt32LE(12) === HASH_MAGIC || buf.readUInt32BE(12) === HASH_MAGIC);
}

export function readBdbRpmdb(buf: Buffer, subject: string): RawHeader[] {
  const bad = (why: string) => new HullscanError('INPUT', `malformed Berkeley DB: ${why}`, { subject });
  if (!isBerkeleyHash(buf)) throw bad('no hash database magic');
  const le = buf.readUInt32LE(12) === HASH_MAGIC;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw bad(`page size ${pageSize}`);
  if (buf[24] !== 0) throw bad('encrypted database');
  if (buf[25] !== P_HASHMETA) throw bad(`page 0 has type ${buf[25]}, not a hash meta page`);
  // Checksummed databases keep a 4-byte checksum (after 2 unused bytes) behind the page header.
  const overhead = buf[26]! & DBMETA_CHKSUM ? PAGE_HEADER + 6 : PAGE_HEADER;
  const pages = Math.floor(buf.length / pageSize);
  if (buf.length % pageSize !== 0) throw bad(`size ${buf.length} is not a multiple of the page size ${pageSize}`);

  const overflow = (first: number, total: number): Buffer => {
    const out = Buffer.allocUnsafe(total);
    let filled = 0;
    let pgno = first;
    for (let hops = 0; filled < total; hops++) {
      if (pgno <= 0 || pgno >= pages || hops >= pages) throw bad(`overflow chain breaks at page ${pgno}`);
      const base = pgno * pageSize;
      if (buf[base + 25] !== P_OVERFLOW) throw bad(`page ${pgno} is not an overflow page`);
      const len = u16(base + 22); // hf_offset holds the bytes used on an overflow page
      if (len > pageSize - overhead || filled + len > total) throw bad(`overflow page ${pgno} claims ${len} bytes`);
      buf.copy(out, filled, base + overhead, base + overhead + len);
      filled += len;
      pgno = u32(base + 16);
      if (len === 0 && filled < total) throw bad(`empty overflow page ${pgno}`);
    }
    return out;
  };

  const out: RawHeader[] = [];
  for (let pgno = 1; pgno < pages; pgno++) {
    const base = pgno * pageSize;
    const type = buf[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(base + 20);
    if (overhead + entries * 2 > pageSize) throw bad(`page ${pgno} claims ${entries} entries`);
    const offsetOf = (i: number) => u16(base + overhead + i * 2);
    const itemEnd = (i: number) => (i === 0 ? pageSize : offsetOf(i - 1));
    for (let i = 0; i + 1 < entries; i += 2) {
      const keyOff = offsetOf(i);
      const dataOff = offsetOf(i + 1);
      if (keyOff >= pageSize || dataOff >= pageSize || itemEnd(i + 1) > pageSize || dataOff >= itemEnd(i + 1)) throw bad(`page ${pgno} item ${i} out of bounds`);
      const keyType = buf[base + keyOff];
      const key = keyType === H_KEYDATA && itemEnd(i) - keyOff - 1 >= 4 ? (le ? buf.readUInt32LE(base + keyOff + 1) : buf.readUInt32BE(base + keyOff + 1)) : -1;
      const dataType = buf[base + dataOff];
      let blob: Buffer;
      if (dataType === H_KEYDATA) blob = buf.subarray(base + dataOff + 1, base + itemEnd(i + 1));
      else if (dataType === H_OFFPAGE) {
        if (dataOff + 12 > itemEnd(i + 1)) throw bad(`page ${pgno} item ${i + 1} is a short overflow reference`);
        const tlen = u32(base + dataOff + 8);
        if (tlen > buf.length) throw bad(`record of ${tlen} bytes in a ${buf.length}-byte file`);
        blob = overflow(u32(base + dataOff + 4), tlen);
      } else continue; // duplicates: rpm never stores them in Packages
      // Key 0 holds rpm's next-instance counter, not a header.
      if (key === 0) continue;
      out.push({ key, blob });
    }
  }
  return out.sort((a, b) => a.key - b.key);
}
