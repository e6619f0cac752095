// An analyzer says which files it wants, then turns them into facts. It never reads the image itself.
import type { FileEntry, FileInfo } from '../image/types.js';
import type { OSInfo, Package } from '../inventory/model.js';

export interface Want {
  /** Per-file byte cap for this analyzer; default DEFAULT_MAX_FILE_BYTES. Larger files arrive truncated. */
  maxBytes?: number;
  /** Only the first N bytes are needed (e.g. magic numbers); cheaper than a full buffer. */
  headBytes?: number;
  /**
   * Stream the content through a scanner instead of buffering it (large binaries): the walk calls
   * `write` for each chunk in order (the scanner may return 'done' to stop early) and the FileEntry's
   * `content` is whatever `finish()` returns (e.g. just the Go build-info bytes).
   */
  scan?: () => StreamScanner;
}

export interface StreamScanner {
  write(chunk: Buffer): void | 'done';
  finish(): Buffer;
}

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface Analyzer {
  readonly name: string;
  /** Bump to invalidate cached layer results. */
  readonly version: number;
  /** Also receive files deleted or replaced by later layers (secret scanning). */
  readonly wantsDeleted?: boolean;
  /** Cheap, called for every entry of every layer: return a Want (or true) to have the file buffered. */
  wants(path: string, info: FileInfo): boolean | Want;
  analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts>;
}

export interface AnalyzeContext {
  /** Read another file of the squashed image that this analyzer was given (follows symlinks), or undefined. */
  readFile(path: string): Buffer | undefined;
  warn(message: string): void;
}

export interface SecretFinding {
  rule: string; title: string; severity: string; path: string; line?: number; match: string; layerIndex: number; deleted: boolean;
}

export interface Misconfiguration {
  id: string; title: string; severity: string; message: string;
}

/** What analyzers produce; the scan merges the facts of all analyzers. */
export interface Facts {
  os?: OSInfo;
  packages?: Package[];
  secrets?: SecretFinding[];
  misconfigurations?: Misconfiguration[];
  /** Executables no cataloger accounted for (issue 5). */
  unaccountedExecutables?: number;
  /**
   * Paths of the ELF executables an analyzer saw (the binary analyzer). The pipeline turns them into
   * `unaccountedExecutables` with countUnaccountedExecutables (src/inventory/owned-files.ts) once every
   * analyzer's packages are known.
   */
  executables?: string[];
  warnings?: string[];
}
