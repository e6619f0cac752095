// Which rating decides a finding's severity: the distro's own for OS packages, then GitHub's, then NVD's,
// then any other source's. Every rating is kept; CVSS vectors without a score get one computed here.
import type { SeverityLevel, SeverityRating } from '../vulndb/model.js';
import { cvssScore, levelFromScore } from './cvss/index.js';

/**
 * Fill in score and level from the vector when the feed left them out; an invalid vector is kept unscored.
 * Findings share the completed object of each distinct rating (same fields, same order): feeds repeat a few
 * thousand ratings across all their advisories, and one long-lived object per rating is cheaper than a
 * fresh copy per finding, which every young-generation collection during matching had to copy again.
 * Shared: never modify a rating.
 */
export function completeRating(r: SeverityRating): SeverityRating {
  if (r.type === 'vendor' || !r.vector || (r.score !== undefined && r.level)) return r;
  const key = JSON.stringify(r);
  let c = completed.get(key);
  if (!c) {
    const scored = scoreOf(r.vector);
    if (!scored) return r;
    const s = r.score ?? scored.score;
    c = { ...r, score: s, level: r.level ?? levelFromScore(s, scored.version) };
    if (completed.size > 50_000) completed.clear();
    completed.set(key, c);
  }
  return c;
}
const completed = new Map<string, SeverityRating>();

// Feeds repeat the same few thousand vectors across many findings: score each once.
const scores = new Map<string, ReturnType<typeof cvssScore> | null>();
function scoreOf(vector: string): ReturnType<typeof cvssScore> | null {
  let s = scores.get(vector);
  if (s === undefined) {
    try { s = cvssScore(vector); } catch { s = null; }
    if (scores.size > 50_000) scores.clear();
    scores.set(vector, s);
  }
  return s;
}

/** Two ratings that say the same (an absent field and an empty one alike). */
function sameRating(a: SeverityRating, b: SeverityRating): boolean {
  return a === b || (a.source === b.source && a.type === b.type && (a.vector ?? '') === (b.vector ?? '')
    && (a.raw ?? '') === (b.raw ?? '') && (a.level ?? '') === (b.level ?? '')
    && (a.score === b.score || String(a.score ?? '') === String(b.score ?? '')));
}

/** The ratings without repeats, first of each kept; a finding has a handful, so pairwise beats keying each. */
export function uniqueRatings(ratings: SeverityRating[]): SeverityRating[] {
  const out: SeverityRating[] = [];
  for (const r of ratings) if (!out.some((o) => sameRating(o, r))) out.push(r);
  return out;
}

const decisive = (r: SeverityRating) => !!r.level && r.level !== 'UNKNOWN';

// Within one source: its own word first (a distro's urgency, GitHub's severity), then CVSS v3, v4, v2.
const TYPE_ORDER: SeverityRating['type'][] = ['vendor', 'CVSS_V3', 'CVSS_V4', 'CVSS_V2'];
// NVD assigns CVSS scores, not words.
const NVD_TYPE_ORDER: SeverityRating['type'][] = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2', 'vendor'];

/** The first decisive rating of `tier` in type order; no temporary arrays (this runs once per finding). */
function best(ratings: SeverityRating[], tier: (r: SeverityRating) => boolean, order: SeverityRating['type'][]): SeverityRating | undefined {
  for (const t of order) {
    for (const r of ratings) if (r.type === t && decisive(r) && tier(r)) return r;
  }
  return undefined;
}

const fromGhsa = (r: SeverityRating) => r.source === 'ghsa';
const fromNvd = (r: SeverityRating) => r.source === 'nvd';

export interface SeverityDecision { severity: SeverityLevel; severitySource: string; rating?: SeverityRating }

/**
 * `distroSources`: the rating sources that count as the distro's own (for OS packages), e.g.
 * ['debian-tracker', 'debian']; empty for language packages.
 */
export function decideSeverity(ratings: SeverityRating[], distroSources: ReadonlySet<string>): SeverityDecision {
  const r = best(ratings, (x) => distroSources.has(x.source), TYPE_ORDER)
    ?? best(ratings, fromGhsa, TYPE_ORDER)
    ?? best(ratings, fromNvd, NVD_TYPE_ORDER)
    ?? best(ratings, (x) => !distroSources.has(x.source) && x.source !== 'ghsa' && x.source !== 'nvd', NVD_TYPE_ORDER);
  return r ? { severity: r.level!, severitySource: r.source, rating: r } : { severity: 'UNKNOWN', severitySource: 'none' };
}
