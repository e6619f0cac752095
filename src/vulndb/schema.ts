// The on-disk layout of the vulnerability DB: one SQLite file, schema-versioned major.minor.
// A client reads every DB of its major version; a minor bump only adds tables, columns or metadata keys.

export const SCHEMA_MAJOR = 2;
export const SCHEMA_MINOR = 0;
export const SCHEMA_VERSION = `${SCHEMA_MAJOR}.${SCHEMA_MINOR}`;

/**
 * Shaped so that matching one package costs one probe for its rows and one per advisory it reports:
 * - affected: one row per (ecosystem key, package key) at the integer slot package-slot.ts computes from it
 *   (one descent of a dense integer b-tree per lookup), holding every AffectedRow of the package packed by
 *   rows-codec.ts (strings stored once, each row tagged with its advisory's rid).
 * - advisories.head: the advisory without its affected entries and CPE configurations, plain JSON (what the
 *   matcher reads for a finding: ids, aliases, severities, texts, references); advisories.related: for each id
 *   of the advisory (its id, aliases, and the CVE an OSV distro id names) the rids the alias index gives for it,
 *   so the matcher's alias queries for a finding are answered without probing the index again.
 * - bodies.rest: the rest of the advisory (affected entries, CPE configurations), deflated, read only when a
 *   whole advisory is asked for (stored-advisory.ts joins the two parts).
 * - package_filter: one row, a Bloom filter of the affected keys (package-filter.ts), so lookups of packages
 *   the DB has nothing for (most of an image's) are answered without touching the table.
 * - aliases: every id and alias of an advisory → its rid.
 */
export const SCHEMA_SQL = `
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
  name TEXT PRIMARY KEY, format TEXT NOT NULL, date TEXT, files INTEGER NOT NULL, records INTEGER NOT NULL,
  advisories INTEGER NOT NULL, skipped INTEGER NOT NULL, skip_reasons TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE advisories (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, modified TEXT, head TEXT NOT NULL, related TEXT NOT NULL);
CREATE UNIQUE INDEX advisories_by_id ON advisories (id, source);
CREATE TABLE bodies (rid INTEGER PRIMARY KEY, rest BLOB NOT NULL);
CREATE TABLE affected (slot INTEGER PRIMARY KEY, eco TEXT NOT NULL, name TEXT NOT NULL, rows BLOB NOT NULL);
CREATE TABLE package_filter (probes INTEGER NOT NULL, bits BLOB NOT NULL);
CREATE TABLE aliases (alias TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (alias, rid)) WITHOUT ROWID;
CREATE TABLE kev (cve TEXT PRIMARY KEY, entry TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, date TEXT) WITHOUT ROWID;
CREATE TABLE skipped (file TEXT NOT NULL, record TEXT, reason TEXT NOT NULL);
`;
