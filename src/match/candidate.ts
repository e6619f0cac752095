// One affected row that matched one package, before rows naming the same vulnerability are merged.
import type { Package } from '../inventory/model.js';
import type { AffectedRow, AlreadyFixed } from '../vulndb/model.js';
import type { FindingStatus, MatchEvidence } from './model.js';

export interface Candidate {
  package: Package;
  row: AffectedRow;
  status: FindingStatus;
  /** The version that fixes it on the installed branch, when the data says. */
  fixedVersion?: string;
  evidence: MatchEvidence;
  /** Compares two versions of this package's ecosystem (for choosing the smallest fix when merging). */
  compare: (a: string, b: string) => number;
}

/** Where the matchers read rows (the run's AdvisoryCache). */
export interface RowSource {
  /** Rows about a package at `version` that may affect it: rows `alreadyFixed` settles may be left out. */
  rowsFor(ecosystem: string, name: string, version: string, alreadyFixed: AlreadyFixed): AffectedRow[];
}

/** `alreadyFixed` for a comparator: a fix at or below the version; a version the comparator rejects is never settled (the matcher reports it). */
export function fixedAtOrBelow(version: string, compare: (a: string, b: string) => number): (fixed: string) => boolean {
  return (fixed) => {
    try { return compare(version, fixed) >= 0; } catch { return false; }
  };
}

/** Options shared by the matchers. */
export interface MatcherContext {
  warn(message: string): void;
  includeInformational: boolean;
}

/** Row fields added to AffectedEntry by the store (requirement strings, Ubuntu Pro channel), read defensively. */
export interface RowExtras {
  requirements?: { scheme: 'cargo' | 'gem' | 'npm'; vulnerable?: string[]; patched: string[]; unaffected: string[] };
  channel?: string;
}
export const extras = (row: AffectedRow): RowExtras => row as AffectedRow & RowExtras;
