// Test fixture helper (see build.sh).
//   export-headers.mjs RPMDB.SQLITE DIR      writes each stored header blob to DIR/<hnum>.hdr
//   export-headers.mjs --db-load-text DIR    prints them as db_load -T input: key line, value line,
//                                            every byte escaped as \xx; keys are rpm's host-order
//                                            uint32 instance numbers, plus rpm's key-0 counter record
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const hex = (buf) => [...buf].map((b) => '\\' + b.toString(16).padStart(2, '0')).join('');
const u32le = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };

if (process.argv[2] === '--db-load-text') {
  const dir = process.argv[3];
  const keys = readdirSync(dir).map((f) => Number(f.replace('.hdr', ''))).sort((a, b) => a - b);
  const lines = [];
  lines.push(hex(u32le(0)), hex(u32le(keys[keys.length - 1] + 1)));
  for (const k of keys) lines.push(hex(u32le(k)), hex(readFileSync(join(dir, `${k}.hdr`))));
  process.stdout.write(lines.join('\n') + '\n');
} else {
  const [dbPath, dir] = process.argv.slice(2);
  mkdirSync(dir, { recursive: true });
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  for (const { hnum, blob } of db.prepare('SELECT hnum, blob FROM Packages').all()) writeFileSync(join(dir, `${hnum}.hdr`), blob);
  db.close();
}
