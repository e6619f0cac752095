// Candidates of one package → findings: rows naming the same vulnerability (ids that alias each other)
// merge into one finding, which keeps every id, every source's evidence and every rating.
// Runs once per matched package, so it is written to allocate little: most packages have one or two
// candidates, and temporary arrays and sets per finding made garbage collection a main cost of matching.
import type { Package } from '../inventory/model.js';
import { OS_PACKAGE_TYPES } from '../inventory/model.js';
import type { AdvisoryHead, SeverityRating } from '../vulndb/model.js';
import type { AdvisoryCache } from './advisory-cache.js';
import type { Candidate } from './candidate.js';
import type { Finding, FindingStatus } from './model.js';
import { goReachabilityOf } from './reachability.js';
import { completeRating, decideSeverity, uniqueRatings } from './severity.js';

interface Live { c: Candidate; adv?: AdvisoryHead; ids: string[] }

export function mergeCandidates(pkg: Package, candidates: Candidate[], db: AdvisoryCache): Finding[] {
  const live: Live[] = [];
  for (const c of candidates) {
    const adv = db.advisoryOf(c.row);
    if (adv?.withdrawn) continue;
    live.push({ c, adv, ids: withNamedCve(c.row.advisoryId, adv?.aliases) });
  }
  const groups = groupByVulnerability(live);
  if (live.some((l) => l.adv?.upstream?.length)) joinNotices(groups);
  const out: Finding[] = [];
  for (const group of groups.values()) out.push(findingOf(pkg, group, db));
  return out;
}

/** Union-find over ids: an advisory's id and its aliases are one vulnerability. Groups in order of first member. */
function groupByVulnerability(live: Live[]): Map<string, Live[]> {
  if (live.length === 1) return new Map([[live[0]!.ids[0]!, live]]);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) { p = find(p); parent.set(x, p); }
    return p;
  };
  for (const { ids } of live) {
    for (const id of ids) {
      const ra = find(ids[0]!), rb = find(id);
      if (ra !== rb) parent.set(ra, rb);
    }
  }
  const groups = new Map<string, Live[]>();
  for (const l of live) {
    const root = find(l.ids[0]!);
    const g = groups.get(root);
    if (g) g.push(l); else groups.set(root, [l]);
  }
  return groups;
}

/**
 * A notice (USN) names the records it fixes in `upstream`: when those matched too, the notice joins their
 * findings instead of standing alone. It is not merged as an alias, since one notice can fix several
 * distinct vulnerabilities.
 */
function joinNotices(groups: Map<string, Live[]>): void {
  for (const [key, group] of [...groups]) {
    if (!group.some((l) => l.adv?.upstream?.length)) continue;
    const own = new Set(group.flatMap((l) => l.ids));
    const named = group.flatMap((l) => l.adv?.upstream ?? []);
    const upstream = named.flatMap((id) => withNamedCve(id)).filter((id, i, all) => all.indexOf(id) === i && !own.has(id));
    if (!upstream.length) continue;
    const targets = [...groups].filter(([k, g]) => k !== key && g.some((l) => l.ids.some((id) => upstream.includes(id))));
    if (!targets.length) continue;
    for (const [, g] of targets) g.push(...group);
    groups.delete(key);
  }
}

const STATUS_ORDER: FindingStatus[] = ['fixed', 'unfixed', 'affected', 'will-not-fix', 'end-of-life'];
const NO_SOURCES: ReadonlySet<string> = new Set();

function findingOf(pkg: Package, group: Live[], db: AdvisoryCache): Finding {
  const ids: string[] = [];
  for (const g of group) for (const x of g.ids) if (!ids.includes(x)) ids.push(x);
  const id = primaryId(ids);
  const aliases = ids.filter((x) => x !== id).sort(compareIds);

  // Related records that did not match themselves (NVD, a GHSA for another ecosystem) lend ratings and text.
  // A few per finding: kept in a list, one per feed and id.
  const related: AdvisoryHead[] = [];
  const relate = (a: AdvisoryHead) => {
    const at = related.findIndex((r) => r.id === a.id && r.source === a.source);
    if (at < 0) related.push(a); else related[at] = a;
  };
  for (const g of group) if (g.adv) relate(g.adv);
  for (const x of ids) {
    for (const a of db.byAlias(x)) if (!a.withdrawn) relate(a);
  }

  const ratings: SeverityRating[] = [];
  const osPackage = OS_PACKAGE_TYPES.includes(pkg.type);
  const distroSources = osPackage ? new Set<string>() : NO_SOURCES;
  for (const { c } of group) {
    const severity = c.row.severity;
    if (severity) ratings.push(completeRating(severity));
    if (osPackage) {
      (distroSources as Set<string>).add(c.row.source);
      if (severity) (distroSources as Set<string>).add(severity.source);
    }
  }
  let title: string | undefined, description: string | undefined;
  let otherTitle: string | undefined, otherDescription: string | undefined;
  let references: string[] = [], cwes: string[] = [];
  for (const a of related) {
    for (const r of a.severities) ratings.push(completeRating(r));
    // Text from the primary id's own record first, else from the first record that has some.
    if (a.id === id) { title ??= a.summary || undefined; description ??= a.details || undefined; }
    otherTitle ??= a.summary || undefined;
    otherDescription ??= a.details || undefined;
    if (a.references.length) references = references.length ? [...references, ...a.references] : a.references;
    if (a.cwes.length) cwes = cwes.length ? [...cwes, ...a.cwes] : a.cwes;
  }
  title ??= otherTitle;
  description ??= otherDescription;
  const complete = uniqueRatings(ratings);
  const decision = decideSeverity(complete, distroSources);

  // Fixed version: the smallest fix any source gives for the installed branch.
  const compare = group[0]!.c.compare;
  let fixedVersion: string | undefined;
  for (const { c } of group) {
    if (!c.fixedVersion) continue;
    try { if (!fixedVersion || compare(c.fixedVersion, fixedVersion) < 0) fixedVersion = c.fixedVersion; } catch { /* keep the first */ }
  }
  const status: FindingStatus = fixedVersion ? 'fixed'
    : STATUS_ORDER.find((s) => s !== 'fixed' && group.some((g) => g.c.status === s)) ?? 'affected';

  const finding: Finding = {
    id, aliases, package: pkg, installedVersion: pkg.version, status,
    severity: decision.severity, severitySource: decision.severitySource, ratings: complete,
    references: distinct(references), cwes: distinct(cwes).sort(), evidence: group.map((g) => g.c.evidence),
  };
  if (decision.rating) finding.severityRating = decision.rating;
  if (fixedVersion) finding.fixedVersion = fixedVersion;
  if (title) finding.title = title;
  if (description) finding.description = description;

  const cves = [id, ...aliases].filter((x) => x.startsWith('CVE-'));
  for (const cve of cves) {
    const k = db.kev(cve);
    if (k) { finding.kev = { dateAdded: k.dateAdded, knownRansomware: k.knownRansomware, ...(k.dueDate ? { dueDate: k.dueDate } : {}) }; break; }
  }
  for (const cve of cves) {
    const e = db.epss(cve);
    if (e) { finding.epss = { score: e.score, percentile: e.percentile }; break; }
  }
  if (pkg.type === 'golang') finding.reachability = goReachabilityOf(pkg, group.map((g) => g.c.row));
  return finding;
}

/** A new array of the values without repeats, in first-seen order. */
function distinct(values: string[]): string[] {
  return values.length < 2 ? [...values] : [...new Set(values)];
}

const NAMED_CVE = /^[A-Z]+-(CVE-\d{4}-\d+)$/;

/** An advisory's ids: its own, its aliases, and the CVE an OSV distro id names ('UBUNTU-CVE-2021-3782' stands for CVE-2021-3782). */
function withNamedCve(id: string, aliases: readonly string[] = []): string[] {
  const out = [id, ...aliases];
  for (let i = 0, n = out.length; i < n; i++) {
    if (!out[i]!.includes('-CVE-')) continue;
    const m = NAMED_CVE.exec(out[i]!);
    if (m && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

const CVE_ID = /^CVE-\d+-\d+$/;

/** Primary id: a CVE when there is one (the lowest, so the choice is stable), else a GHSA, else the first. */
function primaryId(ids: string[]): string {
  let cve: string | undefined, ghsa: string | undefined;
  for (const x of ids) {
    if (CVE_ID.test(x)) { if (cve === undefined || compareIds(x, cve) < 0) cve = x; }
    else if (x.startsWith('GHSA-') && (ghsa === undefined || compareIds(x, ghsa) < 0)) ghsa = x;
  }
  return cve ?? ghsa ?? ids[0]!;
}

function compareIds(a: string, b: string): number {
  const na = /^CVE-(\d+)-(\d+)$/.exec(a), nb = /^CVE-(\d+)-(\d+)$/.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]) || Number(na[2]) - Number(nb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}
