// The on-disk layout of the vulnerability DB: one SQLite file, schema-versioned major.minor.
// A client reads every DB of its major version; a minor bump only adds tables, columns or metadata keys.

export const SCHEMA_MAJOR = 1;
export const SCHEMA_MINOR = 0;
export const SCHEMA_VERSION = `${SCHEMA_MAJOR}.${SCHEMA_MINOR}`;

/**
 * - advisories.body: the whole Advisory as deflate-raw JSON, fetched lazily by id.
 * - affected: one row per (ecosystem key, package key) holding every AffectedRow for it as one JSON array, so a
 *   lookup is one probe of a small (eco, name) index, one rowid fetch and one parse (plain JSON: parsed on every
 *   lookup, never compressed). The rows stay out of the index so its pages stay dense however big the DB grows.
 * - aliases: every id and alias of an advisory → its row.
 */
export const SCHEMA_SQL = `
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
  name TEXT PRIMARY KEY, format TEXT NOT NULL, date TEXT, files INTEGER NOT NULL, records INTEGER NOT NULL,
  advisories INTEGER NOT NULL, skipped INTEGER NOT NULL, skip_reasons TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE advisories (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, modified TEXT, body BLOB NOT NULL);
CREATE UNIQUE INDEX advisories_by_id ON advisories (id, source);
CREATE TABLE affected (rid INTEGER PRIMARY KEY, eco TEXT NOT NULL, name TEXT NOT NULL, rows TEXT NOT NULL);
CREATE UNIQUE INDEX affected_by_package ON affected (eco, name);
CREATE TABLE aliases (alias TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (alias, rid)) WITHOUT ROWID;
CREATE TABLE kev (cve TEXT PRIMARY KEY, entry TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, date TEXT) WITHOUT ROWID;
CREATE TABLE skipped (file TEXT NOT NULL, record TEXT, reason TEXT NOT NULL);
`;
