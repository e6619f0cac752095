// The OS analyzer: names the distribution from os-release, falling back to the older release files.
import type { OSInfo } from '../../inventory/model.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';
import type { FileEntry } from '../../image/types.js';
import { osFromLsbRelease, osFromOsRelease, osFromReleaseLine, osFromSuseRelease, parseOsRelease } from './release-files.js';

const RELEASE_FILE_CAP = 64 * 1024;

// Checked in this order: os-release first (both paths), then the distro-specific files, most specific first.
const OS_RELEASE = ['/etc/os-release', '/usr/lib/os-release'];
const RELEASE_LINE_FILES = [
  '/etc/centos-release', '/etc/rocky-release', '/etc/almalinux-release', '/etc/oracle-release',
  '/etc/fedora-release', '/etc/system-release', '/etc/redhat-release',
];
const OTHER_FILES = ['/etc/alpine-release', '/etc/debian_version', '/etc/SuSE-release', '/etc/lsb-release'];
/** Every file detectOs reads; package analyzers want them too, for their purls' distro qualifier. */
export const OS_RELEASE_FILES: ReadonlySet<string> = new Set([...OS_RELEASE, ...RELEASE_LINE_FILES, ...OTHER_FILES]);

const DPKG_STATUS = '/var/lib/dpkg/status';
const DPKG_STATUS_D = '/var/lib/dpkg/status.d/';

export const osAnalyzer: Analyzer = {
  name: 'os',
  version: 1,
  wants(path, info) {
    if (OS_RELEASE_FILES.has(path)) return { maxBytes: RELEASE_FILE_CAP };
    // Only whether they exist matters here: distroless Debian has status.d/ and no status file.
    if (path === DPKG_STATUS || (path.startsWith(DPKG_STATUS_D) && info.kind === 'file')) return { headBytes: 0 };
    return false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const text = new Map<string, string>();
    let hasStatus = false;
    let hasStatusD = false;
    for await (const f of files) {
      if (f.deleted) continue;
      const p = f.info.path;
      if (p === DPKG_STATUS) { hasStatus = true; continue; }
      if (p.startsWith(DPKG_STATUS_D)) { hasStatusD = true; continue; }
      let content = f.content;
      // A symlink whose target the walk had not seen yet arrives empty: ask the squashed view.
      if (content.length === 0 && f.info.kind !== 'file') content = ctx.readFile(p) ?? content;
      if (content.length) text.set(p, content.toString('utf8'));
    }
    const os = detectOs(text);
    if (!os) return {};
    if (os.family === 'debian' && hasStatusD && !hasStatus) os.distroless = true;
    return { os };
  },
};

/** Decides the OS from the release files' texts, keyed by absolute path. Exported for tests. */
export function detectOs(text: Map<string, string>): OSInfo | undefined {
  let os: OSInfo | undefined;
  for (const p of OS_RELEASE) {
    const t = text.get(p);
    if (t && (os = osFromOsRelease(parseOsRelease(t)))) break;
  }
  if (!os) {
    for (const p of RELEASE_LINE_FILES) {
      const t = text.get(p);
      if (t && (os = osFromReleaseLine(t))) break;
    }
  }
  if (!os && text.has('/etc/SuSE-release')) os = osFromSuseRelease(text.get('/etc/SuSE-release')!);
  const alpine = text.get('/etc/alpine-release')?.trim();
  if (!os && alpine) os = { family: 'alpine', name: `Alpine Linux v${alpine.split('.').slice(0, 2).join('.')}`, version: alpine };
  const lsb = text.get('/etc/lsb-release');
  if (!os && lsb) os = osFromLsbRelease(lsb);
  const debianVersion = text.get('/etc/debian_version')?.trim();
  if (!os && debianVersion) {
    // Numeric (12.11) on stable releases, "trixie/sid" on testing and unstable.
    const major = /^(\d+)(\.|$)/.exec(debianVersion)?.[1];
    os = { family: 'debian', name: major ? `Debian GNU/Linux ${major}` : `Debian GNU/Linux ${debianVersion}`, ...(major ? { version: major } : {}) };
  }
  if (!os) return undefined;

  // Precise versions the main source leaves out.
  if (os.family === 'debian' && debianVersion) os.metadata = { ...os.metadata, debianVersion };
  if (os.family === 'alpine' && alpine) {
    if (!os.version) os.version = alpine;
    else if (alpine !== os.version) os.metadata = { ...os.metadata, alpineRelease: alpine };
  }
  for (const p of RELEASE_LINE_FILES) {
    const t = text.get(p);
    const line = t && osFromReleaseLine(t);
    if (line && line.family === os.family) {
      if (!os.version) os.version = line.version;
      else if (line.version !== os.version) os.metadata = { ...os.metadata, release: line.version! };
      break;
    }
  }
  return os;
}
