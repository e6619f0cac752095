// Go analyzer: modules compiled into Go binaries (build info + pclntab symbols), and go.mod/go.sum of source trees.
import type { FileEntry } from '../../image/types.js';
import type { Location, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';
import { stdlibVersion, type GoModule } from './buildinfo.js';
import { mayBeCompiledBinary } from './executable.js';
import { parseGoMod, parseGoSum } from './gomod.js';
import { splitGoSymbol } from './reachability.js';
import { GoBinaryScanner, readGoBinaryScan, type GoBinaryScan } from './scanner.js';

/** Source manifests inside these are dependencies' own files (module cache, vendored copies, test data). */
const NOT_A_PROJECT = ['/pkg/mod/', '/vendor/', '/testdata/'];
const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

export const golangAnalyzer: Analyzer = {
  name: 'golang',
  version: 1,
  wants(path, info) {
    if (path.endsWith('/go.mod') || path.endsWith('/go.sum')) {
      return info.kind === 'file' && !NOT_A_PROJECT.some((d) => path.includes(d)) ? { maxBytes: MANIFEST_MAX_BYTES } : false;
    }
    return mayBeCompiledBinary(path, info) ? { scan: () => new GoBinaryScanner() } : false;
  },
  async analyze(files, ctx): Promise<Facts> {
    const packages: Package[] = [];
    const manifests = new Map<string, { mod?: FileEntry; sum?: FileEntry }>();
    for await (const f of files) {
      const p = f.info.path;
      if (p.endsWith('/go.mod') || p.endsWith('/go.sum')) {
        const dir = p.slice(0, p.lastIndexOf('/'));
        const m = manifests.get(dir) ?? {};
        if (p.endsWith('.mod')) m.mod = f; else m.sum = f;
        manifests.set(dir, m);
        continue;
      }
      packages.push(...binaryPackages(f, ctx));
    }
    for (const m of manifests.values()) packages.push(...manifestPackages(m, ctx));
    return { packages };
  },
};

function golangPurl(name: string, version: string): string {
  return purlFor({ type: 'golang', name, version });
}

function binaryPackages(f: FileEntry, ctx: AnalyzeContext): Package[] {
  const path = f.info.path;
  let scan: GoBinaryScan | undefined;
  try {
    scan = readGoBinaryScan(f.content);
  } catch (e) {
    ctx.warn(`${path}: unreadable Go binary scan (${(e as Error).message})`);
    return [];
  }
  if (!scan) {
    if (f.truncated) ctx.warn(`${path}: binary larger than the per-file cap, not checked for Go build info`);
    return [];
  }
  if (!scan.buildInfo) {
    if (scan.truncated) ctx.warn(`${path}: truncated ELF (${scan.truncated.have} of ${scan.truncated.need} bytes), skipped`);
    else ctx.warn(`${path}: Go build info not readable: ${scan.buildInfoProblem ?? 'unknown problem'}`);
    return [];
  }
  const bi = scan.buildInfo;
  const location: Location = { path, layer: f.info.layer };
  const deps = bi.deps.filter((d) => d.path && d.version);
  const bySymbolOwner = assignSymbols(scan.symbols ?? [], bi.main?.path, deps.map((d) => d.path));
  const common = {
    goVersion: bi.goVersion,
    ...(bi.mainPath ? { mainPath: bi.mainPath } : {}),
    ...(bi.main?.path ? { mainModule: bi.main.path } : {}),
    goSymbolsState: scan.symbolsState,
  };
  const out: Package[] = [];
  const std = stdlibVersion(bi.goVersion);
  if (std) {
    out.push({
      type: 'golang', name: 'stdlib', version: std, purl: golangPurl('stdlib', std), licenses: [], locations: [location],
      metadata: { ...common, goSymbols: bySymbolOwner.get(STDLIB) ?? [] },
    });
  } else ctx.warn(`${path}: Go toolchain ${JSON.stringify(bi.goVersion)} has no release version; stdlib not reported`);
  // The main module is reported only when it carries a real version (not `(devel)`).
  const mods: GoModule[] = bi.main && /^v\d/.test(bi.main.version) ? [bi.main, ...deps] : deps;
  for (const d of mods) out.push(modulePackage(d, location, { ...common, goSymbols: bySymbolOwner.get(d.path) ?? [] }, d === bi.main));
  if (scan.symbolsState !== 'present') for (const p of out) delete p.metadata!['goSymbols'];
  return out;
}

function modulePackage(d: GoModule, location: Location, metadata: Record<string, unknown>, main: boolean): Package {
  // A replacement with a version is the code really compiled in; a local (directory) one keeps the original identity.
  const name = d.replace?.version ? d.replace.path : d.path;
  const version = d.replace?.version ?? d.version;
  return {
    type: 'golang', name, version, purl: golangPurl(name, version), licenses: [], locations: [location],
    metadata: {
      ...metadata,
      module: d.path,
      ...(d.sum ? { sum: d.sum } : {}),
      ...(d.replace ? { replaces: d.path, replacement: d.replace.path } : {}),
      ...(main ? { main: true } : {}),
    },
  };
}

const STDLIB = '\0stdlib';

/** Group linked function names by the module that owns their package (longest module path wins). */
function assignSymbols(symbols: string[], mainModule: string | undefined, modules: string[]): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  const owners = [...modules, ...(mainModule ? [mainModule] : [])].sort((a, b) => b.length - a.length);
  const ownerOfPath = new Map<string, string | undefined>();
  for (const s of symbols) {
    const split = splitGoSymbol(s);
    if (!split) continue;
    let owner = ownerOfPath.get(split.path);
    if (!ownerOfPath.has(split.path)) {
      owner = owners.find((m) => split.path === m || split.path.startsWith(m + '/'));
      if (!owner && split.path !== 'main' && !split.path.split('/')[0]!.includes('.')) owner = STDLIB;
      ownerOfPath.set(split.path, owner);
    }
    if (!owner) continue;
    let list = byOwner.get(owner);
    if (!list) byOwner.set(owner, (list = []));
    list.push(s);
  }
  return byOwner;
}

function manifestPackages(m: { mod?: FileEntry; sum?: FileEntry }, ctx: AnalyzeContext): Package[] {
  const file = m.mod ?? m.sum!;
  const location: Location = { path: file.info.path, layer: file.info.layer };
  const text = file.content.toString('utf8');
  if (file.truncated) { ctx.warn(`${file.info.path}: larger than ${MANIFEST_MAX_BYTES} bytes, skipped`); return []; }
  const mods: (GoModule & { indirect?: boolean })[] = m.mod ? parseGoMod(text).requires : parseGoSum(text);
  return mods.map((d) => {
    const p = modulePackage(d, location, { source: m.mod ? 'go.mod' : 'go.sum' }, false);
    if (d.indirect) p.metadata!['indirect'] = true;
    return p;
  });
}

/** The linked function names recorded for a Go package, as a set for goReachability (cached per package). */
const symbolSets = new WeakMap<object, ReadonlySet<string>>();
export function goSymbolsOf(pkg: Package): ReadonlySet<string> | undefined {
  const list = pkg.metadata?.['goSymbols'];
  if (pkg.type !== 'golang' || pkg.metadata?.['goSymbolsState'] !== 'present' || !Array.isArray(list)) return undefined;
  let set = symbolSets.get(list);
  if (!set) symbolSets.set(list, (set = new Set(list as string[])));
  return set;
}
