// Severity ratings: CVSS base scores computed from vectors (v2, v3.x), levels from scores, vendor words mapped.
import type { SeverityLevel, SeverityRating } from './model.js';

const V3: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 }, I: { H: 0.56, L: 0.22, N: 0 }, A: { H: 0.56, L: 0.22, N: 0 },
};

function parseVector(vector: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of vector.split('/')) {
    const [k, v] = part.split(':');
    if (k && v !== undefined) m.set(k, v);
  }
  return m;
}

// CVSS v3.1 "Roundup": smallest number with one decimal that is >= the input, immune to float noise.
function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** CVSS v3.0/v3.1 base score from a vector, or undefined when the vector is incomplete. */
export function cvss3BaseScore(vector: string): number | undefined {
  const m = parseVector(vector);
  const scope = m.get('S');
  const get = (k: string) => V3[k]?.[m.get(k) ?? ''];
  const av = get('AV'), ac = get('AC'), ui = get('UI'), c = get('C'), i = get('I'), a = get('A');
  const prW = m.get('PR');
  const pr = prW === 'N' ? 0.85 : prW === 'L' ? (scope === 'C' ? 0.68 : 0.62) : prW === 'H' ? (scope === 'C' ? 0.5 : 0.27) : undefined;
  if (av === undefined || ac === undefined || ui === undefined || c === undefined || i === undefined || a === undefined
    || pr === undefined || (scope !== 'U' && scope !== 'C')) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return scope === 'U' ? roundUp(Math.min(impact + exploitability, 10)) : roundUp(Math.min(1.08 * (impact + exploitability), 10));
}

const V2: Record<string, Record<string, number>> = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 }, I: { N: 0, P: 0.275, C: 0.66 }, A: { N: 0, P: 0.275, C: 0.66 },
};

/** CVSS v2 base score from a vector ('AV:N/AC:L/Au:N/C:P/I:P/A:P'). */
export function cvss2BaseScore(vector: string): number | undefined {
  const m = parseVector(vector.replace(/^\(|\)$/g, ''));
  const get = (k: string) => V2[k]?.[m.get(k) ?? ''];
  const av = get('AV'), ac = get('AC'), au = get('Au'), c = get('C'), i = get('I'), a = get('A');
  if (av === undefined || ac === undefined || au === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}

export function levelFromScore(type: SeverityRating['type'], score: number): SeverityLevel {
  if (type === 'CVSS_V2') return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'NEGLIGIBLE';
}

/** The CVSS type a vector string belongs to. */
export function cvssTypeOf(vector: string): SeverityRating['type'] | undefined {
  if (vector.startsWith('CVSS:3.')) return 'CVSS_V3';
  if (vector.startsWith('CVSS:4.')) return 'CVSS_V4';
  if (/^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]/.test(vector)) return 'CVSS_V2';
  return undefined;
}

/** A CVSS rating from a vector; the score is computed when the feed gives none (v4 scores are only copied). */
export function cvssRating(source: string, type: SeverityRating['type'], vector: string | undefined, score?: number): SeverityRating {
  let s = typeof score === 'number' && Number.isFinite(score) ? score : undefined;
  if (s === undefined && vector) s = type === 'CVSS_V3' ? cvss3BaseScore(vector) : type === 'CVSS_V2' ? cvss2BaseScore(vector) : undefined;
  const r: SeverityRating = { source, type };
  if (vector) r.vector = vector;
  if (s !== undefined) { r.score = s; r.level = levelFromScore(type, s); }
  return r;
}

const VENDOR_WORDS: Record<string, SeverityLevel> = {
  critical: 'CRITICAL', important: 'HIGH', high: 'HIGH', moderate: 'MEDIUM', medium: 'MEDIUM', low: 'LOW',
  negligible: 'NEGLIGIBLE', unimportant: 'NEGLIGIBLE', untriaged: 'UNKNOWN', unknown: 'UNKNOWN',
  'not yet assigned': 'UNKNOWN', 'end-of-life': 'UNKNOWN',
};

/** A vendor's word ('high**', 'Important', 'unimportant') as a rating; the raw word is kept. */
export function vendorRating(source: string, raw: string): SeverityRating {
  const word = raw.trim().toLowerCase().replace(/\*+$/, '');
  return { source, type: 'vendor', raw, level: VENDOR_WORDS[word] ?? 'UNKNOWN' };
}
