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

/** Licence classes, from least to most restrictive for a company shipping the software. */
export type LicenseClass = 'permissive' | 'public-domain' | 'weak-copyleft' | 'strong-copyleft' | 'network-copyleft' | 'unknown';

/** One licence of one package, classified and rated by the licence policy. */
export interface LicenseFinding {
  package: Package;
  /** The SPDX expression (normalised) or, when it could not be normalised, the raw text. */
  license: string;
  /** False when `license` is raw text that is not a valid SPDX expression. */
  spdx: boolean;
  classification: LicenseClass;
  severity: SeverityLevel;
  /** Why this severity: 'denied by --license-deny GPL-3.0-only', 'strong-copyleft class', ... */
  reason: string;
}

/** The result of `hullscan image`: one per scanned platform image. */
export interface ScanResult {
  schemaVersion: string;     // JSON output schema version, e.g. '1.0'
  inventory: import('../inventory/model.js').Inventory;
  findings: Finding[];
  /** Licence findings (scanner 'license'); secrets and misconfigurations are in the inventory. */
  licenses?: LicenseFinding[];
  /**
   * The scanners that ran (`--scanners`), when the pipeline says so: reports then show "no secrets found"
   * for a scanner that ran and found nothing, and leave out the sections of scanners that did not run.
   */
  scanners?: ('vuln' | 'misconfig' | 'secret' | 'license')[];
  db?: { path: string; schemaVersion: string; builtAt?: string };
}
