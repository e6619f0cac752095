// The vulnerability DB's public API: build from feeds, open for lookups, find the default path.
export { buildDb } from './build.js';
export type { BuildOptions, BuildReport } from './build.js';
export { openDb } from './open.js';
export type { VulnDb, DbStatus, SourceStatus, OpenOptions } from './open.js';
export { defaultDbPath, resolveDbPath } from './paths.js';
export { SCHEMA_VERSION } from './schema.js';
export { feedReaders } from './feeds/index.js';
export type { SourceStats } from './writer.js';
