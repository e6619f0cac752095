// Go reachability: is any symbol an advisory names linked into the binary?
// Symbols come from the binary's pclntab as the linker spells them (`net/http.(*Server).Serve`);
// the Go vulnerability database names them per import path as `Server.Serve` or `ReadFrame`.

export type Reachability = 'reachable' | 'unreachable' | 'unknown';

/** Split a linker symbol into import path and the vulndb-style name: `(*T).M` -> `T.M`, generics dropped. */
export function splitGoSymbol(symbol: string): { path: string; name: string } | undefined {
  // The package path ends at the first '.' after the last '/' (dots may occur in domain elements before it).
  // Type arguments and receivers may themselves contain '/' and '.', so look before them.
  const cut = Math.min(...['(', '['].map((c) => symbol.indexOf(c)).filter((i) => i >= 0), symbol.length);
  const slash = symbol.lastIndexOf('/', cut);
  const dot = symbol.indexOf('.', slash + 1);
  if (dot <= 0 || symbol.startsWith('type:') || symbol.startsWith('go:')) return undefined;
  let name = symbol.slice(dot + 1);
  name = name.replace(/\[[^\]]*\]/g, '').replace(/\(\*([^)]+)\)/g, '$1').replace(/[()]/g, '');
  // The linker escapes dots in the last path element (`gopkg.in/yaml%2ev2`).
  const path = symbol.slice(0, dot).replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { path, name };
}

/** `T.M.func1`, `F.gowrap2`, `T.M-fm`: compiler-made functions also mean their parent was compiled in. */
function parentNames(name: string): string[] {
  const out = [name];
  let n = name.replace(/-fm$/, '');
  for (;;) {
    const m = /^(.*)\.(func|gowrap|deferwrap)\d+$/.exec(n);
    if (!m) break;
    n = m[1]!;
    out.push(n);
  }
  if (n !== name) out.push(n);
  return out;
}

type SymbolIndex = Map<string, Set<string>>; // import path -> names
const indexCache = new WeakMap<ReadonlySet<string>, SymbolIndex>();

function indexOf(symbols: ReadonlySet<string>): SymbolIndex {
  let idx = indexCache.get(symbols);
  if (idx) return idx;
  idx = new Map();
  for (const s of symbols) {
    const split = splitGoSymbol(s);
    if (!split) continue;
    let names = idx.get(split.path);
    if (!names) idx.set(split.path, (names = new Set()));
    for (const n of parentNames(split.name)) names.add(n);
  }
  indexCache.set(symbols, idx);
  return idx;
}

/**
 * Reachability of one advisory in one binary. `affected` is the advisory's
 * `ecosystem_specific.imports` for the matched module; an import without symbols means any symbol
 * of that package. Unknown when the binary's symbols are not available or the advisory names no imports.
 */
export function goReachability(
  symbolsOfBinary: ReadonlySet<string> | undefined,
  affected: { path: string; symbols: string[] }[],
): Reachability {
  if (!symbolsOfBinary || affected.length === 0) return 'unknown';
  const idx = indexOf(symbolsOfBinary);
  for (const imp of affected) {
    const linked = idx.get(imp.path);
    if (!linked) continue;
    if (!imp.symbols || imp.symbols.length === 0) return 'reachable';
    if (imp.symbols.some((s) => linked.has(s))) return 'reachable';
  }
  return 'unreachable';
}
