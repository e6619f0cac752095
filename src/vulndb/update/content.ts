// Reads a DB file back into the content `writeStore` wrote, in the same order and key order, so rewriting it
// reproduces the same content hash. Deltas are computed and applied on this view.
import Database from 'better-sqlite3';
import { HullscanError } from '../../errors.js';
import type { Advisory, EpssScore, KevEntry, SkippedRecord } from '../model.js';
import { SCHEMA_MAJOR } from '../schema.js';
import { decodeAdvisory } from '../stored-advisory.js';
import type { SourceStats } from '../writer.js';

export interface DbContent {
  schemaVersion: string;
  builtAt: string;
  contentHash: string;
  /** Sorted by (id, source) as the builder sorts them. */
  advisories: Advisory[];
  kev: KevEntry[];
  epss: EpssScore[];
  sources: SourceStats[];
  skipped: SkippedRecord[];
}

export function byIdThenSource(a: Advisory, b: Advisory): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}
export function byCve(a: { cve: string }, b: { cve: string }): number { return a.cve < b.cve ? -1 : a.cve > b.cve ? 1 : 0; }

export function readDbContent(path: string): DbContent {
  let db: Database.Database;
  try { db = new Database(path, { readonly: true, fileMustExist: true }); } catch (e) {
    throw new HullscanError('DB', `cannot open database (${(e as Error).message})`, { subject: path });
  }
  try {
    const meta = new Map((db.prepare('SELECT key, value FROM metadata').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    // Another major has another layout (a 1.x DB kept its advisories whole): refuse it by its version, clearly.
    const schemaVersion = meta.get('schema_version') ?? '';
    if (Number(schemaVersion.split('.')[0]) !== SCHEMA_MAJOR) {
      throw new HullscanError('DB', `database schema ${schemaVersion || 'unknown'} is not readable by this hullscan (reads ${SCHEMA_MAJOR}.x); update hullscan or rebuild the database`, { subject: path });
    }
    const advisories = (db.prepare('SELECT a.head, b.rest FROM advisories a JOIN bodies b ON b.rid = a.rid ORDER BY a.rid').raw(true).all() as [string, Buffer][])
      .map(([head, rest]) => decodeAdvisory(head, rest));
    const kev = (db.prepare('SELECT entry FROM kev').pluck(true).all() as string[]).map((j) => JSON.parse(j) as KevEntry).sort(byCve);
    const epss = (db.prepare('SELECT cve, score, percentile, date FROM epss').all() as { cve: string; score: number; percentile: number; date: string | null }[])
      .map((r) => { const e: EpssScore = { cve: r.cve, score: r.score, percentile: r.percentile }; if (r.date !== null) e.date = r.date; return e; })
      .sort(byCve);
    const sources = (db.prepare('SELECT name, format, date, files, records, advisories, skipped, skip_reasons FROM sources ORDER BY name').all() as
      { name: string; format: string; date: string | null; files: number; records: number; advisories: number; skipped: number; skip_reasons: string }[])
      .map((r) => {
        // Key order as the builder creates them (date is added last), which the content hash depends on.
        const s: SourceStats = { name: r.name, format: r.format, files: r.files, records: r.records, advisories: r.advisories, skipped: r.skipped, skipReasons: JSON.parse(r.skip_reasons) as Record<string, number> };
        if (r.date !== null) s.date = r.date;
        return s;
      });
    const skipped = (db.prepare('SELECT file, record, reason FROM skipped ORDER BY rowid').all() as { file: string; record: string | null; reason: string }[])
      .map((r) => { const s: SkippedRecord = { file: r.file, reason: r.reason }; if (r.record !== null) s.record = r.record; return s; });
    return {
      schemaVersion, builtAt: meta.get('built_at') ?? '', contentHash: meta.get('content_hash') ?? '',
      advisories, kev, epss, sources, skipped,
    };
  } catch (e) {
    if (e instanceof HullscanError) throw e;
    throw new HullscanError('DB', `corrupt or unreadable database (${(e as Error).message})`, { subject: path, cause: e });
  } finally {
    db.close();
  }
}
