// rpmdb.sqlite (rpm >= 4.16: Fedora 33+, RHEL 9, Amazon Linux 2023): table Packages(hnum, blob).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HullscanError } from '../../errors.js';

export interface RawHeader { key: number; blob: Buffer }

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads every header blob. `wal` is the rpmdb.sqlite-wal beside it: rpm keeps the database in WAL
 * mode, and committed transactions not yet checkpointed live only there.
 */
export function readSqliteRpmdb(db: Buffer, wal: Buffer | undefined, subject: string): RawHeader[] {
  if (db.length < 100 || !db.subarray(0, 16).equals(SQLITE_MAGIC)) throw new HullscanError('INPUT', 'not an SQLite database', { subject });
  let handle: Database.Database;
  let tmp: string | undefined;
  try {
    if (wal && wal.length > 0) {
      // SQLite replays a WAL only from files: use a private temp copy, removed below.
      tmp = mkdtempSync(join(tmpdir(), 'hullscan-rpmdb-'));
      writeFileSync(join(tmp, 'rpmdb.sqlite'), db);
      writeFileSync(join(tmp, 'rpmdb.sqlite-wal'), wal);
      handle = new Database(join(tmp, 'rpmdb.sqlite'), { fileMustExist: true });
    } else {
      // An in-memory image of the file; bytes 18-19 say "WAL mode", which a deserialized database cannot use.
      const copy = Buffer.from(db);
      if (copy[18] === 2) copy[18] = 1;
      if (copy[19] === 2) copy[19] = 1;
      handle = new Database(copy, { readonly: true });
    }
  } catch (e) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    throw new HullscanError('INPUT', `cannot open rpmdb.sqlite: ${(e as Error).message}`, { subject, cause: e });
  }
  try {
    const rows = handle.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as { hnum: number; blob: Buffer }[];
    return rows.filter((r) => Buffer.isBuffer(r.blob)).map((r) => ({ key: r.hnum, blob: r.blob }));
  } catch (e) {
    throw new HullscanError('INPUT', `cannot read the Packages table: ${(e as Error).message}`, { subject, cause: e });
  } finally {
    handle.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
