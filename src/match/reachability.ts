// Go reachability of a finding: is any symbol the advisory names linked into the binary?
import type { Package } from '../inventory/model.js';
import type { AffectedRow } from '../vulndb/model.js';

export type Reachability = 'reachable' | 'unreachable' | 'unknown';

/**
 * The Go analyzer records a binary's linked functions per package in metadata.goSymbols
 * ('net/http.(*Server).Serve' style names) when metadata.goSymbolsState is 'present'.
 */
function linkedSymbols(pkg: Package): Map<string, Set<string>> | undefined {
  const list = pkg.metadata?.['goSymbols'];
  if (pkg.metadata?.['goSymbolsState'] !== 'present' || !Array.isArray(list)) return undefined;
  const byPath = new Map<string, Set<string>>();
  for (const s of list as string[]) {
    const split = splitGoSymbol(s);
    if (!split) continue;
    let set = byPath.get(split.path);
    if (!set) byPath.set(split.path, (set = new Set()));
    set.add(split.name);
  }
  return byPath;
}

/**
 * Split a linker symbol into import path and the name golang/vulndb uses: 'a/b.(*T).M' → ('a/b', 'T.M'),
 * 'a/b.F' → ('a/b', 'F'); generic instantiations '[...]' are dropped.
 */
export function splitGoSymbol(symbol: string): { path: string; name: string } | undefined {
  const s = symbol.replace(/\[[^\]]*\]/g, '');
  const slash = s.lastIndexOf('/');
  const dot = s.indexOf('.', slash + 1);
  if (dot <= 0) return undefined;
  const path = s.slice(0, dot);
  const name = s.slice(dot + 1).replace(/^\(\*?([^)]+)\)/, '$1');
  return { path, name };
}

const cache = new WeakMap<Package, Map<string, Set<string>> | undefined>();

/**
 * 'reachable' when a symbol named by any matched row's `symbols` (or any symbol of a listed import path
 * without symbols) is linked; 'unreachable' when none is; 'unknown' without symbol data on either side.
 */
export function goReachabilityOf(pkg: Package, rows: AffectedRow[]): Reachability {
  if (!cache.has(pkg)) cache.set(pkg, linkedSymbols(pkg));
  const linked = cache.get(pkg);
  const affected = rows.flatMap((r) => r.symbols ?? []);
  if (!linked || !affected.length) return 'unknown';
  for (const imp of affected) {
    const names = linked.get(imp.path);
    if (!names) continue;
    if (!imp.symbols?.length || imp.symbols.some((s) => names.has(s))) return 'reachable';
  }
  return 'unreachable';
}
