// Severity words: parsing user input and ordering levels for gating and sorting.
import { HullscanError } from '../errors.js';
import type { SeverityLevel } from '../vulndb/model.js';

/** Most severe first: the order of columns in every report. */
export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NEGLIGIBLE', 'UNKNOWN'];

const RANK: Record<SeverityLevel, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, NEGLIGIBLE: 1, UNKNOWN: 0 };

/** Higher is more severe; UNKNOWN ranks lowest so that a threshold never trips on missing data. */
export function severityRank(level: SeverityLevel): number {
  return RANK[level] ?? 0;
}

/** Parses one severity word, case-insensitively; GHSA's MODERATE means MEDIUM. */
export function parseSeverity(word: string, subject = '--severity'): SeverityLevel {
  const w = word.trim().toUpperCase();
  if (w === 'MODERATE') return 'MEDIUM';
  if ((SEVERITY_LEVELS as readonly string[]).includes(w)) return w as SeverityLevel;
  throw new HullscanError('USAGE', `unknown severity '${word}' (expected one of ${SEVERITY_LEVELS.join(', ')})`, { subject });
}

/** Parses a comma-separated list such as 'CRITICAL,HIGH'. */
export function parseSeverityList(list: string, subject = '--severity'): SeverityLevel[] {
  const words = list.split(',').map((w) => w.trim()).filter(Boolean);
  if (!words.length) throw new HullscanError('USAGE', 'empty severity list', { subject });
  return [...new Set(words.map((w) => parseSeverity(w, subject)))];
}

export type SeverityCounts = Record<SeverityLevel, number>;

export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, NEGLIGIBLE: 0, UNKNOWN: 0 };
}
