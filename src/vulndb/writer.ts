// Writes a complete DB file: into a temp file beside the target, then renamed over it, so readers and an
// interrupted build only ever see the old file or the new one.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Advisory, AffectedRow, EpssScore, KevEntry, SkippedRecord } from './model.js';
import { ecosystemKey, packageKey } from './normalize.js';
import { buildPackageFilter, FILTER_PROBES } from './package-filter.js';
import { packageSlot } from './package-slot.js';
import { encodeRows, type PackedRowInput } from './rows-codec.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';
import { encodeAdvisory } from './stored-advisory.js';

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

/** The ids the matcher asks the alias index about for an advisory: its id, its aliases, and the CVE an OSV distro id names. */
function idsOf(adv: Advisory): string[] {
  const ids = [...new Set([adv.id, ...adv.aliases])];
  for (const id of [...ids]) {
    const cve = /^[A-Z]+-(CVE-\d{4}-\d+)$/.exec(id)?.[1];
    if (cve && !ids.includes(cve)) ids.push(cve);
  }
  return ids;
}

function writeTo(path: string, content: StoreContent, builtAt: Date): WriteResult {
  const db = new Database(path);
  // Heads and affected entries are collected in a private scratch database first: heads wait for every
  // alias to be known (for `related`), entries are grouped per package. A second connection, so they can be
  // read back while the target is written.
  const scratch = new Database('');
  try {
    db.pragma('journal_mode = OFF'); // a fresh temp file: no one else sees it until the rename
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 4096');
    scratch.pragma('journal_mode = OFF');
    scratch.pragma('synchronous = OFF');
    db.exec(SCHEMA_SQL);
    scratch.exec(`CREATE TABLE heads (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, modified TEXT, head TEXT NOT NULL, ids TEXT NOT NULL);
      CREATE TABLE entries (eco TEXT NOT NULL, name TEXT NOT NULL, rid INTEGER NOT NULL, seq INTEGER NOT NULL, row TEXT NOT NULL);
      CREATE TABLE aliases (alias TEXT NOT NULL, rid INTEGER NOT NULL);`);
    const hash = createHash('sha256');
    const insHead = scratch.prepare('INSERT INTO heads (rid, id, source, modified, head, ids) VALUES (?, ?, ?, ?, ?, ?)');
    const insEntry = scratch.prepare('INSERT INTO entries (eco, name, rid, seq, row) VALUES (?, ?, ?, ?, ?)');
    const insBody = db.prepare('INSERT INTO bodies (rid, rest) VALUES (?, ?)');
    const insAlias = scratch.prepare('INSERT INTO aliases (alias, rid) VALUES (?, ?)');
    /** alias → rids, ascending (as the alias index returns them). */
    const ridsOf = new Map<string, number[]>();
    let rid = 0, affectedCount = 0, kevCount = 0, epssCount = 0;
    db.exec('BEGIN');
    scratch.exec('BEGIN');
    for (const adv of content.advisories) {
      rid++;
      hash.update(JSON.stringify(adv)).update('\n');
      const stored = encodeAdvisory(adv);
      insHead.run(rid, adv.id, adv.source, adv.modified ?? null, stored.head, JSON.stringify(idsOf(adv)));
      insBody.run(rid, stored.rest);
      for (const alias of new Set([adv.id, ...adv.aliases])) {
        insAlias.run(alias, rid);
        const rids = ridsOf.get(alias);
        if (rids) rids.push(rid); else ridsOf.set(alias, [rid]);
      }
      if (adv.withdrawn) continue; // kept for lookups by id, never matched
      adv.affected.forEach((entry, seq) => {
        const row: AffectedRow = { ...entry, advisoryId: adv.id, source: adv.source };
        insEntry.run(ecosystemKey(entry.ecosystem), packageKey(entry.ecosystem, entry.package), rid, seq, JSON.stringify(row));
        affectedCount++;
      });
      if (rid % 50000 === 0) { db.exec('COMMIT'); db.exec('BEGIN'); }
    }
    scratch.exec('COMMIT');
    const insAdv = db.prepare('INSERT INTO advisories (rid, id, source, modified, head, related) VALUES (?, ?, ?, ?, ?, ?)');
    for (const h of scratch.prepare('SELECT rid, id, source, modified, head, ids FROM heads ORDER BY rid').iterate() as Iterable<{ rid: number; id: string; source: string; modified: string | null; head: string; ids: string }>) {
      const related: Record<string, number[]> = {};
      for (const id of JSON.parse(h.ids) as string[]) related[id] = ridsOf.get(id) ?? [];
      insAdv.run(h.rid, h.id, h.source, h.modified, h.head, JSON.stringify(related));
    }
    // Every table is filled in its key order, so its pages come out full and no VACUUM pass is needed.
    const insAliasFinal = db.prepare('INSERT INTO aliases (alias, rid) VALUES (?, ?)');
    for (const [alias, r] of scratch.prepare('SELECT alias, rid FROM aliases ORDER BY alias, rid').raw(true).iterate() as Iterable<[string, number]>) insAliasFinal.run(alias, r);
    const packed: { slot: number; eco: string; name: string; rows: Buffer }[] = [];
    const taken = new Set<number>();
    let key: { eco: string; name: string } | undefined;
    let group: PackedRowInput[] = [];
    const flush = () => {
      if (!key || !group.length) return;
      let slot = packageSlot(key.eco, key.name);
      while (taken.has(slot)) slot++; // linear probing; keys come in a fixed order, so slots are deterministic
      taken.add(slot);
      packed.push({ slot, eco: key.eco, name: key.name, rows: encodeRows(group) });
      group = [];
    };
    for (const e of scratch.prepare('SELECT eco, name, rid, row FROM entries ORDER BY eco, name, rid, seq').iterate() as Iterable<{ eco: string; name: string; rid: number; row: string }>) {
      if (!key || key.eco !== e.eco || key.name !== e.name) { flush(); key = { eco: e.eco, name: e.name }; }
      group.push({ row: JSON.parse(e.row) as AffectedRow, rid: e.rid });
    }
    flush();
    const insAff = db.prepare('INSERT INTO affected (slot, eco, name, rows) VALUES (?, ?, ?, ?)');
    for (const p of packed.sort((a, b) => a.slot - b.slot)) insAff.run(p.slot, p.eco, p.name, p.rows);
    db.prepare('INSERT INTO package_filter (probes, bits) VALUES (?, ?)').run(FILTER_PROBES, buildPackageFilter(packed.map((p) => packageSlot(p.eco, p.name))));
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
    return { contentHash, advisories: rid, affected: affectedCount, kev: kevCount, epss: epssCount };
  } finally {
    scratch.close();
    db.close();
  }
}
