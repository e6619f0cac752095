// Applying the user's policy to scan results: filters, ignore entries, VEX statements, then the exit code.
// Vulnerabilities, secrets, misconfigurations and licence findings all go through the same severity filter,
// ignore entries and threshold (like Trivy's exit code covers every scanner).
import type { Finding, ScanResult } from '../match/model.js';
import { OS_PACKAGE_TYPES } from '../inventory/model.js';
import type { SeverityLevel } from '../vulndb/model.js';
import { ignoreMatches, ignoreMatchesOther, isExpired, type IgnoreEntry } from './ignore-file.js';
import { compareOther, countOther, otherLabel, type FindingKind, type OtherFinding, type OtherKind } from './kinds.js';
import { prioritise } from './prioritise.js';
import { severityRank, type SeverityCounts } from './severity.js';
import { countBySeverity, uniqueVulnerabilities } from './unique.js';
import { decidingStatement, type VexStatement } from './vex.js';

export type PkgKind = 'os' | 'library';

export interface PolicyOptions {
  /** Keep only findings of these severities (default: all). */
  severities?: SeverityLevel[];
  ignoreUnfixed?: boolean;
  /** Keep only OS packages, language (library) packages, or both (default). */
  pkgTypes?: PkgKind[];
  ignore?: IgnoreEntry[];
  vex?: VexStatement[];
  /** Exit code when a finding remains at or over the threshold (default 0, or 1 with failOn). */
  exitCode?: number;
  /** Threshold: findings at or above this severity fail (default: any remaining finding, when exitCode is set). */
  failOn?: SeverityLevel;
  /** Today, for ignore-entry expiry (tests pin it). */
  now?: Date;
}

export type SuppressionKind = 'severity' | 'unfixed' | 'pkg-type' | 'ignore' | 'vex';

export interface Suppressed {
  finding: Finding;
  /** The image the finding belongs to (ScanResult index). */
  result: number;
  kind: SuppressionKind;
  reason: string;
  /** The ignore entry's file or the VEX document. */
  source?: string;
  /** The deciding VEX statement (kind 'vex'), for VEX-aware writers (CycloneDX analysis). */
  vex?: VexStatement;
}

/** A secret, misconfiguration or licence finding the policy removed. */
export interface SuppressedOther {
  item: OtherFinding;
  /** The image it belongs to (ScanResult index). */
  result: number;
  kind: 'severity' | 'pkg-type' | 'ignore';
  reason: string;
  /** The ignore entry's file. */
  source?: string;
}

export interface PolicyOutcome {
  /**
   * The results with only what remains: findings in priority order; `inventory.secrets`,
   * `inventory.misconfigurations` and `licenses` filtered the same way, most severe first.
   */
  results: ScanResult[];
  /** Suppressed vulnerabilities. */
  suppressed: Suppressed[];
  /** Suppressed secrets, misconfigurations and licence findings. */
  suppressedOther: SuppressedOther[];
  /** Ignore entries whose expiry date has passed: they no longer apply. */
  expiredIgnores: IgnoreEntry[];
  /** Unique vulnerabilities per severity over every remaining finding. */
  counts: SeverityCounts;
  /** Per kind, over what remains: vulnerabilities as unique vulnerabilities (= counts), the other kinds one per finding. */
  countsByKind: Record<FindingKind, SeverityCounts>;
  /** Unique vulnerability ids at or over the threshold (what made the exit code, with failingOther). */
  failing: string[];
  /** Secrets, misconfigurations and licence findings at or over the threshold, as 'id at where' labels. */
  failingOther: Record<OtherKind, string[]>;
  exitCode: number;
  threshold?: SeverityLevel;
}

export function packageKind(f: Finding): PkgKind {
  return OS_PACKAGE_TYPES.includes(f.package.type) ? 'os' : 'library';
}

export function applyPolicy(results: readonly ScanResult[], opts: PolicyOptions = {}): PolicyOutcome {
  const now = opts.now ?? new Date();
  const allIgnores = opts.ignore ?? [];
  const expiredIgnores = allIgnores.filter((e) => isExpired(e, now));
  const ignores = allIgnores.filter((e) => !isExpired(e, now));
  const vex = opts.vex ?? [];
  const suppressed: Suppressed[] = [];

  const kept = results.map((r, ri) => {
    const findings: Finding[] = [];
    for (const f of r.findings) {
      const drop = (kind: SuppressionKind, reason: string, source?: string, vex?: VexStatement) => suppressed.push({ finding: f, result: ri, kind, reason, source, vex });
      if (opts.severities && !opts.severities.includes(f.severity)) { drop('severity', `severity ${f.severity} not selected`); continue; }
      if (opts.ignoreUnfixed && !(f.status === 'fixed' && f.fixedVersion)) { drop('unfixed', `no fix available (${f.status})`); continue; }
      if (opts.pkgTypes && !opts.pkgTypes.includes(packageKind(f))) { drop('pkg-type', `${packageKind(f)} packages not selected`); continue; }
      const entry = ignores.find((e) => ignoreMatches(e, f));
      if (entry) {
        drop('ignore', `ignored${entry.reason ? `: ${entry.reason}` : ''}${entry.expires ? ` (until ${entry.expires})` : ''}`, entry.file);
        continue;
      }
      const st = decidingStatement(vex, f);
      if (st && (st.status === 'not_affected' || st.status === 'fixed')) {
        drop('vex', `VEX ${st.status}${st.justification ? ` (${st.justification})` : ''}${st.impact ? `: ${st.impact}` : ''}`, st.document, st);
        continue;
      }
      findings.push(f);
    }
    return { ...r, findings: prioritise(findings) };
  });

  // Secrets, misconfigurations and licences: the severity filter, --pkg-types (licences are about
  // packages), then ignore entries. VEX and --ignore-unfixed are about vulnerabilities only.
  const suppressedOther: SuppressedOther[] = [];
  const keepOther = <T extends OtherFinding>(items: T[], ri: number): T[] => items.filter((item) => {
    const drop = (kind: SuppressedOther['kind'], reason: string, source?: string) => { suppressedOther.push({ item, result: ri, kind, reason, source }); return false; };
    const severity = item.finding.severity;
    if (opts.severities && !opts.severities.includes(severity)) return drop('severity', `severity ${severity} not selected`);
    if (item.kind === 'license' && opts.pkgTypes) {
      const k: PkgKind = OS_PACKAGE_TYPES.includes(item.finding.package.type) ? 'os' : 'library';
      if (!opts.pkgTypes.includes(k)) return drop('pkg-type', `${k} packages not selected`);
    }
    const entry = ignores.find((e) => ignoreMatchesOther(e, item));
    if (entry) return drop('ignore', `ignored${entry.reason ? `: ${entry.reason}` : ''}${entry.expires ? ` (until ${entry.expires})` : ''}`, entry.file);
    return true;
  }).sort(compareOther);
  const filtered = kept.map((r, ri) => {
    const secrets = keepOther(r.inventory.secrets.map((finding) => ({ kind: 'secret' as const, finding })), ri);
    const misconfigurations = keepOther(r.inventory.misconfigurations.map((finding) => ({ kind: 'misconfiguration' as const, finding })), ri);
    const out: ScanResult = { ...r, inventory: { ...r.inventory, secrets: secrets.map((x) => x.finding), misconfigurations: misconfigurations.map((x) => x.finding) } };
    if (r.licenses) out.licenses = keepOther(r.licenses.map((finding) => ({ kind: 'license' as const, finding })), ri).map((x) => x.finding);
    return out;
  });

  const remaining = filtered.flatMap((r) => r.findings);
  const threshold = opts.failOn;
  const atThreshold = (s: SeverityLevel) => !threshold || severityRank(s) >= severityRank(threshold);
  const failing = uniqueVulnerabilities(remaining.filter((f) => atThreshold(f.severity))).map((v) => v.id);
  const others = otherFindings(filtered);
  const failingOther: Record<OtherKind, string[]> = { secret: [], misconfiguration: [], license: [] };
  for (const o of others) if (atThreshold(o.finding.severity)) failingOther[o.kind].push(otherLabel(o));
  const ofKind = (k: OtherKind) => others.filter((o) => o.kind === k).map((o) => o.finding);
  const anyFailing = failing.length > 0 || Object.values(failingOther).some((l) => l.length > 0);
  const failCode = opts.exitCode ?? (threshold ? 1 : 0);
  const counts = countBySeverity(remaining);
  return {
    results: filtered,
    suppressed,
    suppressedOther,
    expiredIgnores,
    counts,
    countsByKind: { vulnerability: counts, secret: countOther(ofKind('secret')), misconfiguration: countOther(ofKind('misconfiguration')), license: countOther(ofKind('license')) },
    failing,
    failingOther,
    exitCode: anyFailing ? failCode : 0,
    threshold,
  };
}

/** Every secret, misconfiguration and licence finding of the results, tagged with its kind, in report order per result. */
export function otherFindings(results: readonly ScanResult[]): OtherFinding[] {
  return results.flatMap((r): OtherFinding[] => [
    ...r.inventory.secrets.map((finding) => ({ kind: 'secret' as const, finding })),
    ...r.inventory.misconfigurations.map((finding) => ({ kind: 'misconfiguration' as const, finding })),
    ...(r.licenses ?? []).map((finding) => ({ kind: 'license' as const, finding })),
  ]);
}
