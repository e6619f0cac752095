// The ignore file (.hullscanignore, YAML): accepted risks, each with a reason and an optional expiry date.
//
//   ignore:
//     - id: CVE-2021-23337            # vulnerability id or any alias
//       package: lodash               # optional: package name or purl
//       path: /app/node_modules/**    # optional: glob over the package's location paths
//       reason: not reachable, template() is never called
//       expires: 2026-12-31           # optional: stops applying after this day (UTC)
//
// A bare list of entries (without `ignore:`) is accepted too.
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HullscanError } from '../errors.js';
import type { Finding } from '../match/model.js';
import { purlMatches } from './purl-match.js';

export interface IgnoreEntry {
  id: string;
  package?: string;
  path?: string;
  reason?: string;
  /** YYYY-MM-DD; the entry applies through the end of that day, UTC. */
  expires?: string;
  /** The file it came from, for messages. */
  file: string;
}

const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;

/** Reads and validates an ignore file; any problem is a HullscanError INPUT naming the file. */
export function loadIgnoreFile(file: string): IgnoreEntry[] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new HullscanError('NOT_FOUND', 'ignore file not found', { subject: file, cause: e });
  }
  if (size > MAX_IGNORE_FILE_BYTES) throw new HullscanError('LIMIT', `ignore file is larger than ${MAX_IGNORE_FILE_BYTES} bytes`, { subject: file });
  return parseIgnoreFile(readFileSync(file, 'utf8'), file);
}

export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new HullscanError('INPUT', `not valid YAML: ${(e as Error).message.split('\n')[0]}`, { subject: file, cause: e });
  }
  if (doc === null || doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : (doc as { ignore?: unknown }).ignore;
  if (!Array.isArray(list)) throw new HullscanError('INPUT', "expected a list of entries or an 'ignore:' list", { subject: file });
  return list.map((raw, i) => {
    const where = `entry ${i + 1}`;
    if (typeof raw === 'string') return { id: raw, file };
    if (typeof raw !== 'object' || raw === null) throw new HullscanError('INPUT', `${where}: expected a mapping with 'id'`, { subject: file });
    const r = raw as Record<string, unknown>;
    const str = (k: string): string | undefined => {
      const v = r[k];
      if (v === undefined || v === null) return undefined;
      if (v instanceof Date) return v.toISOString().slice(0, 10); // YAML reads an unquoted 2026-12-31 as a timestamp
      if (typeof v !== 'string' && typeof v !== 'number') throw new HullscanError('INPUT', `${where}: '${k}' must be a string`, { subject: file });
      return String(v);
    };
    const id = str('id') ?? str('vulnerability');
    if (!id) throw new HullscanError('INPUT', `${where}: missing 'id'`, { subject: file });
    const expires = str('expires') ?? str('expiry') ?? str('expired_at');
    if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires) || expires && Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
      throw new HullscanError('INPUT', `${where}: expiry '${expires}' is not a YYYY-MM-DD date`, { subject: file });
    }
    return { id, package: str('package'), path: str('path'), reason: str('reason'), expires, file };
  });
}

/** True once the entry's expiry day is over (UTC). */
export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  if (!entry.expires) return false;
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 24 * 3600 * 1000;
}

/** A glob where `**` crosses '/', `*` and `?` do not. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when the (unexpired) entry covers the finding. */
export function ignoreMatches(entry: IgnoreEntry, f: Finding): boolean {
  if (entry.id !== f.id && !f.aliases.includes(entry.id)) return false;
  if (entry.package) {
    const p = entry.package;
    const byPurl = p.startsWith('pkg:') ? purlMatches(p, f.package.purl) : false;
    if (!byPurl && p !== f.package.name) return false;
  }
  if (entry.path) {
    const re = globToRegExp(entry.path);
    const paths = f.package.locations.map((l) => l.path);
    // A directory prefix ("/app/node_modules/lodash") covers files below it.
    if (!paths.some((p) => re.test(p) || p.startsWith(entry.path!.replace(/\/?$/, '/')))) return false;
  }
  return true;
}
