// CVSS v4.0 score (https://www.first.org/cvss/v4.0/specification-document, section 8): the vector's
// macro vector gives a score from the table, then the score is lowered by how far the vector sits
// below the highest vector of its macro vector, relative to the next lower macro vector.
import { HullscanError } from '../../errors.js';
import { MACROVECTOR_SCORES } from './v4-macrovectors.js';
import { parseMetrics, type Metrics } from './vector.js';

const ALLOWED: Record<string, string> = {
  AV: 'N,A,L,P', AC: 'L,H', AT: 'N,P', PR: 'N,L,H', UI: 'N,P,A',
  VC: 'H,L,N', VI: 'H,L,N', VA: 'H,L,N', SC: 'H,L,N', SI: 'H,L,N', SA: 'H,L,N',
  E: 'X,A,P,U',
  CR: 'X,H,M,L', IR: 'X,H,M,L', AR: 'X,H,M,L',
  MAV: 'X,N,A,L,P', MAC: 'X,L,H', MAT: 'X,N,P', MPR: 'X,N,L,H', MUI: 'X,N,P,A',
  MVC: 'X,H,L,N', MVI: 'X,H,L,N', MVA: 'X,H,L,N', MSC: 'X,H,L,N', MSI: 'X,S,H,L,N', MSA: 'X,S,H,L,N',
  // Supplemental metrics: informative, no effect on the score.
  S: 'X,N,P', AU: 'X,N,Y', R: 'X,A,U,I', V: 'X,D,C', RE: 'X,L,M,H', U: 'X,Clear,Green,Amber,Red',
};
const BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;

/** The effective value of a metric: the modified (environmental) value when set, the defaults for X. */
function effective(m: Metrics, key: string): string {
  const modified = m[`M${key}`];
  if (modified && modified !== 'X') return modified;
  const v = m[key];
  if (key === 'E') return !v || v === 'X' ? 'A' : v;
  if (key === 'CR' || key === 'IR' || key === 'AR') return !v || v === 'X' ? 'H' : v;
  return v!;
}

function macroVector(g: (k: string) => string): [number, number, number, number, number, number] {
  const anyN = g('AV') === 'N' || g('PR') === 'N' || g('UI') === 'N';
  const allN = g('AV') === 'N' && g('PR') === 'N' && g('UI') === 'N';
  const eq1 = allN ? 0 : anyN && g('AV') !== 'P' ? 1 : 2;
  const eq2 = g('AC') === 'L' && g('AT') === 'N' ? 0 : 1;
  const eq3 = g('VC') === 'H' && g('VI') === 'H' ? 0 : g('VC') === 'H' || g('VI') === 'H' || g('VA') === 'H' ? 1 : 2;
  const eq4 = g('MSI') === 'S' || g('MSA') === 'S' ? 0 : g('SC') === 'H' || g('SI') === 'H' || g('SA') === 'H' ? 1 : 2;
  const eq5 = g('E') === 'A' ? 0 : g('E') === 'P' ? 1 : 2;
  const eq6 = (g('CR') === 'H' && g('VC') === 'H') || (g('IR') === 'H' && g('VI') === 'H') || (g('AR') === 'H' && g('VA') === 'H') ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

// The highest-severity vectors of each equivalence class (spec Table 24-29).
const MAX_EQ1: string[][] = [['AV:N/PR:N/UI:N'], ['AV:A/PR:N/UI:N', 'AV:N/PR:L/UI:N', 'AV:N/PR:N/UI:P'], ['AV:P/PR:N/UI:N', 'AV:A/PR:L/UI:P']];
const MAX_EQ2: string[][] = [['AC:L/AT:N'], ['AC:H/AT:N', 'AC:L/AT:P']];
const MAX_EQ3EQ6: Record<string, string[]> = {
  '00': ['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H'],
  '01': ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M'],
  '10': ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H'],
  '11': ['VC:L/VI:H/VA:L/CR:H/IR:M/AR:H', 'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M', 'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M',
    'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H', 'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M'],
  '21': ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H'],
};
const MAX_EQ4: string[][] = [['SC:H/SI:S/SA:S'], ['SC:H/SI:H/SA:H'], ['SC:L/SI:L/SA:L']];
const MAX_EQ5: string[][] = [['E:A'], ['E:P'], ['E:U']];

// Depth of each equivalence class, in 0.1 steps (spec Table 30).
const DEPTH_EQ1 = [1, 4, 5];
const DEPTH_EQ2 = [1, 2];
const DEPTH_EQ3EQ6: Record<string, number> = { '00': 7, '01': 6, '10': 8, '11': 8, '21': 10 };
const DEPTH_EQ4 = [6, 5, 4];

const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0, A: 0.1, L: 0.2, P: 0.3 }, PR: { N: 0, L: 0.1, H: 0.2 }, UI: { N: 0, P: 0.1, A: 0.2 },
  AC: { L: 0, H: 0.1 }, AT: { N: 0, P: 0.1 },
  VC: { H: 0, L: 0.1, N: 0.2 }, VI: { H: 0, L: 0.1, N: 0.2 }, VA: { H: 0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 }, SI: { S: 0, H: 0.1, L: 0.2, N: 0.3 }, SA: { S: 0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0, M: 0.1, L: 0.2 }, IR: { H: 0, M: 0.1, L: 0.2 }, AR: { H: 0, M: 0.1, L: 0.2 },
};

const score = (mv: number[]): number => MACROVECTOR_SCORES[mv.join('')] ?? NaN;

export function cvss4Score(vector: string): number {
  const m0 = /^CVSS:4\.0\/(.*)$/.exec(vector.trim());
  if (!m0) throw new HullscanError('INPUT', `invalid CVSS vector "${vector}": not CVSS:4.0/`);
  const m = parseMetrics(vector, m0[1]!, ALLOWED, BASE);
  const g = (k: string) => effective(m, k);
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => g(k) === 'N')) return 0;

  const mv = macroVector(g);
  const [eq1, eq2, eq3, eq4, eq5, eq6] = mv;
  const value = score(mv);

  // Scores of the next lower macro vector along each equivalence class (NaN when there is none).
  const lower1 = score([eq1 + 1, eq2, eq3, eq4, eq5, eq6]);
  const lower2 = score([eq1, eq2 + 1, eq3, eq4, eq5, eq6]);
  let lower36: number;
  if (eq3 === 0 && eq6 === 0) {
    lower36 = Math.max(score([eq1, eq2, eq3, eq4, eq5, eq6 + 1]), score([eq1, eq2, eq3 + 1, eq4, eq5, eq6]));
  } else if (eq3 === 1 && eq6 === 0) {
    lower36 = score([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
  } else {
    lower36 = score([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
  }
  const lower4 = score([eq1, eq2, eq3, eq4 + 1, eq5, eq6]);
  const lower5 = score([eq1, eq2, eq3, eq4, eq5 + 1, eq6]);

  // The first highest vector of the macro vector that the vector does not exceed in any metric.
  const key36 = `${eq3}${eq6}`;
  const distance: Record<string, number> = {};
  let found = false;
  outer: for (const a of MAX_EQ1[eq1]!) for (const b of MAX_EQ2[eq2]!) for (const c of MAX_EQ3EQ6[key36]!)
    for (const d of MAX_EQ4[eq4]!) for (const e of MAX_EQ5[eq5]!) {
      const max = Object.fromEntries(`${a}/${b}/${c}/${d}/${e}`.split('/').map((p) => p.split(':') as [string, string]));
      for (const k of Object.keys(LEVELS)) distance[k] = LEVELS[k]![g(k)]! - LEVELS[k]![max[k]!]!;
      if (Object.values(distance).every((x) => x >= 0)) { found = true; break outer; }
    }
  if (!found) throw new Error(`CVSS v4: no maximal vector below ${vector} (macro vector ${mv.join('')})`);

  const d = (...keys: string[]) => keys.reduce((s, k) => s + distance[k]!, 0);
  const parts: [number, number, number][] = [
    // [available distance to the next lower macro vector, distance of this vector, depth of the class]
    [value - lower1, d('AV', 'PR', 'UI'), DEPTH_EQ1[eq1]! * 0.1],
    [value - lower2, d('AC', 'AT'), DEPTH_EQ2[eq2]! * 0.1],
    [value - lower36, d('VC', 'VI', 'VA', 'CR', 'IR', 'AR'), DEPTH_EQ3EQ6[key36]! * 0.1],
    [value - lower4, d('SC', 'SI', 'SA'), DEPTH_EQ4[eq4]! * 0.1],
    [value - lower5, 0, 0.1],
  ];
  let sum = 0;
  let n = 0;
  for (const [available, current, depth] of parts) {
    if (Number.isNaN(available)) continue;
    n++;
    sum += available * (current / depth);
  }
  const result = Math.min(10, Math.max(0, value - (n ? sum / n : 0)));
  // Round half up to one decimal; the epsilon (as in FIRST's reference calculator) keeps 5.65 computed as
  // 5.6499999999999995 from rounding down.
  return Math.round((result + 1e-6) * 10) / 10;
}
