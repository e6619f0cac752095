// Which files the secret scanner reads, and the stream scanner that reads them during the layer walk.
// The scanner keeps a file's bytes only while that file streams past, runs the rules at its end, and
// hands back only the redacted findings: raw file content (and so the secret) never reaches the
// analyzer's output, the squashed view or the on-disk layer cache.
import type { FileInfo } from '../../image/types.js';
import type { StreamScanner } from '../types.js';
import { findSecrets, type CompiledRules, type TextFinding } from './detect.js';

/** Files larger than this are not read (secrets live in small config and key files). */
export const MAX_SECRET_FILE_BYTES = 1024 * 1024;
/** A NUL byte in this many first bytes means binary. */
const BINARY_SNIFF_BYTES = 1024;

/** Extensions of binary, compressed or media files: never text worth reading. */
const BINARY_EXTENSIONS = new Set([
  'gz', 'tgz', 'xz', 'txz', 'bz2', 'tbz2', 'zst', 'lz', 'lz4', 'lzma', 'z', 'zip', 'jar', 'war', 'ear', 'whl', 'egg', '7z', 'rar', 'tar', 'deb', 'rpm', 'apk',
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'tif', 'tiff', 'webp', 'svgz', 'xcf', 'psd',
  'ttf', 'otf', 'woff', 'woff2', 'eot', 'pfb', 'pcf',
  'mp3', 'mp4', 'ogg', 'oga', 'wav', 'flac', 'avi', 'mov', 'mkv', 'webm',
  'so', 'a', 'o', 'ko', 'dll', 'exe', 'bin', 'dat', 'db', 'sqlite', 'sqlite3', 'pyc', 'pyo', 'class', 'node', 'wasm', 'mo', 'gmo', 'cache', 'pack', 'idx',
  'pdf', 'ps', 'dvi', 'hwdb', 'cdb',
]);

/** Shared-library names carry their version after the extension: libc.so.6, libfoo.so.1.2.3. */
const SHARED_LIBRARY = /\.so(?:\.\d+)+$/;

/** Is this entry a candidate for secret scanning (before its content is seen)? */
export function isScannableFile(path: string, info: Pick<FileInfo, 'kind' | 'size'>): boolean {
  if (info.kind !== 'file' || info.size === 0 || info.size > MAX_SECRET_FILE_BYTES) return false;
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot > slash + 1) {
    const ext = path.slice(dot + 1).toLowerCase();
    if (BINARY_EXTENSIONS.has(ext)) return false;
    if (SHARED_LIBRARY.test(path)) return false;
  }
  return true;
}

/** Marks a scanner output as findings (anything else handed to the analyzer is ignored). */
const MAGIC = 'HSSECRET1\n';
const NO_FINDINGS = Buffer.alloc(0);

export function encodeFindings(findings: TextFinding[]): Buffer {
  return findings.length === 0 ? NO_FINDINGS : Buffer.from(MAGIC + JSON.stringify(findings), 'utf8');
}

export function decodeFindings(content: Buffer): TextFinding[] {
  if (content.length <= MAGIC.length || content.toString('utf8', 0, MAGIC.length) !== MAGIC) return [];
  const parsed = JSON.parse(content.toString('utf8', MAGIC.length)) as unknown;
  return Array.isArray(parsed) ? parsed as TextFinding[] : [];
}

/**
 * Keeps one file (up to the cap) as latin1 text while it streams (one copy, no Buffer copies to
 * concatenate), gives up at the first sign of binary, and scans it at the end.
 */
export class SecretFileScanner implements StreamScanner {
  private parts: string[] = [];
  private have = 0;
  private binary = false;

  constructor(private readonly path: string, private readonly rules: CompiledRules) {}

  write(chunk: Buffer): void | 'done' {
    if (this.have < BINARY_SNIFF_BYTES) {
      const head = chunk.subarray(0, BINARY_SNIFF_BYTES - this.have);
      if (head.includes(0)) {
        this.binary = true;
        this.parts = [];
        return 'done';
      }
    }
    const room = MAX_SECRET_FILE_BYTES - this.have;
    if (room <= 0) return 'done';
    const take = Math.min(chunk.length, room);
    this.parts.push(chunk.toString('latin1', 0, take));
    this.have += take;
    return this.have >= MAX_SECRET_FILE_BYTES ? 'done' : undefined;
  }

  finish(): Buffer {
    if (this.binary || this.have === 0) return NO_FINDINGS;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    return encodeFindings(scanText(text, this.path, this.rules));
  }
}

/** Secrets in a file's bytes as latin1 text (one char per byte; shown lines are decoded as UTF-8). */
function scanText(latin1: string, path: string, rules: CompiledRules): TextFinding[] {
  return findSecrets(latin1, rules, path, true).map(({ rule, line, match }) => ({ rule, line, match }));
}
