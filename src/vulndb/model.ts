// The common advisory model every feed reader yields and the store keeps.

export type SeverityLevel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NEGLIGIBLE' | 'UNKNOWN';

export interface SeverityRating {
  source: string;                       // 'nvd', 'ghsa', 'debian', 'alpine', 'redhat', 'ubuntu', 'osv:<db>' ...
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'vendor';
  vector?: string;                      // CVSS vector string
  score?: number;                       // base score (computed from the vector when not given)
  level?: SeverityLevel;                // vendor word mapped, or from the score
  raw?: string;                         // the vendor's own word ('high**', 'Important')
}

export type RangeEvent =
  | { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export interface VersionRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
  events: RangeEvent[];
}

export type DistroStatus = 'fixed' | 'unfixed' | 'will-not-fix' | 'not-affected' | 'end-of-life';

/**
 * One affected package. `ecosystem` is the OSV ecosystem for language packages
 * ('npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'RubyGems', 'NuGet', 'Packagist', 'Hex', 'Pub', 'Nodejs-core'; plus
 * 'rust-toolchain' for RustSec's rust/ advisories and 'ruby-engine' for ruby-advisory-db's rubies/)
 * or a distro namespace for OS packages: 'debian:12', 'ubuntu:22.04', 'alpine:3.19', 'wolfi', 'chainguard',
 * 'rhel:9', 'almalinux:9', 'rocky:9' (lower-case family, release as in os-release VERSION_ID,
 * major only for the RPM distros, major.minor for alpine).
 * Distro entries are keyed by SOURCE package name (deb Source, apk origin, rpm source name) unless `binary` is set.
 */
export interface AffectedEntry {
  ecosystem: string;
  package: string;
  ranges?: VersionRange[];
  versions?: string[];
  /** Distro statement: `fixed` comes with `fixedVersion`; 'unfixed' means affected at every version. */
  status?: DistroStatus;
  fixedVersion?: string;
  /** The entry names a binary package rather than a source package (AlmaLinux/Rocky OSV). */
  binary?: boolean;
  /** RHEL modularity stream ('nodejs:18'), when the statement only applies inside it. */
  module?: string;
  /** Vendor severity for this package in this release (Debian urgency, RHSA impact). */
  severity?: SeverityRating;
  /** Affected symbols per import path (Go), or functions (RustSec): for reachability. */
  symbols?: { path: string; symbols: string[] }[];
  informational?: string;               // RustSec informational kind (unmaintained, unsound ...)
  purl?: string;
  /**
   * Requirement strings as the feed wrote them (RustSec/Cargo, RubyGems, node-semver), kept whenever they
   * cannot be expressed exactly as `ranges`. When present they are authoritative: a version is affected when
   * it satisfies one of `vulnerable` (or `vulnerable` is absent) and none of `patched` or `unaffected`.
   */
  requirements?: { scheme: 'cargo' | 'gem' | 'npm'; vulnerable?: string[]; patched: string[]; unaffected: string[] };
  /** Ubuntu Pro / ESM statements ('pro', 'esm-infra', 'esm-apps'): apply only to hosts with that channel. */
  channel?: string;
}

export interface Advisory {
  id: string;
  aliases: string[];
  /** Feed that produced the record: 'osv-go', 'ghsa', 'debian-tracker', 'alpine-secdb', 'nvd', ... */
  source: string;
  summary?: string;
  details?: string;
  published?: string;
  modified?: string;
  withdrawn?: string;
  references: string[];
  cwes: string[];
  severities: SeverityRating[];
  affected: AffectedEntry[];
  /** NVD CPE configurations kept as-is (never used for OS packages). */
  cpeConfigurations?: unknown;
  /** Ids of upstream records this one derives from (OSV `upstream`, e.g. USN → UBUNTU-CVE). */
  upstream?: string[];
}

export interface KevEntry {
  cve: string; dateAdded: string; dueDate?: string; knownRansomware: boolean;
  vendorProject?: string; product?: string; name?: string;
}

export interface EpssScore { cve: string; score: number; percentile: number; date?: string }

/** A record a reader could not use: counted and reported, never fatal. */
export interface SkippedRecord { file: string; record?: string; reason: string }

export type FeedItem =
  /**
   * `fragment`: the record is one part of an advisory the feed spreads over several records (Debian tracker:
   * one per package); the store unions fragments with the same source and id. Otherwise the newest `modified` wins.
   */
  | { kind: 'advisory'; advisory: Advisory; fragment?: boolean }
  | { kind: 'kev'; kev: KevEntry }
  | { kind: 'epss'; epss: EpssScore }
  | { kind: 'skipped'; skipped: SkippedRecord };

export interface FeedReader {
  readonly format: string;              // 'osv', 'debian-tracker', 'alpine-secdb', ...
  detect(path: string): Promise<boolean>;
  read(path: string): AsyncIterable<FeedItem>;
}

/** One affected entry as the store returns it for a lookup, with its advisory's id and feed. */
export interface AffectedRow extends AffectedEntry {
  advisoryId: string;
  source: string;
}

/**
 * An advisory without its affected entries and CPE configurations: what matching reads of an advisory.
 * (Readers may leave `affected` present but empty.)
 */
export type AdvisoryHead = Omit<Advisory, 'affected' | 'cpeConfigurations'>;

/**
 * Whether a row whose only statement is "fixed in `fixed`" is settled for the package being matched (its
 * installed version is at or above the fix); `binary` is the row's `binary` flag, since distro rows about
 * binary packages are compared with the binary's version rather than the source's.
 */
export type AlreadyFixed = (fixed: string, binary: boolean) => boolean;

/** The query side of the vulnerability DB: what the matcher (and third parties) call. */
export interface VulnDbReader {
  /**
   * Affected entries for a package. `ecosystem` as in AffectedEntry; `packageName` is matched after the
   * ecosystem's normalisation (PEP 503 for PyPI, lower-case for Packagist/NuGet, as-is otherwise).
   */
  lookup(ecosystem: string, packageName: string): AffectedRow[];
  advisory(id: string): Advisory | undefined;
  /** Advisories that list `id` as their id or an alias. */
  byAlias(id: string): Advisory[];
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): EpssScore | undefined;
  /** Optional, cheaper form of `byAlias` for readers that store heads apart: the same advisories, as heads. */
  headsByAlias?(id: string): AdvisoryHead[];
  /** Optional: the head of the advisory a row returned by `lookup` belongs to. */
  headOfRow?(row: AffectedRow): AdvisoryHead | undefined;
  /**
   * Optional hints that the caller is about to look up these packages, or ask for the heads of these rows'
   * advisories (and of their aliases): a reader may read them in one pass, in storage order. Answers are
   * the same with or without the hint.
   */
  prefetch?(packages: readonly (readonly [ecosystem: string, packageName: string])[]): void;
  /**
   * Optional: `lookup` that may leave out rows whose only statement is "fixed in X" (a distro `fixed` status
   * with nothing else to evaluate, or one OSV range introduced 0 → fixed X) when `alreadyFixed(X, row.binary)`
   * is true, i.e. the installed version is at or above the fix. Rows that could still apply are all returned.
   */
  lookupMayAffect?(ecosystem: string, packageName: string, alreadyFixed: AlreadyFixed): AffectedRow[];
  prefetchHeads?(rows: readonly AffectedRow[]): void;
}
