// pnpm-lock.yaml: lockfile versions 5.x (`/name/1.0.0`), 6.x (`/name@1.0.0`) and 9.x (`name@1.0.0`, plus snapshots).
// Read with js-yaml's failsafe schema: every scalar stays a string (a version `1.10` must not become 1.1),
// and it is fast enough for multi-megabyte lockfiles.
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { LockedPackage } from './lockfile.js';
import { isRegistryVersion } from './lockfile.js';

/** Splits a package key into name and version, dropping peer suffixes `(peer@1)` (v6+) and `_peer@1` (v5). */
export function splitPnpmKey(key: string): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  if (paren >= 0) k = k.slice(0, paren);
  const at = k.indexOf('@', 1);
  let name: string, version: string;
  if (at > 0) { name = k.slice(0, at); version = k.slice(at + 1); }
  else {
    // v5: name/version, or @scope/name/version.
    const parts = k.split('/');
    if (parts.length < 2) return undefined;
    version = parts.pop()!;
    name = parts.join('/');
    const underscore = version.indexOf('_');
    if (underscore >= 0) version = version.slice(0, underscore);
  }
  if (!isRegistryVersion(version) || name === '') return undefined;
  return { name, version };
}

type Deps = Record<string, unknown> | undefined;

/** The version part of an importer/snapshot dependency value: '1.2.3(peer@1)' or v6 {specifier, version}. */
function depRef(name: string, v: unknown): string | undefined {
  const version = typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { version?: unknown }).version === 'string' ? (v as { version: string }).version : undefined;
  if (!version || version.startsWith('link:')) return undefined;
  return version.startsWith('/') ? version.slice(1) : `${name}@${version}`;
}

export function parsePnpmLock(text: string): LockedPackage[] {
  const doc = load(text, { schema: FAILSAFE_SCHEMA }) as { lockfileVersion?: unknown; packages?: Record<string, Record<string, unknown> | null>; snapshots?: Record<string, Record<string, unknown> | null>; importers?: Record<string, Record<string, Deps>> } & Record<string, Deps> | null;
  if (!doc || typeof doc !== 'object') throw new SyntaxError('not a YAML mapping');
  const packages = doc.packages ?? {};
  const out = new Map<string, LockedPackage>();
  for (const [key, entry] of Object.entries(packages)) {
    const id = splitPnpmKey(key);
    if (!id) continue;
    const k = `${id.name}@${id.version}`;
    if (!out.has(k)) out.set(k, { ...id, dev: entry?.dev === true || entry?.dev === 'true' });
  }
  // v9 has no dev flags: a package is dev when only importers' devDependencies reach it.
  if (String(doc.lockfileVersion).startsWith('9') && doc.snapshots) {
    const snapshots = doc.snapshots;
    const importers = doc.importers ?? { '.': { dependencies: doc.dependencies, optionalDependencies: doc.optionalDependencies, devDependencies: doc.devDependencies } };
    const reach = (roots: string[]) => {
      const seen = new Set<string>();
      const stack = [...roots];
      while (stack.length) {
        const ref = stack.pop()!;
        if (seen.has(ref)) continue;
        seen.add(ref);
        const snap = snapshots[ref];
        for (const field of ['dependencies', 'optionalDependencies'] as const) {
          const deps = snap?.[field] as Deps;
          for (const [n, v] of Object.entries(deps ?? {})) { const r = depRef(n, v); if (r) stack.push(r); }
        }
      }
      return new Set([...seen].map((ref) => { const id = splitPnpmKey(ref); return id ? `${id.name}@${id.version}` : ref; }));
    };
    const rootsOf = (fields: string[]) => Object.values(importers).flatMap((imp) =>
      fields.flatMap((f) => Object.entries((imp?.[f] as Deps) ?? {}).map(([n, v]) => depRef(n, v)).filter((r): r is string => !!r)));
    const prod = reach(rootsOf(['dependencies', 'optionalDependencies']));
    const dev = reach(rootsOf(['devDependencies']));
    for (const [k, p] of out) p.dev = !prod.has(k) && dev.has(k);
  }
  return [...out.values()];
}
