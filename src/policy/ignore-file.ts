// The ignore file (.hullscanignore, YAML): accepted risks, each with a reason and an optional expiry date.
//
//   ignore:
//     - id: CVE-2021-23337            # vulnerability id or any alias
//       package: lodash               # optional: package name or purl
//       path: /app/node_modules/**    # optional: glob over the package's location paths
//     - id: HS-DS-002                 # a misconfiguration id, a secret rule id (path: the file) or a licence
//       reason: not reachable, template() is never called
//       expires: 2026-12-31           # optional: stops applying after this day (UTC)
//
// A bare list of entries (without `ignore:`) is accepted too.
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HullscanError } from '../errors.js';
import type { Package } from '../inventory/model.js';
import type { Finding } from '../match/model.js';
import type { OtherFinding } from './kinds.js';
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
  if (entry.path && !pathCovered(entry.path, f.package.locations.map((l) => l.path))) return false;
  return true;
}

/** True when the glob names one of the paths; a directory prefix ("/app/node_modules/lodash") covers files below it. */
function pathCovered(glob: string, paths: readonly string[]): boolean {
  const re = globToRegExp(glob);
  const dir = glob.replace(/\/?$/, '/');
  return paths.some((p) => re.test(p) || p.startsWith(dir));
}

function packageNamed(entryPackage: string, pkg: Package): boolean {
  return (entryPackage.startsWith('pkg:') && purlMatches(entryPackage, pkg.purl)) || entryPackage === pkg.name;
}

/**
 * True when the (unexpired) entry covers a secret, misconfiguration or licence finding:
 * - a secret by its rule id ('aws-access-key-id'), optionally narrowed by `path` (a glob over the file path,
 *   or 'config:env' / 'config:history');
 * - a misconfiguration by its id ('HS-DS-002'), optionally narrowed by `path` (the Dockerfile or image file);
 * - a licence by its SPDX expression or raw text as reported ('GPL-3.0-only', case-insensitive, whole
 *   expression: accepting GPL-3.0-only does not accept 'GPL-3.0-only AND AGPL-3.0-only'), optionally
 *   narrowed by `package` (name or purl) and `path` (the package's files).
 * An entry with `package` never covers a secret or misconfiguration: those belong to no package.
 */
export function ignoreMatchesOther(entry: IgnoreEntry, o: OtherFinding): boolean {
  switch (o.kind) {
    case 'secret':
      return entry.id === o.finding.rule && !entry.package && (!entry.path || pathCovered(entry.path, [o.finding.path]));
    case 'misconfiguration': {
      const path = o.finding.location?.path;
      return entry.id === o.finding.id && !entry.package && (!entry.path || (path !== undefined && pathCovered(entry.path, [path])));
    }
    case 'license': {
      const l = o.finding;
      return entry.id.toLowerCase() === l.license.toLowerCase() &&
        (!entry.package || packageNamed(entry.package, l.package)) &&
        (!entry.path || pathCovered(entry.path, l.package.locations.map((x) => x.path)));
    }
  }
}
