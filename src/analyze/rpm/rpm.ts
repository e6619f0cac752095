// The rpm cataloger: installed packages from any of rpm's three database formats, parsed natively.
import type { FileEntry } from '../../image/types.js';
import type { LayerRef, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import { isHullscanError } from '../../errors.js';
import { OS_RELEASE_FILES, detectOs } from '../os/os.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';
import { readBdbRpmdb } from './bdb.js';
import { parseSourceRpm, readRpmHeader, type RpmHeaderInfo } from './header.js';
import { isNdb, readNdbRpmdb } from './ndb.js';
import { readSqliteRpmdb, type RawHeader } from './sqlite.js';

// rpm >= 4.17 (Fedora 36+, openSUSE) moved the database to /usr/lib/sysimage/rpm, leaving a symlink behind.
const DIRS = ['/var/lib/rpm/', '/usr/lib/sysimage/rpm/'];
const FILES = ['rpmdb.sqlite', 'rpmdb.sqlite-wal', 'Packages.db', 'Packages'];
const WANTED = new Set(DIRS.flatMap((d) => FILES.map((f) => d + f)));
// Real rpmdbs of large images reach a few hundred MB (mostly index pages); beyond this is hostile.
const RPMDB_CAP = 512 * 1024 * 1024;

/** The file formats, in the order rpm itself prefers them when several are present. */
function readAny(files: Map<string, FileEntry>, dir: string): { path: string; layer: LayerRef; headers: RawHeader[] } | undefined {
  const sqlite = files.get(dir + 'rpmdb.sqlite');
  if (sqlite) return { path: sqlite.info.path, layer: sqlite.info.layer, headers: readSqliteRpmdb(sqlite.content, files.get(dir + 'rpmdb.sqlite-wal')?.content, sqlite.info.path) };
  const ndb = files.get(dir + 'Packages.db');
  if (ndb && isNdb(ndb.content)) return { path: ndb.info.path, layer: ndb.info.layer, headers: readNdbRpmdb(ndb.content, ndb.info.path) };
  const bdb = files.get(dir + 'Packages');
  // Packages of zero bytes is what rpm >= 4.16 leaves behind after converting to sqlite.
  if (bdb && bdb.content.length > 0) return { path: bdb.info.path, layer: bdb.info.layer, headers: readBdbRpmdb(bdb.content, bdb.info.path) };
  return undefined;
}

/** "[epoch:]version-release", the form rpm compares and advisories use. */
export function evr(h: Pick<RpmHeaderInfo, 'epoch' | 'version' | 'release'>): string {
  return `${h.epoch !== undefined ? `${h.epoch}:` : ''}${h.version}${h.release ? `-${h.release}` : ''}`;
}

export function rpmPackage(h: RpmHeaderInfo, path: string, layer: LayerRef): Omit<Package, 'purl'> {
  const src = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : undefined;
  const metadata: Record<string, unknown> = {};
  if (h.sourceRpm) metadata.sourceRpm = h.sourceRpm;
  if (h.modularityLabel) metadata.modularityLabel = h.modularityLabel;
  if (h.vendor) metadata.vendor = h.vendor;
  if (h.size !== undefined) metadata.size = h.size;
  if (h.epoch !== undefined) metadata.epoch = h.epoch;
  return {
    type: 'rpm', name: h.name, version: evr(h), ...(h.arch ? { arch: h.arch } : {}),
    // The source rpm carries no epoch of its own; it is the binary's (as Red Hat's advisories assume).
    // Without a (parseable) SOURCERPM the package is its own source, as dpkg and apk packages are.
    source: src ? { name: src.name, version: evr({ epoch: h.epoch, version: src.version, release: src.release }) } : { name: h.name, version: evr(h) },
    licenses: h.license ? [h.license] : [],
    locations: [{ path, layer }],
    files: h.files,
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
}

export const rpmAnalyzer: Analyzer = {
  name: 'rpm',
  version: 1,
  wants(path) {
    if (WANTED.has(path)) return { maxBytes: RPMDB_CAP };
    return OS_RELEASE_FILES.has(path);
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const dbFiles = new Map<string, FileEntry>();
    const osText = new Map<string, string>();
    for await (const f of files) {
      if (f.deleted) continue;
      if (WANTED.has(f.info.path)) dbFiles.set(f.info.path, f);
      else osText.set(f.info.path, (f.content.length ? f.content : ctx.readFile(f.info.path) ?? f.content).toString('utf8'));
    }
    if (!dbFiles.size) return {};
    const os = detectOs(osText);
    const warnings: string[] = [];
    const warn = (m: string) => { warnings.push(m); ctx.warn(m); };
    const packages: Package[] = [];
    const seen = new Set<string>();
    for (const dir of DIRS) {
      for (const f of dbFiles.values()) if (f.info.path.startsWith(dir) && f.truncated) warn(`${f.info.path}: larger than ${RPMDB_CAP} bytes, not read`);
      let db;
      try {
        db = readAny(dbFiles, dir);
      } catch (e) {
        if (!isHullscanError(e)) throw e;
        warn(`${e.message}; its rpm packages are missing from the inventory`);
        continue;
      }
      if (!db) continue;
      for (const raw of db.headers) {
        let h: RpmHeaderInfo;
        try { h = readRpmHeader(raw.blob, `${db.path} record ${raw.key}`); } catch (e) {
          if (!isHullscanError(e)) throw e;
          warn(e.message);
          continue;
        }
        // Imported signing keys are stored as pseudo-packages; they are not software.
        if (h.name === 'gpg-pubkey') continue;
        const pkg = rpmPackage(h, db.path, db.layer);
        const id = `${pkg.name}:${pkg.arch ?? ''}=${pkg.version}`;
        if (seen.has(id)) continue; // the same database seen through both directories
        seen.add(id);
        packages.push({ ...pkg, purl: purlFor(pkg, os) });
      }
    }
    return { packages, ...(warnings.length ? { warnings } : {}) };
  },
};
