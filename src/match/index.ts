// inventory × vulnerability DB → findings. OS packages go to the distro matcher, language packages to
// the OSV matcher; rows naming the same vulnerability (ids that alias each other) merge into one finding
// per package (merge.ts), which keeps every id, every source's evidence and every rating.
import type { Inventory, Package } from '../inventory/model.js';
import { OS_PACKAGE_TYPES } from '../inventory/model.js';
import type { VulnDbReader } from '../vulndb/model.js';
import { AdvisoryCache } from './advisory-cache.js';
import type { Candidate, MatcherContext } from './candidate.js';
import { distroCandidates } from './distro.js';
import { distroNamespaces, lookupName } from './ecosystems.js';
import { languageCandidates, languageEcosystem } from './language.js';
import { mergeCandidates } from './merge.js';
import type { Finding } from './model.js';

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
  // Packages that share their lookups (the binaries of one source package) are matched one after the
  // other, so a package's rows are garbage as soon as its group is done. Rows of every package are read
  // ahead in one sweep; then, a chunk of packages at a time, the rows that match are turned into
  // candidates, the heads of their advisories read ahead in one sweep, and the candidates merged into
  // findings. Chunks keep what lives across those steps small: objects that outlive a young-generation
  // collection are copied, and that copying was a main cost of matching. Findings come out in inventory order.
  db.prefetch?.(lookupKeys(inv.packages, namespaces));
  const perPackage: Finding[][] = new Array(inv.packages.length);
  let matched: [index: number, candidates: Candidate[]][] = [];
  const merge = () => {
    db.prefetchHeads?.(matched.flatMap(([, candidates]) => candidates.map((c) => c.row)));
    for (const [i, candidates] of matched) perPackage[i] = mergeCandidates(inv.packages[i]!, candidates, cached);
    matched = [];
  };
  let group: string | undefined;
  let inChunk = 0;
  for (const i of lookupOrder(inv.packages)) {
    const pkg = inv.packages[i]!;
    const key = lookupGroup(pkg);
    if (key !== group) {
      cached.forgetRows();
      group = key;
      if (inChunk >= CHUNK_PACKAGES) { merge(); inChunk = 0; }
    }
    inChunk++;
    const candidates = OS_PACKAGE_TYPES.includes(pkg.type)
      ? distroCandidates(pkg, namespaces, cached, ctx)
      : languageCandidates(pkg, cached, ctx);
    if (candidates.length) matched.push([i, candidates]);
  }
  cached.forgetRows();
  merge();
  const findings: Finding[] = [];
  for (const list of perPackage) {
    if (!list) continue;
    for (const f of list) {
      if (opts.ignoreUnfixed && !f.fixedVersion && (f.status === 'unfixed' || f.status === 'affected')) continue;
      findings.push(f);
    }
  }
  return findings;
}

/** Packages per chunk (see matchInventory): big enough that reading heads ahead still saves queries. */
const CHUNK_PACKAGES = 128;

/** What the matchers will look up: language packages by their name, OS packages by source and binary name in each namespace. */
function lookupKeys(packages: readonly Package[], namespaces: string[]): [string, string][] {
  const keys: [string, string][] = [];
  for (const pkg of packages) {
    if (OS_PACKAGE_TYPES.includes(pkg.type)) {
      for (const ns of namespaces) keys.push([ns, pkg.source?.name ?? pkg.name], [ns, pkg.name]);
    } else {
      const eco = languageEcosystem(pkg);
      if (eco) keys.push([eco.osv, pkg.type === 'binary' ? pkg.name : lookupName(pkg)]);
    }
  }
  return keys;
}

/** OS packages are looked up by source package, language packages by their own name. */
function lookupGroup(pkg: Package): string {
  return OS_PACKAGE_TYPES.includes(pkg.type) ? `${pkg.type}\0${pkg.source?.name ?? pkg.name}` : `${pkg.type}\0${pkg.name}`;
}

/** Package indexes, those of one lookup group next to each other (in inventory order within a group). */
function lookupOrder(packages: readonly Package[]): number[] {
  const first = new Map<string, number>();
  const groups: number[][] = [];
  packages.forEach((pkg, i) => {
    const key = lookupGroup(pkg);
    const g = first.get(key);
    if (g === undefined) { first.set(key, groups.length); groups.push([i]); } else groups[g]!.push(i);
  });
  return groups.flat();
}
