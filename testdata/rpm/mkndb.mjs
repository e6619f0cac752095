// Test fixture helper (see build.sh): writes header blobs as an rpm ndb Packages.db, following the
// layout of rpm's lib/backend/ndb/rpmpkg.c (rpmpkgWriteHeader, rpmpkgWriteslot, rpmpkgWriteBlob).
// Usage: mkndb.mjs HEADERS_DIR OUT_FILE
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, out] = process.argv.slice(2);
const PAGE = 4096, BLK = 16, SLOT = 16, HEAD = 16, TAIL = 12;
const tag = (s) => s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);
function adler32(buf) {
  let a = 1, b = 0;
  for (const x of buf) { a = (a + x) % 65521; b = (b + a) % 65521; }
  return ((b << 16) | a) >>> 0;
}
const keys = readdirSync(dir).map((f) => Number(f.replace('.hdr', ''))).sort((a, b) => a - b);
const slotPages = Math.ceil((32 + (keys.length + 1) * SLOT) / PAGE);
const chunks = [];
let blk = (slotPages * PAGE) / BLK;
const slots = Buffer.alloc(slotPages * PAGE);
for (let o = 0; o < slots.length; o += SLOT) slots.writeUInt32LE(tag('Slot') >>> 0, o);
keys.forEach((key, i) => {
  const blob = readFileSync(join(dir, `${key}.hdr`));
  const blkcnt = Math.ceil((HEAD + blob.length + TAIL) / BLK);
  const rec = Buffer.alloc(blkcnt * BLK);
  rec.writeUInt32LE(tag('BlbS') >>> 0, 0);
  rec.writeUInt32LE(key, 4);
  rec.writeUInt32LE(1767225600, 8);
  rec.writeUInt32LE(blob.length, 12);
  blob.copy(rec, HEAD);
  const tail = rec.length - TAIL;
  rec.writeUInt32LE(adler32(rec.subarray(0, tail)), tail);
  rec.writeUInt32LE(blob.length, tail + 4);
  rec.writeUInt32LE(tag('BlbE') >>> 0, tail + 8);
  const slot = 32 + i * SLOT;
  slots.writeUInt32LE(key, slot + 4);
  slots.writeUInt32LE(blk, slot + 8);
  slots.writeUInt32LE(blkcnt, slot + 12);
  chunks.push(rec);
  blk += blkcnt;
});
slots.writeUInt32LE(tag('RpmP') >>> 0, 0);
slots.writeUInt32LE(0, 4);
slots.writeUInt32LE(keys.length + 1, 8);
slots.writeUInt32LE(slotPages, 12);
slots.writeUInt32LE(keys[keys.length - 1] + 1, 16);
writeFileSync(out, Buffer.concat([slots, ...chunks]));
