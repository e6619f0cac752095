// The default order of findings: what to fix first. Known-exploited (CISA KEV) first, then fixable
// criticals, then by severity, EPSS probability, id, and package for a stable order.
import type { Finding } from '../match/model.js';
import { severityRank } from './severity.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function isFixable(f: Finding): boolean {
  return f.status === 'fixed' && !!f.fixedVersion;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(!!b.kev) - Number(!!a.kev) ||
    Number(b.severity === 'CRITICAL' && isFixable(b)) - Number(a.severity === 'CRITICAL' && isFixable(a)) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.epss?.score ?? -1) - (a.epss?.score ?? -1) ||
    cmp(a.id, b.id) ||
    cmp(a.package.name, b.package.name) ||
    cmp(a.installedVersion, b.installedVersion) ||
    cmp(a.package.locations[0]?.path ?? '', b.package.locations[0]?.path ?? '')
  );
}

/** A new array in priority order. */
export function prioritise(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
