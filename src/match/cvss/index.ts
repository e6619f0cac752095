// CVSS: base scores from vector strings (v2, v3.0, v3.1, v4.0) and the qualitative levels.
import type { SeverityLevel } from '../../vulndb/model.js';
import { cvss2BaseScore } from './v2.js';
import { cvss3BaseScore } from './v3.js';
import { cvss4Score } from './v4.js';

export { cvss2BaseScore } from './v2.js';
export { cvss3BaseScore } from './v3.js';
export { cvss4Score } from './v4.js';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export function cvssVersion(vector: string): CvssVersion {
  const m = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector.trim());
  return m ? (m[1] as CvssVersion) : '2.0';
}

/** Base score of a vector of any version. Throws HullscanError('INPUT') for a malformed vector. */
export function cvssScore(vector: string): { version: CvssVersion; score: number } {
  const version = cvssVersion(vector);
  const score = version === '4.0' ? cvss4Score(vector) : version === '2.0' ? cvss2BaseScore(vector) : cvss3BaseScore(vector);
  return { version, score };
}

/**
 * Qualitative rating of a score: v3/v4 per the specification (0 = none, reported here as NEGLIGIBLE);
 * v2 per NVD's convention (Low < 4, Medium < 7, High otherwise; v2 has no Critical).
 */
export function levelFromScore(score: number, version: CvssVersion): SeverityLevel {
  if (version === '2.0') return score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : 'HIGH';
  if (score === 0) return 'NEGLIGIBLE';
  return score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : score < 9 ? 'HIGH' : 'CRITICAL';
}
