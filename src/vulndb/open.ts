// `openDb`: the read side. Opens read-only (many scans may share one file while an update renames a new
// one over it), checks the file is whole and of our major schema, then answers lookups from prepared statements.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { HullscanError } from '../errors.js';
import type { Advisory, AdvisoryHead, AffectedRow, AlreadyFixed, EpssScore, KevEntry, VulnDbReader } from './model.js';
import { ecosystemKey, packageKey } from './normalize.js';
import { mayContain } from './package-filter.js';
import { packageSlot } from './package-slot.js';
import { decodeRows } from './rows-codec.js';
import { SCHEMA_MAJOR } from './schema.js';
import { decodeAdvisory, decodeHead } from './stored-advisory.js';

export interface SourceStatus {
  name: string; format: string; date?: string; files: number; records: number; advisories: number;
  skipped: number; skipReasons: Record<string, number>;
}

export interface DbStatus {
  path: string;
  schemaVersion: string;
  builtAt?: string;
  contentHash?: string;
  /** Whole days since the build. */
  ageDays?: number;
  sources: SourceStatus[];
  advisories: number;
  affected: number;
  kev: number;
  epss: number;
}

export interface VulnDb extends VulnDbReader {
  readonly path: string;
  readonly schemaVersion: string;
  readonly builtAt?: string;
  /** Every feed's advisory with this id (advisory(id) returns only the first by feed name). */
  advisories(id: string): Advisory[];
  // The optional reader methods, all answered by this store.
  headsByAlias(id: string): AdvisoryHead[];
  headOfRow(row: AffectedRow): AdvisoryHead | undefined;
  prefetch(packages: readonly (readonly [string, string])[]): void;
  prefetchHeads(rows: readonly AffectedRow[]): void;
  lookupMayAffect(ecosystem: string, packageName: string, alreadyFixed: AlreadyFixed): AffectedRow[];
  status(now?: Date): DbStatus;
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Checks the SQLite header against the file length, so a truncated download is refused up front. */
function checkFileShape(path: string): void {
  // One descriptor for both the size and the header: an update may rename another file over the path meanwhile.
  let fd: number;
  try { fd = openSync(path, 'r'); } catch {
    throw new HullscanError('DB', 'no vulnerability database here; build one with `hullscan db build` or fetch one with `hullscan db update`', { subject: path });
  }
  const head = Buffer.alloc(100);
  let n: number;
  let size: number;
  try {
    size = fstatSync(fd).size;
    n = readSync(fd, head, 0, 100, 0);
  } finally { closeSync(fd); }
  if (n < 100 || head.toString('latin1', 0, 16) !== SQLITE_MAGIC) throw new HullscanError('DB', 'not a hullscan database (no SQLite header)', { subject: path });
  const rawPageSize = head.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = head.readUInt32BE(28);
  const headerCountValid = head.readUInt32BE(24) === head.readUInt32BE(92);
  if (headerCountValid && pages > 0 && size < pages * pageSize) {
    throw new HullscanError('DB', `database file is truncated (${size} of ${pages * pageSize} bytes)`, { subject: path });
  }
}

function dbError(path: string, e: unknown): HullscanError {
  const msg = e instanceof Error ? e.message : String(e);
  return new HullscanError('DB', `corrupt or unreadable database (${msg})`, { subject: path, cause: e });
}

export interface OpenOptions {
  /** Open a DB whose major schema differs (for tools that migrate); lookups may then fail. */
  anySchema?: boolean;
}

export function openDb(path: string, opts: OpenOptions = {}): VulnDb {
  const abs = resolve(path);
  checkFileShape(abs);
  let db: Database.Database;
  try {
    db = new Database(abs, { readonly: true, fileMustExist: true });
    // The file is never changed in place (updates rename a new file over it), so a reader may keep its shared
    // lock for its whole life: no lock system calls per lookup. The file is read, not memory-mapped: a scan
    // opens a fresh handle and touches a few thousand scattered pages once, and first-touch page faults on a
    // new mapping cost more than the reads (match bench on a fresh handle: ~330 ms CPU mapped, ~205 ms read).
    db.pragma('locking_mode = EXCLUSIVE');
  } catch (e) { throw dbError(abs, e); }
  try {
    const meta = new Map<string, string>();
    for (const r of db.prepare('SELECT key, value FROM metadata').all() as { key: string; value: string }[]) meta.set(r.key, r.value);
    const schemaVersion = meta.get('schema_version');
    if (!schemaVersion) throw new HullscanError('DB', 'not a hullscan database (no schema_version)', { subject: abs });
    const major = Number(schemaVersion.split('.')[0]);
    if (major !== SCHEMA_MAJOR && !opts.anySchema) {
      throw new HullscanError('DB', `database schema ${schemaVersion} is not readable by this hullscan (reads ${SCHEMA_MAJOR}.x); update hullscan or rebuild the database`, { subject: abs });
    }
    return new SqliteVulnDb(abs, db, schemaVersion, meta);
  } catch (e) {
    db.close();
    if (e instanceof HullscanError) throw e;
    throw dbError(abs, e);
  }
}

// Memo sizes of a handle. Kept small on purpose: everything a memo retains survives young-generation
// collections and gets copied by each of them; with 4096 lookup results kept, garbage collection was the
// largest cost of 10,000 lookups. A matching run memoises its own lookups anyway.
/** How many recent lookup results a handle keeps. */
const RECENT_LOOKUPS = 256;
/** How many decoded advisories (whole, or heads) and alias answers a handle keeps. */
const RECENT_ADVISORIES = 4096;
const RECENT_HEADS = 16384;
const RECENT_ALIASES = 16384;
/**
 * A looked-up row carries the row id of its advisory under this symbol, so `headOfRow` needs no query
 * (invisible to JSON and Object.keys; a Map from rows or ids to rids made hashing and GC the cost of matching).
 */
const ADVISORY_RID = Symbol('advisory rid');
type RowWithRid = AffectedRow & { [ADVISORY_RID]?: number };

/** Distinct values in ascending order, in batches small enough for one query each. */
function sortedBatches(values: number[], size = 2000): number[][] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: number[][] = [];
  for (let i = 0; i < sorted.length; i += size) out.push(sorted.slice(i, i + size));
  return out;
}

/** A Map that forgets its oldest entry past `limit` (insertion order): memo for a long-lived handle. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V {
  if (map.size >= limit) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

const ADVISORY_BY_ID = 'SELECT rid FROM advisories WHERE id = ? ORDER BY source';

class SqliteVulnDb implements VulnDb {
  readonly builtAt?: string;
  private readonly recent = new Map<string, AffectedRow[]>();
  /** Blobs read by `prefetch` by slot, null for a slot read and found empty; a lookup takes its blob out. */
  private readonly ahead = new Map<number, [string, string, Buffer] | null>();
  /** Recently decoded advisories by row id: an advisory is reached through each of its ids and aliases. */
  private readonly decoded = new Map<number, Advisory>();
  private readonly heads = new Map<number, AdvisoryHead>();
  /** Alias → rids, from the alias index or from the `related` column of heads already read. */
  private readonly aliasRids = new Map<string, number[]>();
  private readonly statements = new Map<string, Database.Statement>();
  private kevEntries: Map<string, string> | undefined;
  private hasEpss: boolean | undefined;
  /** The package filter (read on the first lookup); null when the DB has none. */
  private filter: [number, Buffer] | null | undefined;

  constructor(readonly path: string, private readonly db: Database.Database, readonly schemaVersion: string, private readonly meta: Map<string, string>) {
    this.builtAt = meta.get('built_at');
  }

  /**
   * Statements are prepared on first use and then reused: a handle opened on another major's layout (for
   * its status) fails only at the queries that layout cannot answer.
   */
  private stmt(sql: string, mode: 'pluck' | 'raw' | 'rows' = 'rows'): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (mode === 'pluck') st.pluck(true); else if (mode === 'raw') st.raw(true);
      this.statements.set(sql, st);
    }
    return st;
  }

  private guard<T>(f: () => T): T {
    try { return f(); } catch (e) { throw dbError(this.path, e); }
  }

  /**
   * Rows for (ecosystem, package). Recent results are kept (a scan of many images asks for the same
   * packages again); the array is the caller's, the row objects are shared and must not be modified.
   */
  lookup(ecosystem: string, packageName: string): AffectedRow[] {
    const eco = ecosystemKey(ecosystem), name = packageKey(ecosystem, packageName);
    const key = `${eco}\u0000${name}`;
    let hit = this.recent.get(key);
    if (hit) {
      this.recent.delete(key); // move to the young end
    } else {
      hit = this.query(eco, name);
      if (this.recent.size >= RECENT_LOOKUPS) this.recent.delete(this.recent.keys().next().value!);
    }
    this.recent.set(key, hit);
    return hit.slice();
  }

  /** The slot a package's walk starts at, or undefined when the package filter says it has no rows. */
  private firstSlot(eco: string, name: string): number | undefined {
    const hash = packageSlot(eco, name);
    if (this.filter === undefined) this.filter = (this.stmt('SELECT probes, bits FROM package_filter', 'raw').get() as [number, Buffer] | undefined) ?? null;
    return this.filter && !mayContain(this.filter[1], this.filter[0], hash) ? undefined : hash;
  }

  /**
   * Reads the first slot of every package in one sorted pass (a matcher asks for a whole inventory; slots
   * in storage order touch each page once and save a query per package). Blobs wait in `ahead` until looked
   * up or the next read-ahead.
   */
  prefetch(packages: readonly (readonly [string, string])[]): void {
    this.ahead.clear();
    this.guard(() => {
      const slots: number[] = [];
      for (const [ecosystem, packageName] of packages) {
        const eco = ecosystemKey(ecosystem), name = packageKey(ecosystem, packageName);
        if (this.recent.has(`${eco}\u0000${name}`)) continue;
        const slot = this.firstSlot(eco, name);
        if (slot !== undefined) slots.push(slot);
      }
      const st = this.stmt('SELECT slot, eco, name, rows FROM affected WHERE slot IN (SELECT value FROM json_each(?))', 'raw');
      for (const batch of sortedBatches(slots)) {
        for (const slot of batch) this.ahead.set(slot, null);
        for (const [slot, eco, name, rows] of st.all(JSON.stringify(batch)) as [number, string, string, Buffer][]) this.ahead.set(slot, [eco, name, rows]);
      }
    });
  }

  /**
   * `lookup` without the rows `alreadyFixed` settles (see decodeRows): for one package at one version, so
   * the answer is not kept for other lookups.
   */
  lookupMayAffect(ecosystem: string, packageName: string, alreadyFixed: AlreadyFixed): AffectedRow[] {
    const eco = ecosystemKey(ecosystem), name = packageKey(ecosystem, packageName);
    const hit = this.recent.get(`${eco}\u0000${name}`);
    return hit ? hit.slice() : this.query(eco, name, alreadyFixed);
  }

  private query(eco: string, name: string, alreadyFixed?: AlreadyFixed): AffectedRow[] {
    return this.guard(() => {
      const hash = this.firstSlot(eco, name);
      if (hash === undefined) return [];
      const st = this.stmt('SELECT eco, name, rows FROM affected WHERE slot = ?', 'raw');
      // Walk from the key's slot: the key, or an empty slot (absent), comes before long (see package-slot.ts).
      for (let slot = hash; ; slot++) {
        const read = this.ahead.get(slot);
        if (read !== undefined) this.ahead.delete(slot);
        const r = read === undefined ? st.get(slot) as [string, string, Buffer] | undefined : read ?? undefined;
        if (!r) return [];
        if (r[0] !== eco || r[1] !== name) continue;
        const { rows, rids } = decodeRows(r[2], alreadyFixed);
        for (let i = 0; i < rows.length; i++) (rows[i] as RowWithRid)[ADVISORY_RID] = rids[i]!;
        return rows;
      }
    });
  }

  /** The advisory with this id; when several feeds carry it, the first by feed name. Shared: do not modify. */
  advisory(id: string): Advisory | undefined {
    const rid = this.guard(() => this.stmt(ADVISORY_BY_ID, 'pluck').get(id) as number | undefined);
    return rid === undefined ? undefined : this.advisoryAt(rid);
  }

  /** Every advisory (from every feed) whose id or alias is `id`. */
  advisories(id: string): Advisory[] {
    const rids = this.guard(() => this.stmt(ADVISORY_BY_ID, 'pluck').all(id) as number[]);
    return rids.map((rid) => this.advisoryAt(rid));
  }

  /** Every advisory whose id or alias is `id`. The objects are shared between calls and must not be modified. */
  byAlias(id: string): Advisory[] {
    return this.ridsOfAlias(id).map((rid) => this.advisoryAt(rid));
  }

  /** `byAlias` without the affected entries: no decompression. Shared objects: do not modify. */
  headsByAlias(id: string): AdvisoryHead[] {
    return this.ridsOfAlias(id).map((rid) => this.headAt(rid));
  }

  headOfRow(row: AffectedRow): AdvisoryHead | undefined {
    const rid = (row as RowWithRid)[ADVISORY_RID]
      ?? this.guard(() => this.stmt('SELECT rid FROM advisories WHERE id = ? AND source = ?', 'pluck').get(row.advisoryId, row.source) as number | undefined);
    return rid === undefined ? undefined : this.headAt(rid);
  }

  private ridsOfAlias(id: string): number[] {
    const known = this.aliasRids.get(id);
    if (known) return known;
    return remember(this.aliasRids, id, this.guard(() => this.stmt('SELECT rid FROM aliases WHERE alias = ? ORDER BY rid', 'pluck').all(id) as number[]), RECENT_ALIASES);
  }

  private headAt(rid: number): AdvisoryHead {
    const known = this.heads.get(rid);
    if (known) return known;
    return this.guard(() => {
      const r = this.stmt('SELECT head, related FROM advisories WHERE rid = ?', 'raw').get(rid) as [string, string] | undefined;
      if (!r) throw new Error(`advisory row ${rid} missing`);
      return this.keepHead(rid, r[0], r[1]);
    });
  }

  private keepHead(rid: number, head: string, related: string): AdvisoryHead {
    // The aliases of this advisory are what the matcher asks about next: take their answers along.
    for (const [alias, rids] of Object.entries(JSON.parse(related) as Record<string, number[]>)) {
      if (!this.aliasRids.has(alias)) remember(this.aliasRids, alias, rids, RECENT_ALIASES);
    }
    return remember(this.heads, rid, decodeHead(head), RECENT_HEADS);
  }

  /**
   * Reads the heads of these rows' advisories, then of the advisories their aliases lead to (an NVD record
   * lending its rating), each round in one sorted pass: what merging the rows into findings asks for next.
   */
  prefetchHeads(rows: readonly AffectedRow[]): void {
    let wanted = rows.map((row) => (row as RowWithRid)[ADVISORY_RID]).filter((rid): rid is number => rid !== undefined);
    // Guarded as a whole: a damaged head or alias answer is a one-line DB error, as in headAt.
    this.guard(() => {
      const st = this.stmt('SELECT rid, head, related FROM advisories WHERE rid IN (SELECT value FROM json_each(?))', 'raw');
      for (let round = 0; round < 2 && wanted.length; round++) {
        const read: AdvisoryHead[] = [];
        for (const batch of sortedBatches(wanted.filter((rid) => !this.heads.has(rid)))) {
          for (const [rid, head, related] of st.all(JSON.stringify(batch)) as [number, string, string][]) read.push(this.keepHead(rid, head, related));
        }
        wanted = [];
        for (const head of read) for (const id of [head.id, ...head.aliases]) wanted.push(...(this.aliasRids.get(id) ?? []));
      }
    });
  }

  private advisoryAt(rid: number): Advisory {
    const known = this.decoded.get(rid);
    if (known) return known;
    return this.guard(() => {
      const r = this.stmt('SELECT a.head, b.rest FROM advisories a JOIN bodies b ON b.rid = a.rid WHERE a.rid = ?', 'raw').get(rid) as [string, Buffer] | undefined;
      if (!r) throw new Error(`advisory row ${rid} missing`);
      return remember(this.decoded, rid, decodeAdvisory(r[0], r[1]), RECENT_ADVISORIES);
    });
  }

  /**
   * KEV is a catalogue of about 1,500 CVEs and a scan asks about every CVE it finds: the handle reads it
   * whole on the first question (one query) instead of probing once per CVE.
   */
  kev(cve: string): KevEntry | undefined {
    this.kevEntries ??= new Map(this.guard(() => this.stmt('SELECT cve, entry FROM kev', 'raw').all() as [string, string][]));
    const j = this.kevEntries.get(cve);
    return j ? (JSON.parse(j) as KevEntry) : undefined;
  }

  epss(cve: string): EpssScore | undefined {
    // A DB built without the EPSS feed answers every question at once.
    this.hasEpss ??= this.guard(() => this.stmt('SELECT 1 FROM epss LIMIT 1', 'pluck').get() !== undefined);
    if (!this.hasEpss) return undefined;
    const r = this.guard(() => this.stmt('SELECT cve, score, percentile, date FROM epss WHERE cve = ?').get(cve) as { cve: string; score: number; percentile: number; date: string | null } | undefined);
    if (!r) return undefined;
    const e: EpssScore = { cve: r.cve, score: r.score, percentile: r.percentile };
    if (r.date) e.date = r.date;
    return e;
  }

  status(now: Date = new Date()): DbStatus {
    return this.guard(() => {
      const count = (table: string) => (this.db.prepare(`SELECT count(*) FROM ${table}`).pluck(true).get() as number);
      const sources = (this.db.prepare('SELECT name, format, date, files, records, advisories, skipped, skip_reasons FROM sources ORDER BY name').all() as
        { name: string; format: string; date: string | null; files: number; records: number; advisories: number; skipped: number; skip_reasons: string }[])
        .map((r) => {
          const s: SourceStatus = { name: r.name, format: r.format, files: r.files, records: r.records, advisories: r.advisories, skipped: r.skipped, skipReasons: JSON.parse(r.skip_reasons) as Record<string, number> };
          if (r.date) s.date = r.date;
          return s;
        });
      const st: DbStatus = {
        path: this.path, schemaVersion: this.schemaVersion, sources,
        advisories: Number(this.meta.get('advisories') ?? count('advisories')),
        affected: Number(this.meta.get('affected') ?? count('affected')),
        kev: count('kev'), epss: count('epss'),
      };
      if (this.builtAt) {
        st.builtAt = this.builtAt;
        st.ageDays = Math.floor((now.getTime() - Date.parse(this.builtAt)) / 86_400_000);
      }
      const hash = this.meta.get('content_hash');
      if (hash) st.contentHash = hash;
      return st;
    });
  }

  close(): void {
    this.db.close();
  }
}
