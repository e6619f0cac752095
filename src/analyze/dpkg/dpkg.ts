// The dpkg cataloger: installed Debian/Ubuntu packages from /var/lib/dpkg/status, or from the
// per-package files in /var/lib/dpkg/status.d/ that distroless images use instead.
import { posix } from 'node:path';
import type { FileEntry } from '../../image/types.js';
import type { LayerRef, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import { introducedIn, type DbVersion } from '../../inventory/provenance.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';
import { OS_RELEASE_FILES, detectOs } from '../os/os.js';
import { copyrightLicenses } from './licenses.js';
import { isInstalled, parseSourceField, parseStanzas } from './control.js';

const STATUS = '/var/lib/dpkg/status';
const STATUS_D = '/var/lib/dpkg/status.d/';
const INFO = '/var/lib/dpkg/info/';
const DOC = '/usr/share/doc/';
const COPYRIGHT_CAP = 512 * 1024;

/** A package parsed from one stanza, before the OS (for the purl) and files are known. */
interface Parsed { pkg: Omit<Package, 'purl'>; key: string; multiArchSame: boolean }

function fromStanza(s: Map<string, string>, path: string, layer: LayerRef, requireStatus: boolean): Parsed | undefined {
  const name = s.get('package');
  const version = s.get('version');
  if (!name || !version) return undefined;
  // Distroless status.d/ files list installed packages only, and some omit Status.
  if (requireStatus || s.has('status')) { if (!isInstalled(s.get('status'))) return undefined; }
  const arch = s.get('architecture') || undefined;
  const src = s.has('source') ? parseSourceField(s.get('source')!) : { name };
  const metadata: Record<string, unknown> = {};
  const size = Number(s.get('installed-size'));
  if (s.has('installed-size') && Number.isFinite(size)) metadata.installedSize = size;
  if (s.get('maintainer')) metadata.maintainer = s.get('maintainer');
  return {
    key: `${name}:${arch ?? ''}`,
    multiArchSame: s.get('multi-arch') === 'same',
    pkg: {
      type: 'deb', name, version, ...(arch ? { arch } : {}),
      source: { name: src.name, version: src.version ?? version },
      licenses: [],
      locations: [{ path, layer }],
      ...(Object.keys(metadata).length ? { metadata } : {}),
    },
  };
}

export const dpkgAnalyzer: Analyzer = {
  name: 'dpkg',
  version: 3, // 2: licences from free-form copyright files and doc-directory symlinks, licenseRaw; 3: symlink chains, licence titles, unrecognised statements
  // Earlier versions of the status file tell which layer installed each package.
  wantsDeleted: true,
  wants(path, info) {
    if (info.kind === 'dir') return false;
    if (path === STATUS) return true;
    if (OS_RELEASE_FILES.has(path)) return true; // for the purls' distro qualifier
    if (path.startsWith(STATUS_D)) return !path.slice(STATUS_D.length).includes('/');
    if (path.startsWith(INFO)) return path.endsWith('.list') && !path.slice(INFO.length).includes('/');
    if (path.startsWith(DOC) && path.endsWith('/copyright')) return path.split('/').length === 6 ? { maxBytes: COPYRIGHT_CAP } : false;
    // /usr/share/doc/libgcc-s1 -> gcc-12-base: the package's copyright is its target's.
    if (path.startsWith(DOC) && info.kind === 'symlink') return path.split('/').length === 5;
    return false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const statusVersions: FileEntry[] = [];
    const statusD: FileEntry[] = [];
    const lists = new Map<string, Buffer>();
    const md5sums = new Map<string, Buffer>();
    const copyrights = new Map<string, Buffer>();
    const docLinks = new Map<string, string>();
    const osText = new Map<string, string>();
    for await (const f of files) {
      const p = f.info.path;
      if (p === STATUS) { statusVersions.push(f); continue; }
      if (f.deleted) continue;
      if (OS_RELEASE_FILES.has(p)) { osText.set(p, (f.content.length ? f.content : ctx.readFile(p) ?? f.content).toString('utf8')); continue; }
      if (p.startsWith(STATUS_D)) {
        // Distroless keeps no info/*.list; status.d/<name>.md5sums is the only record of owned files.
        if (p.endsWith('.md5sums')) md5sums.set(p.slice(STATUS_D.length, -'.md5sums'.length), f.content);
        else statusD.push(f);
      }
      else if (p.startsWith(INFO)) lists.set(p.slice(INFO.length, -'.list'.length), f.content);
      else if (f.info.kind === 'symlink' && !p.endsWith('/copyright')) {
        const target = posix.resolve(DOC, f.info.linkTarget ?? '');
        if (posix.dirname(target) === DOC.slice(0, -1)) docLinks.set(p.slice(DOC.length), posix.basename(target));
      }
      else copyrights.set(p.slice(DOC.length, -'/copyright'.length), f.content);
    }

    const parsed: Parsed[] = [];
    const current = statusVersions.find((f) => !f.deleted);
    if (current) {
      if (current.truncated) ctx.warn(`${STATUS}: truncated at ${current.content.length} bytes; packages after that point are missing`);
      for (const s of parseStanzas(current.content.toString('utf8'))) {
        const p = fromStanza(s, STATUS, current.info.layer, true);
        if (p) parsed.push(p);
      }
      attributeLayers(parsed, statusVersions);
    }
    for (const f of statusD.sort((a, b) => (a.info.path < b.info.path ? -1 : 1))) {
      for (const s of parseStanzas(f.content.toString('utf8'))) {
        const p = fromStanza(s, f.info.path, f.info.layer, false);
        if (p) parsed.push(p);
      }
    }

    const os = detectOs(osText);
    const seen = new Set<string>();
    const packages: Package[] = [];
    for (const { pkg, key, multiArchSame } of parsed) {
      if (seen.has(key)) continue; // status and status.d describing the same package
      seen.add(key);
      const list = (multiArchSame && lists.get(`${key}`)) || lists.get(pkg.name) || lists.get(key);
      if (list) pkg.files = parseList(list);
      else if (pkg.locations[0]!.path.startsWith(STATUS_D)) {
        const sums = md5sums.get(pkg.locations[0]!.path.slice(STATUS_D.length)) ?? md5sums.get(pkg.name);
        if (sums) pkg.files = parseMd5sums(sums);
      }
      const copyright = copyrights.get(docDir(pkg.name, docLinks));
      if (copyright) {
        const found = copyrightLicenses(copyright.toString('utf8'));
        pkg.licenses = found.map((l) => l.license);
        if (found.length) pkg.licenseRaw = found.map((l) => l.raw);
      }
      packages.push({ ...pkg, purl: purlFor(pkg, os) });
    }
    return { packages };
  },
};

/** The doc directory a package's name leads to, following directory symlinks (binutils-x86-64-linux-gnu -> libbinutils -> binutils-common). */
function docDir(name: string, links: Map<string, string>): string {
  let dir = name;
  for (let hops = 0; hops < 8 && links.has(dir); hops++) dir = links.get(dir)!;
  return dir;
}

function parseList(buf: Buffer): string[] {
  const out: string[] = [];
  for (const line of buf.toString('utf8').split('\n')) if (line && line !== '/.') out.push(line);
  return out;
}

/** "<md5>  <path relative to />" lines. */
function parseMd5sums(buf: Buffer): string[] {
  const out: string[] = [];
  for (const line of buf.toString('utf8').split('\n')) {
    const m = /^[0-9a-f]{32}\s+(.+)$/.exec(line);
    if (m) out.push('/' + m[1]!.replace(/^\.?\//, ''));
  }
  return out;
}

/** Moves each package's location to the layer that installed it (older status files say). */
function attributeLayers(parsed: Parsed[], versions: FileEntry[]): void {
  const older: DbVersion[] = versions.filter((v) => v.deleted).map((v) => ({
    layer: v.info.layer,
    ids: new Set(parseStanzas(v.content.toString('utf8'))
      .filter((s) => isInstalled(s.get('status')))
      .map((s) => `${s.get('package')}:${s.get('architecture') ?? ''}=${s.get('version')}`)),
  }));
  if (!older.length) return;
  for (const { pkg, key } of parsed) {
    pkg.locations[0] = { path: STATUS, layer: introducedIn(`${key}=${pkg.version}`, pkg.locations[0]!.layer, older) };
  }
}
