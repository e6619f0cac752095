// What the final image's files show: setuid/setgid files, sudo, world-writable files in system paths,
// shells and package managers. Mode and path decide, so no content is read: every wanted entry asks for
// zero bytes. Only files that survive to the final image count (deleted ones are never delivered here).
import type { FileEntry, FileInfo } from '../../image/types.js';
import { misconfiguration } from '../../misconfig/rules.js';
import type { AnalyzeContext, Analyzer, Facts, Misconfiguration, Want } from '../types.js';

const NO_CONTENT: Want = { headBytes: 0 };

const SETUID = 0o4000;
const SETGID = 0o2000;
const STICKY = 0o1000;
const OTHER_WRITE = 0o002;
const ANY_EXEC = 0o111;

const BIN_DIRS = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);
const SHELLS = new Set(['sh', 'bash', 'rbash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox']);
const PACKAGE_MANAGERS = new Set(['apt', 'apt-get', 'aptitude', 'dpkg', 'apk', 'dnf', 'yum', 'microdnf', 'tdnf', 'rpm',
  'zypper', 'pacman', 'pip', 'pip2', 'pip3', 'npm', 'yarn', 'pnpm', 'gem', 'conda', 'mamba', 'micromamba']);
/** pip3.11 and the like, as Debian and the python images install them. */
const PIP_VERSIONS = ['2.7', ...Array.from({ length: 16 }, (_, i) => `3.${i}`)].map((v) => `pip${v}`);

/** Directories whose files other programs trust: a world-writable entry there can be swapped by anyone. */
const SYSTEM_PATHS = ['/bin', '/sbin', '/usr', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/boot', '/root', '/var/lib', '/var/spool'];

export function inSystemPath(path: string): boolean {
  for (const p of SYSTEM_PATHS) {
    if (path.startsWith(p) && (path.length === p.length || path.charCodeAt(p.length) === 47 /* '/' */)) return true;
  }
  return false;
}

type Tool = 'shell' | 'package-manager' | 'sudo';

// wants() runs for every entry of every layer: one map lookup by full path, no string building.
const TOOLS = new Map<string, Tool>();
for (const dir of BIN_DIRS) {
  for (const name of SHELLS) TOOLS.set(`${dir}/${name}`, 'shell');
  for (const name of [...PACKAGE_MANAGERS, ...PIP_VERSIONS]) TOOLS.set(`${dir}/${name}`, 'package-manager');
  TOOLS.set(`${dir}/sudo`, 'sudo');
}

/** A shell, package manager or sudo by its name in a bin directory. */
export function toolAt(path: string): Tool | undefined {
  return TOOLS.get(path);
}

/**
 * Wanted: special-bit files, every regular file and directory in system paths, executables and the named tools.
 * A later layer that clears a bit (chmod u-s, chmod o-w, chmod 0644) writes a new entry for the same path, and
 * only an entry the walk kept can hide the older one in the squashed view; whether a path had an older entry is
 * not known here (layers are scanned apart, and cached by diffID), so every candidate is kept, by its metadata
 * only (zero bytes of content). Measured on the 1 GB corpus image (47k entries): about +0.3-0.5 s CPU and +40 MB
 * peak memory over wanting world-writable entries only.
 * Hard links are wanted for the bits only: a link wanted for its mode whose target nobody buffered makes the
 * walk read the layer again (a later layer resetting a mode with a hard link is not seen).
 */
export function wantsFile(path: string, info: FileInfo): boolean | Want {
  const mode = info.mode & 0o7777;
  switch (info.kind) {
    case 'symlink':
      return toolAt(path) ? NO_CONTENT : false;
    case 'file':
      return (mode & (SETUID | SETGID | ANY_EXEC)) || inSystemPath(path) || toolAt(path) ? NO_CONTENT : false;
    case 'hardlink':
      return (mode & (SETUID | SETGID)) || ((mode & OTHER_WRITE) && inSystemPath(path)) || toolAt(path) ? NO_CONTENT : false;
    case 'dir':
      return inSystemPath(path) ? NO_CONTENT : false;
    default:
      return false;
  }
}

export interface FileFacts {
  setuid: string[];
  setgid: string[];
  worldWritable: string[];
  shells: string[];
  packageManagers: string[];
  sudo: string[];
}

/** Sort the final image's files into what the checks report; symlinked tools count when they resolve to a file. */
export async function collectFileFacts(files: AsyncIterable<FileEntry>, ctx: Pick<AnalyzeContext, 'readFile'>): Promise<FileFacts> {
  const facts: FileFacts = { setuid: [], setgid: [], worldWritable: [], shells: [], packageManagers: [], sudo: [] };
  for await (const f of files) {
    if (f.deleted) continue;
    const { path, kind } = f.info;
    const mode = f.info.mode & 0o7777;
    const regular = kind === 'file' || kind === 'hardlink';
    if (regular && mode & SETUID) facts.setuid.push(path);
    if (regular && mode & SETGID) facts.setgid.push(path);
    if ((regular || kind === 'dir') && mode & OTHER_WRITE && inSystemPath(path) && !(kind === 'dir' && mode & STICKY)) {
      facts.worldWritable.push(kind === 'dir' ? path + '/' : path);
    }
    const tool = toolAt(path);
    if (!tool) continue;
    let shown: string | undefined;
    if (regular && mode & ANY_EXEC) shown = path;
    // /bin/sh -> dash: the link runs a shell as long as it resolves to a file of the image
    else if (kind === 'symlink' && ctx.readFile(path) !== undefined) shown = `${path} -> ${f.info.linkTarget}`;
    if (!shown) continue;
    (tool === 'shell' ? facts.shells : tool === 'package-manager' ? facts.packageManagers : facts.sudo).push(shown);
  }
  return facts;
}

/** "a, b, c and 4 more" */
export function listPaths(paths: readonly string[], max = 3): string {
  if (paths.length <= max) return paths.length <= 1 ? (paths[0] ?? '') : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}`;
  return `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`;
}

export function fileFindings(facts: FileFacts): Misconfiguration[] {
  const out: Misconfiguration[] = [];
  const withPaths = (m: Misconfiguration, paths: string[]): Misconfiguration => ({ ...m, paths: [...paths] });
  const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
  if (facts.setuid.length || facts.setgid.length) {
    const parts: string[] = [];
    if (facts.setuid.length) parts.push(`${listPaths(facts.setuid)} ${plural(facts.setuid.length, 'is', 'are')} setuid`);
    if (facts.setgid.length) parts.push(`${listPaths(facts.setgid)} ${plural(facts.setgid.length, 'is', 'are')} setgid`);
    const all = [...new Set([...facts.setuid, ...facts.setgid])].sort();
    out.push(withPaths(misconfiguration('HS-IMG-001', parts.join('; ')), all));
  }
  if (facts.sudo.length) {
    out.push(withPaths(misconfiguration('HS-DS-013', `sudo is installed: ${listPaths(facts.sudo)}`), facts.sudo.map(stripLink)));
  }
  if (facts.worldWritable.length) {
    const n = facts.worldWritable.length;
    out.push(withPaths(misconfiguration('HS-IMG-002', `${listPaths(facts.worldWritable)} ${plural(n, 'is', 'are')} world-writable`), facts.worldWritable));
  }
  if (facts.shells.length) {
    out.push(withPaths(misconfiguration('HS-IMG-003', `${plural(facts.shells.length, 'a shell is', 'shells are')} present: ${listPaths(facts.shells, 5)}`), facts.shells.map(stripLink)));
  }
  if (facts.packageManagers.length) {
    out.push(withPaths(misconfiguration('HS-IMG-004', `${plural(facts.packageManagers.length, 'a package manager is', 'package managers are')} present: ${listPaths(facts.packageManagers, 5)}`), facts.packageManagers.map(stripLink)));
  }
  return out;
}

const stripLink = (shown: string) => shown.split(' -> ')[0]!;

export const imageFilesAnalyzer: Analyzer = {
  name: 'imageconfig',
  // 2: every file in system paths is kept (a later chmod 0644 hides an older world-writable entry)
  version: 2,
  wants: wantsFile,
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    return { misconfigurations: fileFindings(await collectFileFacts(files, ctx)) };
  },
};
