// Comparing two scans (A = before, B = after): which vulnerabilities and packages were added, removed or
// stayed, and unique-vulnerability counts per severity side by side. Pure: no I/O.
import type { Finding, ScanResult } from '../../match/model.js';
import { severityRank, SEVERITY_LEVELS, emptyCounts, type SeverityCounts } from '../../policy/severity.js';
import { uniqueVulnerabilities, type UniqueVulnerability } from '../../policy/unique.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { imageName, osLabel } from '../targets.js';

export interface VulnChange {
  id: string;
  ids: string[];
  severity: SeverityLevel;          // B's severity for added and unchanged, A's for removed
  packages: string[];               // 'name@version' affected on that side
  fixedVersions: string[];
}

export interface PackageRef { type: string; name: string; version: string; purl: string }

export interface SideSummary { images: string[]; os: string[]; packages: number; counts: SeverityCounts }

export interface Comparison {
  a: SideSummary;
  b: SideSummary;
  vulnerabilities: { added: VulnChange[]; removed: VulnChange[]; unchanged: VulnChange[] };
  packages: { added: PackageRef[]; removed: PackageRef[]; unchanged: number };
  /** Per severity: B − A, which equals added − removed (unchanged vulnerabilities count on both sides). */
  delta: SeverityCounts;
}

function change(v: UniqueVulnerability): VulnChange {
  return {
    id: v.id, ids: v.ids, severity: v.severity,
    packages: [...new Set(v.findings.map((f) => `${f.package.name}@${f.installedVersion}`))].sort(),
    fixedVersions: [...new Set(v.findings.map((f) => f.fixedVersion).filter((x): x is string => !!x))].sort(),
  };
}

function side(results: readonly ScanResult[], vulns: UniqueVulnerability[]): SideSummary {
  const counts = emptyCounts();
  for (const v of vulns) counts[v.severity]++;
  return {
    images: results.map((r) => imageName(r.inventory)),
    os: results.map((r) => osLabel(r.inventory)),
    packages: results.reduce((n, r) => n + r.inventory.packages.length, 0),
    counts,
  };
}

const pkgKey = (p: PackageRef) => `${p.type}\0${p.name}\0${p.version}`;
const byIdThenSeverity = (x: VulnChange, y: VulnChange) => severityRank(y.severity) - severityRank(x.severity) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

export function compareScans(a: readonly ScanResult[], b: readonly ScanResult[]): Comparison {
  const fa: Finding[] = a.flatMap((r) => r.findings), fb: Finding[] = b.flatMap((r) => r.findings);
  const va = uniqueVulnerabilities(fa), vb = uniqueVulnerabilities(fb);
  // The same vulnerability may be keyed by different primary ids on the two sides (a GHSA gaining a CVE): match on any shared id.
  const idsA = new Map<string, UniqueVulnerability>();
  for (const v of va) for (const id of v.ids) idsA.set(id, v);
  const matchedA = new Set<UniqueVulnerability>();
  const added: VulnChange[] = [], unchanged: VulnChange[] = [];
  for (const v of vb) {
    const hit = v.ids.map((id) => idsA.get(id)).find((x) => x);
    if (hit) { matchedA.add(hit); unchanged.push(change(v)); } else added.push(change(v));
  }
  const removed = va.filter((v) => !matchedA.has(v)).map(change);

  const pkgs = (rs: readonly ScanResult[]) => {
    const m = new Map<string, PackageRef>();
    for (const r of rs) for (const p of r.inventory.packages) m.set(pkgKey(p), { type: p.type, name: p.name, version: p.version, purl: p.purl });
    return m;
  };
  const pa = pkgs(a), pb = pkgs(b);
  const sortP = (x: PackageRef, y: PackageRef) => (pkgKey(x) < pkgKey(y) ? -1 : 1);
  const sa = side(a, va), sb = side(b, vb);
  const delta = emptyCounts();
  for (const s of SEVERITY_LEVELS) delta[s] = sb.counts[s] - sa.counts[s];
  return {
    a: sa, b: sb,
    vulnerabilities: { added: added.sort(byIdThenSeverity), removed: removed.sort(byIdThenSeverity), unchanged: unchanged.sort(byIdThenSeverity) },
    packages: {
      added: [...pb].filter(([k]) => !pa.has(k)).map(([, p]) => p).sort(sortP),
      removed: [...pa].filter(([k]) => !pb.has(k)).map(([, p]) => p).sort(sortP),
      unchanged: [...pb.keys()].filter((k) => pa.has(k)).length,
    },
    delta,
  };
}

/** `--fail-on-new high`: the added vulnerabilities at or above the threshold. */
export function newAtOrAbove(c: Comparison, threshold: SeverityLevel): VulnChange[] {
  return c.vulnerabilities.added.filter((v) => severityRank(v.severity) >= severityRank(threshold));
}
