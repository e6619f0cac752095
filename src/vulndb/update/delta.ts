// A delta: the advisories, KEV and EPSS entries that changed between two DBs, plus the small tables whole.
// Applying it to the `from` DB and rewriting with `writeStore` must give exactly the `to` content hash; the
// updater checks that and falls back to the full file otherwise.
import { HullscanError } from '../../errors.js';
import type { Advisory, EpssScore, KevEntry, SkippedRecord } from '../model.js';
import { writeStore, type SourceStats } from '../writer.js';
import { byCve, byIdThenSource, readDbContent, type DbContent } from './content.js';

export const DELTA_FORMAT = 'hullscan-db-delta/1';

export interface DbDelta {
  format: typeof DELTA_FORMAT;
  schemaVersion: string;
  from: string;
  to: string;
  builtAt: string;
  /** [id, source] of advisories gone. */
  removed: [string, string][];
  /** Advisories new or changed. */
  upserted: Advisory[];
  kevRemoved: string[];
  kevUpserted: KevEntry[];
  epssRemoved: string[];
  epssUpserted: EpssScore[];
  sources: SourceStats[];
  skipped: SkippedRecord[];
}

const advKey = (a: Advisory) => `${a.id}\u0000${a.source}`;

function diffBy<T>(older: T[], newer: T[], key: (x: T) => string): { removed: string[]; upserted: T[] } {
  const old = new Map(older.map((x) => [key(x), JSON.stringify(x)]));
  const upserted: T[] = [];
  const seen = new Set<string>();
  for (const x of newer) {
    const k = key(x);
    seen.add(k);
    if (old.get(k) !== JSON.stringify(x)) upserted.push(x);
  }
  return { removed: [...old.keys()].filter((k) => !seen.has(k)), upserted };
}

export function computeDelta(from: DbContent, to: DbContent): DbDelta {
  const adv = diffBy(from.advisories, to.advisories, advKey);
  const kev = diffBy(from.kev, to.kev, (k) => k.cve);
  const epss = diffBy(from.epss, to.epss, (e) => e.cve);
  return {
    format: DELTA_FORMAT, schemaVersion: to.schemaVersion, from: from.contentHash, to: to.contentHash, builtAt: to.builtAt,
    removed: adv.removed.map((k) => k.split('\u0000') as [string, string]), upserted: adv.upserted,
    kevRemoved: kev.removed, kevUpserted: kev.upserted, epssRemoved: epss.removed, epssUpserted: epss.upserted,
    sources: to.sources, skipped: to.skipped,
  };
}

function checkDelta(d: DbDelta, subject: string): void {
  const arrays = [d.removed, d.upserted, d.kevRemoved, d.kevUpserted, d.epssRemoved, d.epssUpserted, d.sources, d.skipped];
  if (d?.format !== DELTA_FORMAT || typeof d.from !== 'string' || typeof d.to !== 'string' || typeof d.builtAt !== 'string' || !arrays.every(Array.isArray)) {
    throw new HullscanError('INPUT', 'not a hullscan DB delta', { subject });
  }
}

/**
 * Applies `delta` to the DB at `basePath` and writes the result to `out` (atomically, via writeStore).
 * Returns the content hash written; the caller compares it with the published one.
 */
export function applyDelta(basePath: string, delta: DbDelta, out: string, subject: string): string {
  checkDelta(delta, subject);
  const base = readDbContent(basePath);
  if (base.contentHash !== delta.from) throw new HullscanError('DB', `delta is for ${delta.from}, the local database is ${base.contentHash}`, { subject });
  const advisories = new Map(base.advisories.map((a) => [advKey(a), a]));
  for (const [id, source] of delta.removed) advisories.delete(`${id}\u0000${source}`);
  for (const a of delta.upserted) advisories.set(advKey(a), a);
  const kev = new Map(base.kev.map((k) => [k.cve, k]));
  for (const c of delta.kevRemoved) kev.delete(c);
  for (const k of delta.kevUpserted) kev.set(k.cve, k);
  const epss = new Map(base.epss.map((e) => [e.cve, e]));
  for (const c of delta.epssRemoved) epss.delete(c);
  for (const e of delta.epssUpserted) epss.set(e.cve, e);
  const result = writeStore(out, {
    advisories: [...advisories.values()].sort(byIdThenSource),
    kev: [...kev.values()].sort(byCve),
    epss: [...epss.values()].sort(byCve),
    sources: delta.sources,
    skipped: delta.skipped,
  }, new Date(delta.builtAt));
  return result.contentHash;
}
