// Files an OS package owns are the OS package's to fix: a language package (or an identified binary)
// whose metadata file dpkg/apk/rpm lists is not reported a second time (Debian's python3-pip,
// node-* and lib*-java packages carry dist-info, package.json and jars of their own).
import { OS_PACKAGE_TYPES, type Package } from './model.js';

/** Debian 12 and other merged-/usr images list /bin/x in dpkg but hold it at /usr/bin/x: compare both as /usr/... */
const MERGED_USR = ['/bin/', '/sbin/', '/lib/', '/lib32/', '/lib64/', '/libx32/'];

export function canonicalOwnedPath(path: string): string {
  for (const prefix of MERGED_USR) if (path.startsWith(prefix)) return `/usr${path}`;
  return path;
}

/** Every path any OS package lists, in canonical form. */
export function osOwnedPaths(packages: readonly Package[]): Set<string> {
  const owned = new Set<string>();
  for (const p of packages) if (OS_PACKAGE_TYPES.includes(p.type)) for (const f of p.files ?? []) owned.add(canonicalOwnedPath(f));
  return owned;
}

export interface DropOsOwnedOptions {
  /** false keeps every package (the `--keep-os-owned` style switch). Default true. */
  enabled?: boolean;
}

/**
 * Drops non-OS packages all of whose locations are files an OS package owns; a package also found
 * somewhere the OS does not own (e.g. pinned in an app's lockfile) stays, with the owned locations removed.
 */
export function dropOsOwned(packages: Package[], options: DropOsOwnedOptions = {}): Package[] {
  if (options.enabled === false) return packages;
  const owned = osOwnedPaths(packages);
  if (owned.size === 0) return packages;
  const out: Package[] = [];
  for (const p of packages) {
    if (OS_PACKAGE_TYPES.includes(p.type)) { out.push(p); continue; }
    const kept = p.locations.filter((l) => !owned.has(canonicalOwnedPath(l.path)));
    if (kept.length === p.locations.length) out.push(p);
    else if (kept.length > 0) out.push({ ...p, locations: kept });
  }
  return out;
}

/**
 * How many of the executables seen (`Facts.executables`) no cataloger accounted for: not owned by an OS
 * package and not the location of any package found (Go/Rust binaries, identified runtimes and servers).
 */
export function countUnaccountedExecutables(executables: readonly string[], packages: readonly Package[]): number {
  const accounted = osOwnedPaths(packages);
  for (const p of packages) for (const l of p.locations) accounted.add(canonicalOwnedPath(l.path));
  let n = 0;
  for (const e of new Set(executables)) if (!accounted.has(canonicalOwnedPath(e))) n++;
  return n;
}
