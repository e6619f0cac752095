// The apk cataloger: installed Alpine / Wolfi / Chainguard packages from the apk database.
// Format: stanzas of "K:value" lines separated by blank lines; P name, V version, A arch, o origin
// (the source package), L licence, F a directory, R a file in the last F directory.
import { createRequire } from 'node:module';
import type { FileEntry } from '../../image/types.js';
import type { LayerRef, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import { introducedIn, type DbVersion } from '../../inventory/provenance.js';
import { OS_RELEASE_FILES, detectOs } from '../os/os.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';

/** apk-tools 2 keeps its database in /lib; merged-/usr systems with apk-tools 3 in /usr/lib. */
const DB_PATHS = new Set(['/lib/apk/db/installed', '/usr/lib/apk/db/installed']);

export interface ApkRecord {
  name: string; version: string; arch?: string; origin?: string; license?: string;
  maintainer?: string; installedSize?: number; commit?: string; files: string[];
}

/** Parses an apk `installed` database. */
export function parseApkInstalled(text: string): ApkRecord[] {
  const out: ApkRecord[] = [];
  let cur: Partial<ApkRecord> & { files: string[] } = { files: [] };
  let dir = '';
  const flush = () => {
    if (cur.name && cur.version) out.push(cur as ApkRecord);
    cur = { files: [] };
    dir = '';
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') { flush(); continue; }
    if (line[1] !== ':') continue;
    const v = line.slice(2);
    switch (line[0]) {
      case 'P': cur.name = v; break;
      case 'V': cur.version = v; break;
      case 'A': cur.arch = v; break;
      case 'o': cur.origin = v; break;
      case 'L': cur.license = v; break;
      case 'm': cur.maintainer = v; break;
      case 'c': cur.commit = v; break;
      case 'I': { const n = Number(v); if (Number.isFinite(n)) cur.installedSize = n; break; }
      case 'F': dir = v; break;
      case 'R': cur.files.push(`/${dir ? `${dir}/` : ''}${v}`); break;
    }
  }
  flush();
  return out;
}

const parseSpdx = createRequire(import.meta.url)('spdx-expression-parse') as (text: string) => unknown;

/**
 * Newer aports write L: as an SPDX expression ("MIT AND BSD-2-Clause"); older ones listed licences
 * separated by spaces ("MIT BSD GPL2+"). Keep an expression whole, split a list.
 */
export function apkLicenses(value: string): string[] {
  const v = value.trim();
  if (!v) return [];
  try { parseSpdx(v); return [v]; } catch { /* not SPDX */ }
  if (/\s(AND|OR|WITH|and|or)\s|[()]/.test(v)) return [v];
  return [...new Set(v.split(/\s+/))];
}

const idOf = (r: Pick<ApkRecord, 'name' | 'arch' | 'version'>) => `${r.name}:${r.arch ?? ''}=${r.version}`;

function toPackage(r: ApkRecord, path: string, layer: LayerRef): Omit<Package, 'purl'> {
  const metadata: Record<string, unknown> = {};
  if (r.installedSize !== undefined) metadata.installedSize = r.installedSize;
  if (r.maintainer) metadata.maintainer = r.maintainer;
  if (r.commit) metadata.commit = r.commit;
  return {
    type: 'apk', name: r.name, version: r.version, ...(r.arch ? { arch: r.arch } : {}),
    // Alpine's secdb is keyed by origin; a package without one is its own origin.
    source: { name: r.origin || r.name, version: r.version },
    licenses: r.license ? apkLicenses(r.license) : [],
    locations: [{ path, layer }],
    files: r.files,
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
}

export const apkAnalyzer: Analyzer = {
  name: 'apk',
  version: 1,
  wantsDeleted: true, // earlier versions of the database date each package's layer
  wants(path) {
    return DB_PATHS.has(path) || OS_RELEASE_FILES.has(path);
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const dbs: FileEntry[] = [];
    const osText = new Map<string, string>();
    for await (const f of files) {
      if (DB_PATHS.has(f.info.path)) dbs.push(f);
      else if (!f.deleted) osText.set(f.info.path, (f.content.length ? f.content : ctx.readFile(f.info.path) ?? f.content).toString('utf8'));
    }
    const os = detectOs(osText);
    const packages: Package[] = [];
    const seen = new Set<string>();
    for (const path of DB_PATHS) {
      const current = dbs.find((d) => d.info.path === path && !d.deleted);
      if (!current) continue;
      if (current.truncated) ctx.warn(`${path}: truncated at ${current.content.length} bytes; packages after that point are missing`);
      const older: DbVersion[] = dbs.filter((d) => d.info.path === path && d.deleted)
        .map((d) => ({ layer: d.info.layer, ids: new Set(parseApkInstalled(d.content.toString('utf8')).map(idOf)) }));
      for (const r of parseApkInstalled(current.content.toString('utf8'))) {
        if (seen.has(idOf(r))) continue;
        seen.add(idOf(r));
        const pkg = toPackage(r, path, introducedIn(idOf(r), current.info.layer, older));
        packages.push({ ...pkg, purl: purlFor(pkg, os) });
      }
    }
    return { packages };
  },
};
