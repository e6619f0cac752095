// Python: installed distributions (dist-info METADATA, egg-info PKG-INFO as file or directory, .egg
// archives and directories) and the pins of requirements*.txt, poetry.lock, Pipfile.lock and uv.lock.
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { Location, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { AnalyzeContext, Analyzer, Facts, Want } from '../types.js';
import { eggPkgInfo } from './egg.js';
import type { LockedPypiPackage } from './lockfile.js';
import { normalizePypiName, parseCoreMetadata } from './metadata.js';
import { parsePipfileLock } from './pipfile-lock.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parseRequirements } from './requirements.js';
import { parseUvLock } from './uv-lock.js';

const METADATA_CAP: Want = { maxBytes: 4 << 20 };
const EGG_CAP: Want = { maxBytes: 64 << 20 };
const LOCKFILE_CAP: Want = { maxBytes: 32 << 20 };

const INSTALLED_SUFFIXES = ['.dist-info/METADATA', '.egg-info/PKG-INFO', '.egg/EGG-INFO/PKG-INFO'];
const LOCKFILES: Record<string, (text: string) => LockedPypiPackage[]> = {
  'poetry.lock': parsePoetryLock, 'Pipfile.lock': parsePipfileLock, 'uv.lock': parseUvLock,
};

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Metadata inside a Python library tree's test folders is test data, not an installed distribution:
 * CPython's own test suite ships `test/test_importlib/data/example-21.12-py3.6.egg`, setuptools ships eggs
 * under `pkg_resources/tests/data/`.
 */
function isShippedTestData(path: string): boolean {
  const lib = Math.max(path.indexOf('/site-packages/'), path.indexOf('/dist-packages/'), path.indexOf('/lib/python'));
  if (lib < 0) return false;
  const t = Math.max(path.indexOf('/test/', lib), path.indexOf('/tests/', lib));
  return t > lib;
}
const isRequirements = (base: string) => base.startsWith('requirements') && base.endsWith('.txt');

function pypiPackage(rawName: string, version: string, licenses: string[], location: Location, dev: boolean): Package {
  const name = normalizePypiName(rawName);
  const p: Package = { type: 'pypi', name, version, purl: purlFor({ type: 'pypi', name, version }), licenses, locations: [location] };
  if (dev) p.dev = true;
  return p;
}

export const pythonAnalyzer: Analyzer = {
  name: 'python',
  version: 1,
  wants(path: string, info: FileInfo): boolean | Want {
    if (info.kind !== 'file' && info.kind !== 'hardlink') return false;
    // Suffix checks first: this runs for every entry of every layer.
    if (path.endsWith('METADATA') || path.endsWith('PKG-INFO')) return INSTALLED_SUFFIXES.some((s) => path.endsWith(s)) && !isShippedTestData(path) ? METADATA_CAP : false;
    if (path.endsWith('.egg-info')) return isShippedTestData(path) ? false : METADATA_CAP;   // the single-file form
    if (path.endsWith('.egg')) return isShippedTestData(path) ? false : EGG_CAP;
    if (path.endsWith('.lock')) return baseName(path) in LOCKFILES ? LOCKFILE_CAP : false;
    if (path.endsWith('.txt')) return isRequirements(baseName(path)) ? LOCKFILE_CAP : false;
    return false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const installed: Package[] = [];
    const locked: Package[] = [];
    for await (const entry of files) {
      const path = entry.info.path;
      const location: Location = { path, layer: entry.info.layer };
      if (entry.truncated) { ctx.warn(`${path}: larger than the python analyzer's cap, skipped`); continue; }
      const base = baseName(path);
      if (base in LOCKFILES || isRequirements(base)) {
        let pins: LockedPypiPackage[];
        try { pins = isRequirements(base) ? parseRequirements(entry.content.toString('utf8')) : LOCKFILES[base]!(entry.content.toString('utf8')); }
        catch (e) { ctx.warn(`${path}: unreadable lockfile, skipped (${(e as Error).message.split('\n')[0]})`); continue; }
        const seen = new Set<string>();
        for (const pin of pins) {
          const p = pypiPackage(pin.name, pin.version, [], location, pin.dev);
          if (seen.has(p.purl)) continue;
          seen.add(p.purl);
          locked.push(p);
        }
        continue;
      }
      let text: string | undefined;
      if (path.endsWith('.egg')) {
        try { text = eggPkgInfo(entry.content); }
        catch (e) { ctx.warn(`${path}: corrupt egg archive, skipped (${(e as Error).message})`); continue; }
        if (text === undefined) { ctx.warn(`${path}: egg archive without EGG-INFO/PKG-INFO, skipped`); continue; }
      } else {
        text = entry.content.toString('utf8');
      }
      const meta = parseCoreMetadata(text);
      if (!meta) { ctx.warn(`${path}: no Name/Version in the package metadata, skipped`); continue; }
      installed.push(pypiPackage(meta.name, meta.version, meta.licenses, location, false));
    }
    // A pin of something installed (or pinned twice) is the same package: one entry, the lockfile as a further location.
    const byPurl = new Map(installed.map((p) => [p.purl, p]));
    const packages = [...installed];
    for (const p of locked) {
      const same = byPurl.get(p.purl);
      if (!same) { packages.push(p); byPurl.set(p.purl, p); continue; }
      same.locations.push(p.locations[0]!);
      if (!p.dev) delete same.dev;   // dev only when every lockfile says so
    }
    return { packages };
  },
};
