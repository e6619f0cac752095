// Which files may be compiled binaries: cheap checks run for every tar entry (no content read).
import type { FileInfo } from '../../image/types.js';

/** Directories whose files are programs even when an image forgot the exec bit. */
const BINARY_DIRS = ['/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/usr/local/bin/', '/usr/local/sbin/', '/usr/libexec/'];
/** Executable text and data files that can never be a compiled binary. */
const NOT_BINARY_SUFFIXES = ['.sh', '.py', '.pl', '.rb', '.js', '.txt', '.md', '.json', '.yaml', '.yml', '.conf', '.jar', '.war'];
/** Smallest ELF/Mach-O/PE worth looking at. */
const MIN_BINARY_BYTES = 1024;

// The walk offers one FileInfo to every analyzer in turn; the Go and Rust analyzers both ask.
let lastInfo: FileInfo | undefined;
let lastPath = '';
let lastAnswer = false;

export function mayBeCompiledBinary(path: string, info: FileInfo): boolean {
  if (info === lastInfo && path === lastPath) return lastAnswer;
  lastInfo = info;
  lastPath = path;
  lastAnswer = decide(path, info);
  return lastAnswer;
}

function decide(path: string, info: FileInfo): boolean {
  if (info.kind !== 'file' || info.size < MIN_BINARY_BYTES) return false;
  if ((info.mode & 0o111) === 0 && !BINARY_DIRS.some((d) => path.startsWith(d))) return false;
  const lower = path.toLowerCase();
  return !NOT_BINARY_SUFFIXES.some((s) => lower.endsWith(s));
}

export type BinaryFormat = 'elf' | 'macho' | 'pe';

/** The executable format from the first bytes, or undefined for anything else (scripts, data). */
export function sniffBinaryFormat(head: Buffer): BinaryFormat | undefined {
  if (head.length < 4) return undefined;
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  if (head[0] === 0x4d && head[1] === 0x5a) return 'pe';
  const m = head.readUInt32BE(0);
  // Mach-O 32/64 in both byte orders, and fat (universal) binaries.
  if (m === 0xfeedface || m === 0xfeedfacf || m === 0xcefaedfe || m === 0xcffaedfe || m === 0xcafebabe) return 'macho';
  return undefined;
}
