// Software installed without a package manager (node, python, openjdk, nginx, httpd, redis, postgres
// built from source or copied in), identified from binaries and the JDK `release` file; and the ELF
// executables seen, so the pipeline can count those no cataloger accounted for.
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { AnalyzeContext, Analyzer, Facts, Want } from '../types.js';
import { isLibraryPath, kindFor } from './identify.js';
import { parseJavaRelease } from './java-release.js';
import { patternScanner, type ScanResult } from './pattern-scanner.js';

const ELF_MAGIC = '\x7fELF';
const HEAD: Want = { headBytes: 4 };
const RELEASE_CAP: Want = { maxBytes: 64 << 10 };

const isExecutable = (info: FileInfo) => (info.mode & 0o111) !== 0;

function binaryPackage(name: string, version: string, path: string, entry: FileEntry, metadata?: Record<string, unknown>): Package {
  const p: Package = {
    type: 'binary', name, version, purl: purlFor({ type: 'binary', name, version }), licenses: [],
    locations: [{ path, layer: entry.info.layer }],
  };
  if (metadata) p.metadata = metadata;
  return p;
}

export const binaryAnalyzer: Analyzer = {
  name: 'binary',
  version: 1,
  wants(path: string, info: FileInfo): boolean | Want {
    if (info.kind !== 'file' && info.kind !== 'hardlink') return false;
    if (path.endsWith('/release')) return RELEASE_CAP;
    // Shared libraries (libpython, libnode) need not be executable; everything else must be.
    const exec = isExecutable(info);
    if (!exec && !isLibraryPath(path)) return false;
    const kind = kindFor(path);
    if (kind) return { scan: () => patternScanner(kind.patterns, kind.isDone) };
    return exec ? HEAD : false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const packages: Package[] = [];
    const executables: string[] = [];
    const seen = new Map<string, Package>();   // name@version -> package (python binary + libpython: one)
    const add = (p: Package) => {
      const key = `${p.name}@${p.version}`;
      const same = seen.get(key);
      if (same) { same.locations.push(...p.locations); return; }
      seen.set(key, p);
      packages.push(p);
    };
    for await (const entry of files) {
      const path = entry.info.path;
      if (path.endsWith('/release') && !kindFor(path)) {
        if (isExecutable(entry.info) && entry.content.subarray(0, 4).toString('latin1') === ELF_MAGIC) { executables.push(path); continue; }
        const release = parseJavaRelease(entry.content.toString('utf8'));
        if (release) add(binaryPackage('openjdk', release.version, path, entry, { ...(release.implementor ? { implementor: release.implementor } : {}) }));
        continue;
      }
      const kind = kindFor(path);
      if (!kind) {
        if (entry.content.subarray(0, 4).toString('latin1') === ELF_MAGIC) executables.push(path);
        continue;
      }
      let result: ScanResult;
      try { result = JSON.parse(entry.content.toString('utf8')) as ScanResult; }
      catch { ctx.warn(`${path}: binary scan result unreadable, skipped`); continue; }
      const elf = result.head === ELF_MAGIC;
      if (elf && isExecutable(entry.info)) executables.push(path);
      if (!elf) continue;   // scripts named like a server (wrappers) are not the server
      const version = kind.version(result.matches);
      if (version) add(binaryPackage(kind.name, version, path, entry));
    }
    return { packages, executables };
  },
};
