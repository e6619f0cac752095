// CVSS v2 base score (https://www.first.org/cvss/v2/guide, section 3.2.1).
import { parseMetrics } from './vector.js';

const ALLOWED: Record<string, string> = {
  AV: 'L,A,N', AC: 'H,M,L', Au: 'M,S,N', C: 'N,P,C', I: 'N,P,C', A: 'N,P,C',
  // Temporal and environmental metrics are accepted (NVD vectors sometimes carry them) but do not change the base score.
  E: 'U,POC,F,H,ND', RL: 'OF,TF,W,U,ND', RC: 'UC,UR,C,ND',
  CDP: 'N,L,LM,MH,H,ND', TD: 'N,L,M,H,ND', CR: 'L,M,H,ND', IR: 'L,M,H,ND', AR: 'L,M,H,ND',
};
const BASE = ['AV', 'AC', 'Au', 'C', 'I', 'A'] as const;

const AV: Record<string, number> = { L: 0.395, A: 0.646, N: 1.0 };
const AC: Record<string, number> = { H: 0.35, M: 0.61, L: 0.71 };
const AU: Record<string, number> = { M: 0.45, S: 0.56, N: 0.704 };
const CIA: Record<string, number> = { N: 0, P: 0.275, C: 0.66 };

const round1 = (x: number) => Math.round(x * 10 + 1e-9) / 10;

export function cvss2BaseScore(vector: string): number {
  const body = vector.trim().replace(/^\(|\)$/g, '').replace(/^CVSS:2\.0\//, '');
  const m = parseMetrics(vector, body, ALLOWED, BASE);
  const impact = 10.41 * (1 - (1 - CIA[m.C!]!) * (1 - CIA[m.I!]!) * (1 - CIA[m.A!]!));
  const exploitability = 20 * AV[m.AV!]! * AC[m.AC!]! * AU[m.Au!]!;
  const f = impact === 0 ? 0 : 1.176;
  return round1((0.6 * impact + 0.4 * exploitability - 1.5) * f);
}
