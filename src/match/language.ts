// Language packages (and runtimes found as binaries) against the OSV data of their ecosystem.
import type { Package } from '../inventory/model.js';
import { compareVersions, satisfiesRange, type VersionEcosystem } from '../version/index.js';
import { extras, fixedAtOrBelow, type Candidate, type MatcherContext, type RowExtras, type RowSource } from './candidate.js';
import { BINARY_ECOSYSTEMS, goSemver, goToolchainSemver, LANGUAGE_ECOSYSTEMS, lookupName, type LanguageEcosystem } from './ecosystems.js';
import { isAffected, type RangeVerdict } from './osv-range.js';

export function languageEcosystem(pkg: Package): LanguageEcosystem | undefined {
  if (pkg.type === 'binary') return BINARY_ECOSYSTEMS[pkg.name];
  return LANGUAGE_ECOSYSTEMS[pkg.type];
}

const GO_TOOLCHAIN_MODULES = new Set(['stdlib', 'toolchain']);

/** The installed version in the form the ecosystem's data uses. */
export function comparableVersion(pkg: Package): string {
  if (pkg.type === 'golang' && GO_TOOLCHAIN_MODULES.has(pkg.name)) return goToolchainSemver(pkg.version);
  if (pkg.type === 'binary') return pkg.version.replace(/^v/, '');
  return pkg.version;
}

function comparatorFor(eco: LanguageEcosystem): (a: string, b: string) => number {
  // Go versions are compared as golang.org/x/mod/semver does: 'v'-prefixed.
  if (eco.comparator === 'golang') return (a, b) => compareVersions('golang', goSemver(a), goSemver(b));
  return (a, b) => compareVersions(eco.comparator, a, b);
}

/** Lower bounds of requirement strings ('>= 1.2.3', '~> 1.5.4', '^0.9'): candidates for the fixed version. */
function lowerBounds(reqs: string[]): string[] {
  const out: string[] = [];
  for (const r of reqs) for (const m of r.matchAll(/(?:>=|~>|\^|~)\s*v?([0-9][^\s,|]*)/g)) out.push(m[1]!);
  return out;
}

const SCHEME_COMPARATOR: Record<string, VersionEcosystem> = { cargo: 'cargo', gem: 'gem', npm: 'npm' };

/**
 * Requirement lists (RustSec, RubySec, nodejs-security-wg): affected when the version satisfies one of
 * `vulnerable` (or there is no such list) and none of `patched` / `unaffected`.
 */
function evaluateRequirements(version: string, req: NonNullable<RowExtras['requirements']>, compare: (a: string, b: string) => number): RangeVerdict {
  // The version module answers the schemes it has a requirement syntax for; others throw and the row is skipped with a warning.
  const satisfies = satisfiesRange as (scheme: string, version: string, range: string) => boolean;
  const sat = (r: string) => satisfies(req.scheme, version, r);
  const hit = (list: string[] | undefined) => list?.find(sat);
  const safe = hit(req.patched) ?? hit(req.unaffected);
  if (safe) return { affected: false, decidedBy: `satisfies ${safe}` };
  if (req.vulnerable?.length && !hit(req.vulnerable)) return { affected: false, decidedBy: 'matches no vulnerable requirement' };
  // The fix: the lowest bound written in a patched requirement that is above the installed version and
  // itself satisfies a patched requirement ('~> 7.1.4, >= 7.1.4.1' names 7.1.4, which is not patched).
  const fixes = lowerBounds(req.patched).filter((f) => {
    try { return compare(f, version) > 0 && req.patched.some((r) => satisfies(req.scheme, f, r)); } catch { return false; }
  }).sort(compare);
  const vuln = req.vulnerable?.length ? `${hit(req.vulnerable)}, ` : '';
  return {
    affected: true,
    decidedBy: `${vuln}matches no patched [${req.patched.join(' | ')}] or unaffected [${req.unaffected.join(' | ')}] requirement`,
    fixed: fixes[0],
  };
}

export function languageCandidates(pkg: Package, db: RowSource, ctx: MatcherContext): Candidate[] {
  const eco = languageEcosystem(pkg);
  if (!eco) return [];
  // Maven data is keyed by groupId:artifactId; a bare artifactId (file-name identity) cannot be matched.
  if (pkg.type === 'maven' && !pkg.name.includes(':')) return [];
  const name = pkg.type === 'binary' ? pkg.name : lookupName(pkg);
  const version = comparableVersion(pkg);
  const compare = comparatorFor(eco);
  try {
    compare(version, version);
  } catch (e) {
    ctx.warn(`${pkg.type} ${pkg.name}: version ${JSON.stringify(pkg.version)} not comparable (${eco.comparator}), not matched: ${(e as Error).message}`);
    return [];
  }
  const out: Candidate[] = [];
  for (const row of db.rowsFor(eco.osv, name, version, fixedAtOrBelow(version, compare))) {
    const ex = extras(row);
    if (ex.channel) continue;
    if (row.informational && !ctx.includeInformational) continue;
    let verdict: RangeVerdict;
    let comparator: string = eco.label;
    try {
      if (ex.requirements) {
        comparator = `${ex.requirements.scheme} requirements`;
        const rcmp = (a: string, b: string) => compareVersions(SCHEME_COMPARATOR[ex.requirements!.scheme] ?? eco.comparator, a, b);
        verdict = evaluateRequirements(version, ex.requirements, rcmp);
      } else {
        verdict = isAffected(version, row, compare);
      }
    } catch (e) {
      ctx.warn(`${row.source} ${row.advisoryId}: cannot evaluate ${pkg.name} ${version} (${comparator}): ${(e as Error).message}`);
      continue;
    }
    if (!verdict.affected) continue;
    out.push({
      package: pkg, row, status: verdict.fixed ? 'fixed' : 'affected', fixedVersion: verdict.fixed, compare,
      evidence: {
        source: row.source, record: row.advisoryId, ecosystem: eco.osv, package: name, comparator,
        decidedBy: `installed ${version} ${verdict.decidedBy} (${comparator})`,
      },
    });
  }
  return out;
}

