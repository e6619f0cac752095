// inventory × vulnerability DB → findings. OS packages go to the distro matcher, language packages to
// the OSV matcher; rows naming the same vulnerability (ids that alias each other) merge into one finding
// per package, which keeps every id, every source's evidence and every rating.
import type { Inventory, Package } from '../inventory/model.js';
import { OS_PACKAGE_TYPES } from '../inventory/model.js';
import type { AdvisoryHead, AffectedRow, EpssScore, KevEntry, SeverityRating, VulnDbReader } from '../vulndb/model.js';
import type { Candidate, MatcherContext } from './candidate.js';
import { distroCandidates } from './distro.js';
import { distroNamespaces } from './ecosystems.js';
import { languageCandidates } from './language.js';
import type { Finding, FindingStatus } from './model.js';
import { goReachabilityOf } from './reachability.js';
import { completeRating, decideSeverity, uniqueRatings } from './severity.js';

export interface MatchOptions {
  /** Drop findings that have no fix (status unfixed, or affected with no fixed version). */
  ignoreUnfixed?: boolean;
  /** Also report RustSec informational advisories (unmaintained, unsound ...). */
  includeInformational?: boolean;
  /** Receives one line per problem that skipped a package or a record (unparsable versions). */
  warn?: (message: string) => void;
}

export { distroNamespaces } from './ecosystems.js';
export { isAffected, inRange } from './osv-range.js';
export { cvssScore, levelFromScore } from './cvss/index.js';

export function matchInventory(inv: Inventory, db: VulnDbReader, opts: MatchOptions = {}): Finding[] {
  const warned = new Set<string>();
  const ctx: MatcherContext = {
    warn: (m) => { if (!warned.has(m)) { warned.add(m); opts.warn?.(m); } },
    includeInformational: opts.includeInformational ?? false,
  };
  const namespaces = distroNamespaces(inv.os);
  const cached = new AdvisoryCache(db);
  const findings: Finding[] = [];
  for (const pkg of inv.packages) {
    const candidates = OS_PACKAGE_TYPES.includes(pkg.type)
      ? distroCandidates(pkg, namespaces, cached, ctx)
      : languageCandidates(pkg, cached, ctx);
    if (!candidates.length) continue;
    for (const f of mergeCandidates(pkg, candidates, cached)) {
      if (opts.ignoreUnfixed && !f.fixedVersion && (f.status === 'unfixed' || f.status === 'affected')) continue;
      findings.push(f);
    }
  }
  return findings;
}

/**
 * Memoises the DB for one matching run: binaries of one source package share their lookups, and findings
 * of one CVE share its advisories, KEV and EPSS entries. Matching reads advisories without their affected
 * entries: through the reader's head queries when it has them (no decompression), else whole advisories.
 */
class AdvisoryCache {
  private readonly rows = new Map<string, AffectedRow[]>();
  private readonly byId = new Map<string, AdvisoryHead | undefined>();
  private readonly aliasOf = new Map<string, AdvisoryHead[]>();
  private readonly kevs = new Map<string, KevEntry | undefined>();
  private readonly epsses = new Map<string, EpssScore | undefined>();
  constructor(private readonly db: VulnDbReader) {}
  private memo<T>(map: Map<string, T>, key: string, f: () => T): T {
    if (map.has(key)) return map.get(key) as T;
    const v = f();
    map.set(key, v);
    return v;
  }
  lookup(ecosystem: string, name: string): AffectedRow[] { return this.memo(this.rows, `${ecosystem}\0${name}`, () => this.db.lookup(ecosystem, name)); }
  advisory(id: string): AdvisoryHead | undefined { return this.memo(this.byId, id, () => this.db.advisory(id)); }
  byAlias(id: string): AdvisoryHead[] { return this.memo(this.aliasOf, id, () => this.db.headsByAlias?.(id) ?? this.db.byAlias(id)); }
  kev(cve: string): KevEntry | undefined { return this.memo(this.kevs, cve, () => this.db.kev(cve)); }
  epss(cve: string): EpssScore | undefined { return this.memo(this.epsses, cve, () => this.db.epss(cve)); }

  /** The advisory a row belongs to: straight from the reader when it knows, else through the alias index (one query serves both), else by id. */
  advisoryOf(row: AffectedRow): AdvisoryHead | undefined {
    const head = this.db.headOfRow?.(row);
    if (head) return head;
    return this.byAlias(row.advisoryId).find((a) => a.id === row.advisoryId && a.source === row.source) ?? this.advisory(row.advisoryId);
  }
}

/** OSV distro ids that name a CVE ('UBUNTU-CVE-2021-3782', 'DEBIAN-CVE-…') also stand for that CVE. */
function withNamedCve(ids: string[]): string[] {
  const out = [...ids];
  for (const id of ids) {
    const m = /^[A-Z]+-(CVE-\d{4}-\d+)$/.exec(id);
    if (m && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** Primary id: a CVE when there is one (the lowest, so the choice is stable), else a GHSA, else the first. */
function primaryId(ids: string[]): string {
  const byKind = (re: RegExp) => ids.filter((i) => re.test(i)).sort(compareIds)[0];
  return byKind(/^CVE-\d+-\d+$/) ?? byKind(/^GHSA-/) ?? ids[0]!;
}
function compareIds(a: string, b: string): number {
  const na = /^CVE-(\d+)-(\d+)$/.exec(a), nb = /^CVE-(\d+)-(\d+)$/.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]) || Number(na[2]) - Number(nb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

const STATUS_ORDER: FindingStatus[] = ['fixed', 'unfixed', 'affected', 'will-not-fix', 'end-of-life'];

function mergeCandidates(pkg: Package, candidates: Candidate[], db: AdvisoryCache): Finding[] {
  // Union-find over ids: an advisory's id and its aliases are one vulnerability.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) { p = find(p); parent.set(x, p); }
    return p;
  };
  const union = (a: string, b: string) => { const ra = find(a), rb = find(b); if (ra !== rb) parent.set(ra, rb); };
  type Live = { c: Candidate; adv?: AdvisoryHead; ids: string[] };
  const live: Live[] = [];
  for (const c of candidates) {
    const adv = db.advisoryOf(c.row);
    if (adv?.withdrawn) continue;
    const ids = withNamedCve([c.row.advisoryId, ...(adv?.aliases ?? [])]);
    for (const id of ids) union(ids[0]!, id);
    live.push({ c, adv, ids });
  }
  const groups = new Map<string, Live[]>();
  for (const l of live) {
    const root = find(l.ids[0]!);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(l);
  }
  // A notice (USN) names the records it fixes in `upstream`: when those matched too, the notice joins their
  // findings instead of standing alone. It is not merged as an alias, since one notice can fix several
  // distinct vulnerabilities.
  for (const [key, group] of [...groups]) {
    if (!group.some((l) => l.adv?.upstream?.length)) continue;
    const own = new Set(group.flatMap((l) => l.ids));
    const upstream = withNamedCve(group.flatMap((l) => l.adv?.upstream ?? [])).filter((id) => !own.has(id));
    if (!upstream.length) continue;
    const targets = [...groups].filter(([k, g]) => k !== key && g.some((l) => l.ids.some((id) => upstream.includes(id))));
    if (!targets.length) continue;
    for (const [, g] of targets) g.push(...group);
    groups.delete(key);
  }

  const out: Finding[] = [];
  for (const group of groups.values()) {
    const ids = [...new Set(group.flatMap((g) => g.ids))];
    const id = primaryId(ids);
    const aliases = ids.filter((x) => x !== id).sort(compareIds);

    // Related records that did not match themselves (NVD, a GHSA for another ecosystem) lend ratings and text.
    const matched = group.map((g) => g.adv).filter((a): a is AdvisoryHead => !!a);
    const relatedAdvisories = new Map<string, AdvisoryHead>();
    for (const a of matched) relatedAdvisories.set(`${a.source}\0${a.id}`, a);
    for (const x of ids) {
      for (const a of db.byAlias(x)) if (!a.withdrawn) relatedAdvisories.set(`${a.source}\0${a.id}`, a);
    }
    const all = [...relatedAdvisories.values()];

    const ratings: SeverityRating[] = [];
    const distroSources = new Set<string>();
    for (const { c } of group) {
      if (c.row.severity) ratings.push(c.row.severity);
      if (OS_PACKAGE_TYPES.includes(pkg.type)) {
        distroSources.add(c.row.source);
        if (c.row.severity) distroSources.add(c.row.severity.source);
      }
    }
    for (const a of all) ratings.push(...a.severities);
    const complete = uniqueRatings(ratings.map(completeRating));
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

    const primaryFirst = [...all].sort((a, b) => (b.id === id ? 1 : 0) - (a.id === id ? 1 : 0));
    const title = primaryFirst.find((a) => a.summary)?.summary;
    const description = primaryFirst.find((a) => a.details)?.details;
    const references = [...new Set(all.flatMap((a) => a.references))];
    const cwes = [...new Set(all.flatMap((a) => a.cwes))].sort();

    const finding: Finding = {
      id, aliases, package: pkg, installedVersion: pkg.version, status,
      severity: decision.severity, severitySource: decision.severitySource, ratings: complete,
      references, cwes, evidence: group.map((g) => g.c.evidence),
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
    out.push(finding);
  }
  return out;
}
