// npm: packages installed under node_modules (nested and scoped copies each count), and, for projects
// with no installed node_modules, the packages their lockfile pins (package-lock, yarn, pnpm).
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { Location, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { AnalyzeContext, Analyzer, Facts, Want } from '../types.js';
import type { LockedPackage } from './lockfile.js';
import { parsePackageLock } from './package-lock.js';
import { installedPackagePath, parsePackageJson, type PackageJson } from './package-json.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parseYarnLock } from './yarn-lock.js';

const PACKAGE_JSON_CAP: Want = { maxBytes: 1 << 20 };
const LOCKFILE_CAP: Want = { maxBytes: 64 << 20 };
const LOCKFILES = ['/package-lock.json', '/npm-shrinkwrap.json', '/yarn.lock', '/pnpm-lock.yaml'];

function npmPackage(name: string, version: string, licenses: string[], location: Location, dev: boolean, metadata?: Record<string, unknown>): Package {
  const p: Package = { type: 'npm', name, version, purl: purlFor({ type: 'npm', name, version }), licenses, locations: [location] };
  if (dev) p.dev = true;
  if (metadata) p.metadata = metadata;
  return p;
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

export const npmAnalyzer: Analyzer = {
  name: 'npm',
  version: 1,
  wants(path: string, info: FileInfo): boolean | Want {
    if (info.kind !== 'file' && info.kind !== 'hardlink') return false;
    if (path.endsWith('/package.json')) return PACKAGE_JSON_CAP;
    if (path.endsWith('/node_modules/.package-lock.json')) return LOCKFILE_CAP;
    for (const l of LOCKFILES) if (path.endsWith(l)) return path.includes('/node_modules/') ? false : LOCKFILE_CAP;
    return false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const installed: { entry: FileEntry; project: string; pj: PackageJson }[] = [];
    const manifests = new Map<string, { entry: FileEntry; pj: PackageJson }>();   // project dir -> its package.json
    const lockfiles: FileEntry[] = [];
    for await (const entry of files) {
      const path = entry.info.path;
      if (entry.truncated) { ctx.warn(`${path}: larger than the npm analyzer's cap, skipped`); continue; }
      if (path.endsWith('/package.json')) {
        const where = installedPackagePath(path);
        if (!where && path.includes('/node_modules/')) continue;   // a file inside a package, not a package root
        let pj: PackageJson | undefined;
        try { pj = parsePackageJson(entry.content.toString('utf8')); }
        catch (e) { ctx.warn(`${path}: not valid JSON, skipped (${(e as Error).message})`); continue; }
        if (!pj) continue;
        if (where) installed.push({ entry, project: where.project, pj });
        else manifests.set(dirOf(path), { entry, pj });
      } else {
        lockfiles.push(entry);
      }
    }

    const withNodeModules = new Set(installed.map((i) => i.project));
    // Dev flags of installed copies, from the lockfile npm wrote beside them (keys are install paths).
    const devPaths = new Set<string>();
    const devIds = new Set<string>();
    const packages: Package[] = [];
    const projects = new Set<string>();
    for (const entry of lockfiles) {
      const path = entry.info.path;
      const hidden = path.endsWith('/node_modules/.package-lock.json');
      const dir = hidden ? dirOf(dirOf(path)) : dirOf(path);
      const text = entry.content.toString('utf8');
      let locked: LockedPackage[];
      try {
        if (path.endsWith('.json')) locked = parsePackageLock(text);
        else if (path.endsWith('/yarn.lock')) locked = parseYarnLock(text, manifests.get(dir)?.pj);
        else locked = parsePnpmLock(text);
      } catch (e) { ctx.warn(`${path}: unreadable lockfile, skipped (${(e as Error).message})`); continue; }
      if (withNodeModules.has(dir)) {
        // The installed tree is the truth; the lockfile only says what is dev: by install path (package-lock),
        // else by name@version (yarn, pnpm: one copy per version, in node_modules or in the .pnpm store).
        for (const l of locked) {
          if (!l.dev) continue;
          if (l.installPath) devPaths.add(`${dir === '/' ? '' : dir}/${l.installPath}`);
          else devIds.add(`${dir}\0${l.name}@${l.version}`);
        }
        continue;
      }
      if (hidden) continue;
      projects.add(dir);
      const seen = new Set<string>();
      for (const l of locked) {
        const key = `${l.name}@${l.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        packages.push(npmPackage(l.name, l.version, l.licenses ?? [], { path, layer: entry.info.layer }, l.dev));
      }
    }
    for (const { entry, project, pj } of installed) {
      const dir = dirOf(entry.info.path);
      const dev = devPaths.has(dir) || devIds.has(`${project}\0${pj.name}@${pj.version}`);
      packages.push(npmPackage(pj.name, pj.version, pj.licenses, { path: entry.info.path, layer: entry.info.layer }, dev));
    }
    // The project itself, when it has installed packages or a lockfile: optional, so it is marked.
    for (const [dir, { entry, pj }] of manifests) {
      if (!withNodeModules.has(dir) && !projects.has(dir)) continue;
      packages.push(npmPackage(pj.name, pj.version, pj.licenses, { path: entry.info.path, layer: entry.info.layer }, false, { rootProject: true }));
    }
    return { packages };
  },
};
