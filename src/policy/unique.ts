// Counting unique vulnerabilities: one CVE found in three packages (or under a GHSA alias) counts once.
import type { Finding } from '../match/model.js';
import type { SeverityLevel } from '../vulndb/model.js';
import { emptyCounts, severityRank, type SeverityCounts } from './severity.js';

export interface UniqueVulnerability {
  id: string;               // the smallest primary id of the group, for a stable key
  ids: string[];            // every id and alias seen, sorted
  severity: SeverityLevel;  // the highest severity any of its findings carries
  findings: Finding[];
}

/** Groups findings that share an id or alias (transitively) into one vulnerability each. */
export function uniqueVulnerabilities(findings: readonly Finding[]): UniqueVulnerability[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    while (parent.get(x) !== root) { const next = parent.get(x)!; parent.set(x, root); x = next; }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const f of findings) {
    for (const id of [f.id, ...f.aliases]) if (!parent.has(id)) parent.set(id, id);
    for (const alias of f.aliases) union(f.id, alias);
  }
  const groups = new Map<string, { findings: Finding[]; ids: Set<string>; primaries: Set<string> }>();
  for (const f of findings) {
    const root = find(f.id);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { findings: [], ids: new Set(), primaries: new Set() }));
    g.findings.push(f);
    g.primaries.add(f.id);
    for (const id of [f.id, ...f.aliases]) g.ids.add(id);
  }
  return [...groups.values()]
    .map((g) => ({
      id: [...g.primaries].sort()[0]!,
      ids: [...g.ids].sort(),
      severity: g.findings.reduce<SeverityLevel>((s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s), 'UNKNOWN'),
      findings: g.findings,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Severity counts over unique vulnerabilities. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = emptyCounts();
  for (const v of uniqueVulnerabilities(findings)) counts[v.severity]++;
  return counts;
}
