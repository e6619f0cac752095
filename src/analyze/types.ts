// An analyzer says which files it wants, then turns them into facts. It never reads the image itself.
import type { FileEntry, FileInfo } from '../image/types.js';
import type { LayerRef, OSInfo, Package } from '../inventory/model.js';
import type { SeverityLevel } from '../vulndb/model.js';

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
  /** `chunk` is valid only during the call: the walk reuses its memory, so copy what you keep. */
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

/** A secret found in a layer's file or in the image configuration (env, build history). */
export interface SecretFinding {
  /** Rule id, e.g. 'aws-access-key-id', 'private-key', 'generic-password'. */
  rule: string;
  /** Provider or kind: 'AWS', 'GitHub', 'PrivateKey', 'Generic' ... */
  category: string;
  title: string;
  severity: SeverityLevel;
  /** A file path in the image, or 'config:env' / 'config:history' for the image configuration. */
  path: string;
  line?: number;
  /** The matched line with the secret itself replaced by '*****': the secret text never leaves the scanner. */
  match: string;
  /** The layer that added the file (files); the history step's layer when known (config). */
  layer?: LayerRef;
  /** A later layer deleted or replaced the file: the secret is still in this layer of the image. */
  deleted: boolean;
}

/** A misconfiguration of an image (config, history, files) or of a Dockerfile. */
export interface Misconfiguration {
  /** Stable rule id, e.g. 'HS-DS-002' (the same id for the image check and the Dockerfile check of one rule). */
  id: string;
  title: string;
  severity: SeverityLevel;
  /** What was found here, e.g. "USER is root (uid 0)" or "/usr/bin/sudo is setuid". */
  message: string;
  /** Why it matters. */
  description?: string;
  /** How to fix it. */
  resolution?: string;
  references?: string[];
  /** CIS Docker Benchmark item, e.g. '4.1'. */
  cis?: string;
  /** Where: a Dockerfile path and lines, an image file, a history step's layer; absent = the image configuration. */
  location?: { path?: string; startLine?: number; endLine?: number; layer?: LayerRef };
  /** Every image file the finding is about, when it is about several (the message names the first few). */
  paths?: string[];
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
