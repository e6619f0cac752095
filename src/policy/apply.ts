// Applying the user's policy to scan results: filters, ignore entries, VEX statements, then the exit code.
import type { Finding, ScanResult } from '../match/model.js';
import { OS_PACKAGE_TYPES } from '../inventory/model.js';
import type { SeverityLevel } from '../vulndb/model.js';
import { ignoreMatches, isExpired, type IgnoreEntry } from './ignore-file.js';
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

export interface PolicyOutcome {
  /** The results with only the findings that remain, in priority order. */
  results: ScanResult[];
  suppressed: Suppressed[];
  /** Ignore entries whose expiry date has passed: they no longer apply. */
  expiredIgnores: IgnoreEntry[];
  /** Unique vulnerabilities per severity over every remaining finding. */
  counts: SeverityCounts;
  /** Unique vulnerability ids at or over the threshold (what made the exit code). */
  failing: string[];
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

  const remaining = kept.flatMap((r) => r.findings);
  const threshold = opts.failOn;
  const failing = uniqueVulnerabilities(threshold ? remaining.filter((f) => severityRank(f.severity) >= severityRank(threshold)) : remaining).map((v) => v.id);
  const failCode = opts.exitCode ?? (threshold ? 1 : 0);
  return {
    results: kept,
    suppressed,
    expiredIgnores,
    counts: countBySeverity(remaining),
    failing,
    exitCode: failing.length ? failCode : 0,
    threshold,
  };
}
