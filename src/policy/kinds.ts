// The kinds of finding a scan reports besides vulnerabilities (secrets, misconfigurations, licences):
// how each is named in messages, ordered, and counted. Vulnerabilities keep their own rules (unique.ts,
// prioritise.ts); these are counted per finding, since each one is a separate thing to fix.
import type { Misconfiguration, SecretFinding } from '../analyze/types.js';
import type { LicenseClass, LicenseFinding } from '../match/model.js';
import { emptyCounts, severityRank, type SeverityCounts } from './severity.js';

export type FindingKind = 'vulnerability' | 'secret' | 'misconfiguration' | 'license';

export const FINDING_KINDS: readonly FindingKind[] = ['vulnerability', 'secret', 'misconfiguration', 'license'];

/** A finding that is not a vulnerability, tagged with its kind. */
export type OtherFinding =
  | { kind: 'secret'; finding: SecretFinding }
  | { kind: 'misconfiguration'; finding: Misconfiguration }
  | { kind: 'license'; finding: LicenseFinding };

export type OtherKind = OtherFinding['kind'];

/** 'secret', 'secrets'; for sentences such as "2 secrets at or above HIGH". */
export function kindNoun(kind: FindingKind, n: number): string {
  const one = kind === 'vulnerability' ? 'vulnerability' : kind === 'license' ? 'licence finding' : kind;
  if (n === 1) return one;
  return kind === 'vulnerability' ? 'vulnerabilities' : `${one}s`;
}

export function otherSeverity(o: OtherFinding): SecretFinding['severity'] {
  return o.finding.severity;
}

/** The id an ignore entry names and a SARIF rule is keyed by: the secret rule, the misconfiguration id, the licence. */
export function otherId(o: OtherFinding): string {
  switch (o.kind) {
    case 'secret': return o.finding.rule;
    case 'misconfiguration': return o.finding.id;
    case 'license': return o.finding.license;
  }
}

/** Where: the secret's file and line, the misconfiguration's file and lines, the licensed package. */
export function otherWhere(o: OtherFinding): string {
  switch (o.kind) {
    case 'secret': return `${o.finding.path}${o.finding.line ? `:${o.finding.line}` : ''}`;
    case 'misconfiguration': {
      const l = o.finding.location;
      if (!l?.path) return 'image config';
      return `${l.path}${l.startLine ? `:${l.startLine}${l.endLine && l.endLine !== l.startLine ? `-${l.endLine}` : ''}` : ''}`;
    }
    case 'license': return `${o.finding.package.name}@${o.finding.package.version}`;
  }
}

/** One line naming the finding, e.g. 'aws-access-key-id at /root/.aws/credentials:2' (what made the exit code). */
export function otherLabel(o: OtherFinding): string {
  return `${otherId(o)} at ${otherWhere(o)}`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then by id and place: a stable order for every report. */
export function compareOther(a: OtherFinding, b: OtherFinding): number {
  return severityRank(otherSeverity(b)) - severityRank(otherSeverity(a)) || cmp(otherId(a), otherId(b)) || cmp(otherWhere(a), otherWhere(b)) ||
    (a.kind === 'secret' && b.kind === 'secret' ? (a.finding.layer?.index ?? -1) - (b.finding.layer?.index ?? -1) : 0);
}

/** Severity counts, one per finding. */
export function countOther(items: readonly { severity: SecretFinding['severity'] }[]): SeverityCounts {
  const c = emptyCounts();
  for (const x of items) c[x.severity]++;
  return c;
}

/** Licence classes from the most restrictive for a company shipping the software: the order reports group them in. */
export const LICENSE_CLASS_ORDER: readonly LicenseClass[] = ['network-copyleft', 'strong-copyleft', 'weak-copyleft', 'unknown', 'public-domain', 'permissive'];

/** Licence findings grouped by class, in LICENSE_CLASS_ORDER, empty classes left out. */
export function licensesByClass(licenses: readonly LicenseFinding[]): { classification: LicenseClass; licenses: LicenseFinding[] }[] {
  return LICENSE_CLASS_ORDER.map((classification) => ({ classification, licenses: licenses.filter((l) => l.classification === classification) }))
    .filter((g) => g.licenses.length > 0);
}
