// Remediation: per vulnerable package, the smallest version that fixes all of its fixable findings,
// and a plan ordered by what an upgrade removes. OS binary packages built from one source upgrade
// together, so they form one action per source package.
import { isHullscanError } from '../../errors.js';
import type { Package, PackageType } from '../../inventory/model.js';
import { OS_PACKAGE_TYPES } from '../../inventory/model.js';
import type { Finding } from '../../match/model.js';
import { severityRank, type SeverityCounts } from '../../policy/severity.js';
import { countBySeverity } from '../../policy/unique.js';
import { compareVersions, type VersionEcosystem } from '../../version/index.js';

export interface FixAction {
  kind: 'os' | 'library';
  /** Package name (library) or source package name (OS). */
  name: string;
  /** The binary packages the action upgrades (OS), or the one package. */
  packages: Package[];
  installedVersion: string;
  /** Smallest version that fixes every fixable finding; undefined when none has a fix. */
  targetVersion?: string;
  fixed: Finding[];
  /** Findings no version fixes yet (or the distro will not fix). */
  unfixed: Finding[];
  /** Unique vulnerabilities fixed, per severity. */
  counts: SeverityCounts;
  /** OS packages: whether the distro ships the fix ('available'), has none yet ('none'), or some of each ('partial'). */
  distroFix?: 'available' | 'none' | 'partial';
}

const ECOSYSTEM: Partial<Record<PackageType, VersionEcosystem>> = {
  deb: 'deb', rpm: 'rpm', apk: 'apk', npm: 'npm', pypi: 'pypi', maven: 'maven', golang: 'golang',
  cargo: 'cargo', gem: 'gem', composer: 'composer', nuget: 'nuget',
};

/** The highest of the versions in the ecosystem's order (binary packages: when all agree). */
export function highestVersion(type: PackageType, versions: string[]): string | undefined {
  const unique = [...new Set(versions)];
  if (unique.length <= 1) return unique[0];
  const eco = ECOSYSTEM[type];
  if (!eco) return undefined; // no ordering known: do not guess
  try {
    return unique.reduce((a, b) => (compareVersions(eco, a, b) >= 0 ? a : b));
  } catch (e) {
    if (isHullscanError(e)) return undefined; // a version the ecosystem cannot order, or no comparator yet
    throw e;
  }
}

export function fixPlan(findings: readonly Finding[]): FixAction[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const os = OS_PACKAGE_TYPES.includes(f.package.type);
    const key = os
      ? `os ${f.package.type} ${f.package.source?.name ?? f.package.name} ${f.package.source?.version ?? f.package.version}`
      : `lib ${f.package.purl} ${f.package.locations[0]?.path ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }
  const actions: FixAction[] = [];
  for (const fs of groups.values()) {
    const first = fs[0]!;
    const os = OS_PACKAGE_TYPES.includes(first.package.type);
    const withFix = fs.filter((f) => f.fixedVersion && f.status !== 'will-not-fix' && f.status !== 'end-of-life');
    const unfixed = fs.filter((f) => !withFix.includes(f));
    const packages = [...new Map(fs.map((f) => [f.package.purl, f.package])).values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const targetVersion = highestVersion(first.package.type, withFix.map((f) => f.fixedVersion!));
    const fixed = targetVersion ? withFix : [];
    actions.push({
      kind: os ? 'os' : 'library',
      name: os ? first.package.source?.name ?? first.package.name : first.package.name,
      packages,
      installedVersion: os ? first.package.source?.version ?? first.installedVersion : first.installedVersion,
      targetVersion,
      fixed,
      unfixed: targetVersion ? unfixed : fs,
      counts: countBySeverity(fixed),
      distroFix: os ? (withFix.length === fs.length ? 'available' : withFix.length ? 'partial' : 'none') : undefined,
    });
  }
  const weight = (a: FixAction) => a.fixed.reduce((m, f) => Math.max(m, severityRank(f.severity)), -1);
  return actions.sort((a, b) =>
    b.counts.CRITICAL - a.counts.CRITICAL || b.counts.HIGH - a.counts.HIGH || weight(b) - weight(a) ||
    b.fixed.length - a.fixed.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.installedVersion < b.installedVersion ? -1 : 1));
}

/** 'upgrade lodash from 4.17.15 to 4.18.0: fixes 6 (1 critical, 3 high)'. */
export function describeAction(a: FixAction): string {
  const n = Object.values(a.counts).reduce((x, y) => x + y, 0);
  const parts = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NEGLIGIBLE', 'UNKNOWN'] as const)
    .filter((s) => a.counts[s]).map((s) => `${a.counts[s]} ${s.toLowerCase()}`);
  const what = a.kind === 'os' && (a.packages.length > 1 || a.packages[0]?.name !== a.name)
    ? `${a.name} (${a.packages.map((p) => p.name).join(', ')})` : a.name;
  if (!a.targetVersion) return `${what} ${a.installedVersion}: no fix available for ${a.unfixed.length} finding(s)${a.kind === 'os' ? ' (not fixed in the distro yet)' : ''}`;
  const rest = a.unfixed.length ? `; ${a.unfixed.length} without a fix${a.kind === 'os' ? ' in the distro yet' : ''}` : '';
  const distro = a.kind === 'os' ? ' [fix in the distro]' : '';
  return `upgrade ${what} from ${a.installedVersion} to ${a.targetVersion}: fixes ${n} (${parts.join(', ')})${rest}${distro}`;
}
