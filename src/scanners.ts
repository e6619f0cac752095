// Which scanners run (`--scanners vuln,misconfig,secret,license`, default vuln,secret as Trivy users expect):
// the package inventory is always taken; each scanner adds its analyzers and checks on top of it.
import type { Analyzer } from './analyze/types.js';
import { HullscanError } from './errors.js';

export const SCANNERS = ['vuln', 'misconfig', 'secret', 'license'] as const;
export type Scanner = (typeof SCANNERS)[number];
export const DEFAULT_SCANNERS: readonly Scanner[] = ['vuln', 'secret'];

/** Analyzers only one scanner needs, by analyzer name: left out of the walk when that scanner is off. */
const SCANNER_OF_ANALYZER: Readonly<Record<string, Scanner>> = { secret: 'secret', imageconfig: 'misconfig' };

export function analyzersFor(scanners: readonly Scanner[], all: readonly Analyzer[]): Analyzer[] {
  return all.filter((a) => {
    const needs = SCANNER_OF_ANALYZER[a.name];
    return !needs || scanners.includes(needs);
  });
}

/** Parses a comma-separated list ('vuln,secret'); 'none' or '' selects no scanner (inventory only). */
export function parseScanners(spec: string, subject = '--scanners'): Scanner[] {
  const names = spec.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s !== 'none');
  const aliases: Record<string, Scanner> = { vulnerability: 'vuln', vulnerabilities: 'vuln', config: 'misconfig', secrets: 'secret', licence: 'license', licenses: 'license' };
  const out: Scanner[] = [];
  for (const n of names) {
    const s = (SCANNERS as readonly string[]).includes(n) ? (n as Scanner) : aliases[n];
    if (!s) throw new HullscanError('USAGE', `unknown scanner '${n}' (expected some of ${SCANNERS.join(', ')})`, { subject });
    if (!out.includes(s)) out.push(s);
  }
  return out;
}
