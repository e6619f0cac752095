// Findings: a package × a vulnerability, with the evidence of why it matched.
import type { Package } from '../inventory/model.js';
import type { SeverityLevel, SeverityRating } from '../vulndb/model.js';

export type FindingStatus = 'fixed' | 'unfixed' | 'will-not-fix' | 'end-of-life' | 'affected';

export interface MatchEvidence {
  source: string;          // feed / data source ('debian-tracker', 'osv-go', 'ghsa')
  record: string;          // advisory id in that source
  ecosystem: string;       // affected entry ecosystem / distro namespace
  package: string;         // name looked up (source package for distros)
  comparator: string;      // 'deb', 'npm', ... (version ecosystem used)
  /** What decided: 'installed 1.2 < fixed 1.3', a range rendering, 'listed in versions', 'unfixed in debian:12'. */
  decidedBy: string;
}

export interface Finding {
  id: string;              // primary id: CVE when there is one, else the advisory id
  aliases: string[];       // every other id of the same vulnerability (GHSA, PYSEC, DSA ...)
  package: Package;
  installedVersion: string;
  fixedVersion?: string;   // smallest version that fixes it, when known
  status: FindingStatus;
  severity: SeverityLevel;
  severitySource: string;  // source of the rating that decided ('debian', 'ghsa', 'nvd' ...), 'none' when no rating exists
  /** The rating that decided (its type, vector and score), when there is one. */
  severityRating?: SeverityRating;
  ratings: SeverityRating[];
  title?: string;
  description?: string;
  references: string[];
  cwes: string[];
  kev?: { dateAdded: string; dueDate?: string; knownRansomware: boolean };
  epss?: { score: number; percentile: number };
  reachability?: 'reachable' | 'unreachable' | 'unknown';
  evidence: MatchEvidence[];
}

/** The result of `hullscan image`: one per scanned platform image. */
export interface ScanResult {
  schemaVersion: string;     // JSON output schema version, e.g. '1.0'
  inventory: import('../inventory/model.js').Inventory;
  findings: Finding[];
  db?: { path: string; schemaVersion: string; builtAt?: string };
}
