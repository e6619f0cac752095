// Writes a complete DB file: into a temp file beside the target, then renamed over it, so readers and an
// interrupted build only ever see the old file or the new one.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Advisory, AffectedRow, EpssScore, KevEntry, SkippedRecord } from './model.js';
import { ecosystemKey, packageKey } from './normalize.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';

export interface SourceStats {
  name: string;
  format: string;
  /** Newest record date the source carries (modified/published, catalogue or score date). */
  date?: string;
  files: number;
  /** Records read (fragments count one each). */
  records: number;
  /** Advisories stored after merging fragments and duplicates. */
  advisories: number;
  skipped: number;
  skipReasons: Record<string, number>;
}

export interface StoreContent {
  /** Sorted by (id, source), each (id, source) once. */
  advisories: Iterable<Advisory>;
  kev: Iterable<KevEntry>;
  epss: Iterable<EpssScore>;
  sources: SourceStats[];
  skipped: SkippedRecord[];
}

export interface WriteResult { contentHash: string; advisories: number; affected: number; kev: number; epss: number }

/** Writes `content` to `out` atomically. `builtAt` is the only non-content value and stays out of the hash. */
export function writeStore(out: string, content: StoreContent, builtAt: Date): WriteResult {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const result = writeTo(tmp, content, builtAt);
    const fd = openSync(tmp, 'r+'); // make the bytes durable before the rename publishes them
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, out);
    return result;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeTo(path: string, content: StoreContent, builtAt: Date): WriteResult {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF'); // a fresh temp file: no one else sees it until the rename
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 4096');
    db.exec(SCHEMA_SQL);
    const hash = createHash('sha256');
    const insAdv = db.prepare('INSERT INTO advisories (rid, id, source, modified, body) VALUES (?, ?, ?, ?, ?)');
    // Entries are collected per row first, then grouped per package into one JSON array each.
    db.exec('CREATE TEMP TABLE entries (eco TEXT NOT NULL, name TEXT NOT NULL, rid INTEGER NOT NULL, seq INTEGER NOT NULL, row TEXT NOT NULL)');
    const insAff = db.prepare('INSERT INTO entries (eco, name, rid, seq, row) VALUES (?, ?, ?, ?, ?)');
    const insAlias = db.prepare('INSERT OR IGNORE INTO aliases (alias, rid) VALUES (?, ?)');
    let rid = 0, affectedCount = 0, kevCount = 0, epssCount = 0;
    db.exec('BEGIN');
    for (const adv of content.advisories) {
      rid++;
      const json = JSON.stringify(adv);
      hash.update(json).update('\n');
      insAdv.run(rid, adv.id, adv.source, adv.modified ?? null, deflateRawSync(json));
      for (const alias of new Set([adv.id, ...adv.aliases])) insAlias.run(alias, rid);
      if (adv.withdrawn) continue; // kept for lookups by id, never matched
      adv.affected.forEach((entry, seq) => {
        const row: AffectedRow = { ...entry, advisoryId: adv.id, source: adv.source };
        insAff.run(ecosystemKey(entry.ecosystem), packageKey(entry.ecosystem, entry.package), rid, seq, JSON.stringify(row));
        affectedCount++;
      });
      if (rid % 50000 === 0) { db.exec('COMMIT'); db.exec('BEGIN'); }
    }
    db.exec(`INSERT INTO affected (eco, name, rows)
      SELECT eco, name, '[' || group_concat(row, ',' ORDER BY rid, seq) || ']' FROM entries GROUP BY eco, name ORDER BY eco, name`);
    db.exec('DROP TABLE entries');
    const insKev = db.prepare('INSERT OR REPLACE INTO kev (cve, entry) VALUES (?, ?)');
    for (const k of content.kev) { const j = JSON.stringify(k); hash.update(`kev ${j}\n`); insKev.run(k.cve, j); kevCount++; }
    const insEpss = db.prepare('INSERT OR REPLACE INTO epss (cve, score, percentile, date) VALUES (?, ?, ?, ?)');
    for (const e of content.epss) { hash.update(`epss ${JSON.stringify(e)}\n`); insEpss.run(e.cve, e.score, e.percentile, e.date ?? null); epssCount++; }
    const insSrc = db.prepare('INSERT INTO sources (name, format, date, files, records, advisories, skipped, skip_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const s of content.sources) {
      hash.update(`source ${JSON.stringify(s)}\n`);
      insSrc.run(s.name, s.format, s.date ?? null, s.files, s.records, s.advisories, s.skipped, JSON.stringify(s.skipReasons));
    }
    const insSkip = db.prepare('INSERT INTO skipped (file, record, reason) VALUES (?, ?, ?)');
    for (const s of content.skipped) insSkip.run(s.file, s.record ?? null, s.reason);
    const contentHash = `sha256:${hash.digest('hex')}`;
    const meta = db.prepare('INSERT INTO metadata (key, value) VALUES (?, ?)');
    meta.run('schema_version', SCHEMA_VERSION);
    meta.run('built_at', builtAt.toISOString());
    meta.run('content_hash', contentHash);
    meta.run('advisories', String(rid));
    meta.run('affected', String(affectedCount));
    db.exec('COMMIT');
    db.pragma('journal_mode = DELETE'); // readers open read-only and need no WAL/-shm files
    db.exec('VACUUM');
    return { contentHash, advisories: rid, affected: affectedCount, kev: kevCount, epss: epssCount };
  } finally {
    db.close();
  }
}
