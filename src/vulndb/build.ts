// `buildDb`: every file under the inputs goes to the first feed reader that recognises it; the records are
// merged, sorted and written to one SQLite file. Bad records are skipped and counted, never fatal.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HullscanError } from '../errors.js';
import { feedReaders } from './feeds/index.js';
import type { Advisory, EpssScore, FeedReader, KevEntry, SkippedRecord } from './model.js';
import { writeStore, type SourceStats, type WriteResult } from './writer.js';

export interface BuildOptions {
  /** Files or directories holding feed files (searched recursively). */
  from: string[];
  out: string;
  /** Build time recorded in metadata (the content hash never depends on it). */
  now?: Date;
  readers?: FeedReader[];
  /** Called once per skipped record, with a one-line message naming it. */
  onWarning?: (message: string) => void;
}

export interface BuildReport extends WriteResult {
  out: string;
  builtAt: string;
  files: number;
  /** Files no reader recognised (READMEs, manifests, indexes of records held elsewhere). */
  ignoredFiles: string[];
  sources: SourceStats[];
  skipped: SkippedRecord[];
}

function listFiles(root: string, out: string[]): void {
  let st;
  try { st = statSync(root); } catch { throw new HullscanError('INPUT', 'no such file or directory', { subject: root }); }
  if (st.isFile()) { out.push(root); return; }
  if (!st.isDirectory()) return;
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith('.')) continue; // .git and editor droppings
    const p = join(root, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) continue;
    if (s.isDirectory()) listFiles(p, out);
    else if (s.isFile()) out.push(p);
  }
}

function mergeInto(target: Advisory, more: Advisory): void {
  const union = <T>(a: T[], b: T[]) => {
    const seen = new Set(a.map((x) => JSON.stringify(x)));
    for (const x of b) if (!seen.has(JSON.stringify(x))) { seen.add(JSON.stringify(x)); a.push(x); }
  };
  union(target.aliases, more.aliases);
  union(target.references, more.references);
  union(target.cwes, more.cwes);
  union(target.severities, more.severities);
  union(target.affected, more.affected);
  target.summary ??= more.summary;
  target.details ??= more.details;
  if (more.published && (!target.published || more.published < target.published)) target.published = more.published;
  if (more.modified && (!target.modified || more.modified > target.modified)) target.modified = more.modified;
}

function byIdThenSource(a: Advisory, b: Advisory): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

export async function buildDb(opts: BuildOptions): Promise<BuildReport> {
  if (!opts.from.length) throw new HullscanError('USAGE', 'db build needs at least one --from input');
  const readers = opts.readers ?? feedReaders;
  const files: string[] = [];
  for (const f of opts.from) listFiles(resolve(f), files);
  const advisories = new Map<string, Advisory>();
  const kev = new Map<string, KevEntry>();
  const epss = new Map<string, EpssScore>();
  const stats = new Map<string, SourceStats & { fileSet: Set<string>; ids: Set<string> }>();
  const skippedAll: SkippedRecord[] = [];
  const ignoredFiles: string[] = [];
  const statFor = (name: string, format: string) => {
    let s = stats.get(name);
    if (!s) {
      s = { name, format, files: 0, records: 0, advisories: 0, skipped: 0, skipReasons: {}, fileSet: new Set(), ids: new Set() };
      stats.set(name, s);
    }
    return s;
  };
  const noteDate = (s: SourceStats, d: string | undefined) => { if (d && (!s.date || d > s.date)) s.date = d; };

  for (const file of files) {
    let reader: FeedReader | undefined;
    for (const r of readers) if (await r.detect(file)) { reader = r; break; }
    if (!reader) { ignoredFiles.push(file); continue; }
    let lastSource = reader.format; // skipped records are counted against the feed the file was yielding
    for await (const item of reader.read(file)) {
      if (item.kind === 'skipped') {
        const s = statFor(lastSource, reader.format);
        s.fileSet.add(file);
        s.skipped++;
        const reason = item.skipped.reason.replace(/ at position \d+.*$/, '').replace(/\(line \d+.*$/, '').slice(0, 80);
        s.skipReasons[reason] = (s.skipReasons[reason] ?? 0) + 1;
        skippedAll.push(item.skipped);
        opts.onWarning?.(`skipped ${item.skipped.file}${item.skipped.record ? ` (${item.skipped.record})` : ''}: ${item.skipped.reason}`);
        continue;
      }
      if (item.kind === 'kev') {
        const s = statFor('kev', reader.format); lastSource = 'kev';
        s.fileSet.add(file); s.records++; s.ids.add(item.kev.cve); noteDate(s, item.kev.dateAdded);
        kev.set(item.kev.cve, item.kev);
        continue;
      }
      if (item.kind === 'epss') {
        const s = statFor('epss', reader.format); lastSource = 'epss';
        s.fileSet.add(file); s.records++; s.ids.add(item.epss.cve); noteDate(s, item.epss.date);
        epss.set(item.epss.cve, item.epss);
        continue;
      }
      const adv = item.advisory;
      lastSource = adv.source;
      const s = statFor(adv.source, reader.format);
      s.fileSet.add(file); s.records++; s.ids.add(adv.id); noteDate(s, adv.modified ?? adv.published);
      const key = `${adv.id}\u0000${adv.source}`;
      const prev = advisories.get(key);
      if (!prev) advisories.set(key, adv);
      else if (item.fragment) mergeInto(prev, adv);
      else if ((adv.modified ?? '') > (prev.modified ?? '')) advisories.set(key, adv); // same record twice: newest wins
    }
  }

  const sources: SourceStats[] = [...stats.values()]
    .map(({ fileSet, ids, ...s }) => ({ ...s, files: fileSet.size, advisories: ids.size }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sorted = [...advisories.values()].sort(byIdThenSource);
  const cmp = (a: { cve: string }, b: { cve: string }) => (a.cve < b.cve ? -1 : a.cve > b.cve ? 1 : 0);
  const builtAt = opts.now ?? new Date();
  const written = writeStore(opts.out, {
    advisories: sorted,
    kev: [...kev.values()].sort(cmp),
    epss: [...epss.values()].sort(cmp),
    sources,
    skipped: skippedAll,
  }, builtAt);
  return { ...written, out: resolve(opts.out), builtAt: builtAt.toISOString(), files: files.length, ignoredFiles, sources, skipped: skippedAll };
}
