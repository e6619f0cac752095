// CVSS v3.0 and v3.1 base score (https://www.first.org/cvss/v3.1/specification-document, section 7.1).
// The two versions share the formula and differ only in Roundup.
import { HullscanError } from '../../errors.js';
import { parseMetrics } from './vector.js';

const ALLOWED: Record<string, string> = {
  AV: 'N,A,L,P', AC: 'L,H', PR: 'N,L,H', UI: 'N,R', S: 'U,C', C: 'H,L,N', I: 'H,L,N', A: 'H,L,N',
  // Temporal and environmental metrics are accepted but the base score ignores them.
  E: 'X,U,P,F,H', RL: 'X,O,T,W,U', RC: 'X,U,R,C', CR: 'X,L,M,H', IR: 'X,L,M,H', AR: 'X,L,M,H',
  MAV: 'X,N,A,L,P', MAC: 'X,L,H', MPR: 'X,N,L,H', MUI: 'X,N,R', MS: 'X,U,C', MC: 'X,H,L,N', MI: 'X,H,L,N', MA: 'X,H,L,N',
};
const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/** v3.1 Roundup (Appendix A): integer arithmetic so that 4.000000001 is not rounded to 4.1. */
function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}
/** v3.0 Roundup: the smallest number, to one decimal, at or above the input. */
const roundup30 = (x: number) => Math.ceil(x * 10 - 1e-9) / 10;

export function cvss3BaseScore(vector: string): number {
  const m0 = /^CVSS:3\.([01])\/(.*)$/.exec(vector.trim());
  if (!m0) throw new HullscanError('INPUT', `invalid CVSS vector "${vector}": not CVSS:3.0/ or CVSS:3.1/`);
  const roundup = m0[1] === '1' ? roundup31 : roundup30;
  const m = parseMetrics(vector, m0[2]!, ALLOWED, BASE);
  const changed = m.S === 'C';
  const iss = 1 - (1 - CIA[m.C!]!) * (1 - CIA[m.I!]!) * (1 - CIA[m.A!]!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * AV[m.AV!]! * AC[m.AC!]! * (changed ? PR_CHANGED : PR_UNCHANGED)[m.PR!]! * UI[m.UI!]!;
  if (impact <= 0) return 0;
  return roundup(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}
