// Where the DB lives: `--db PATH`, else $HULLSCAN_DB, else the XDG cache directory.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `$XDG_CACHE_HOME/hullscan/db/hullscan.db`, falling back to `~/.cache/hullscan/db/hullscan.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cache, 'hullscan', 'db', 'hullscan.db');
}

/** The DB path a command uses: the flag wins, then HULLSCAN_DB, then the default. */
export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.HULLSCAN_DB) return resolve(env.HULLSCAN_DB);
  return defaultDbPath(env);
}
