// What the layer walk hands to analyzers: files with their provenance.
import type { LayerRef } from '../inventory/model.js';

export type FileKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface FileInfo {
  path: string;            // absolute, normalised: '/etc/os-release' (no '..', no trailing '/')
  kind: FileKind;
  size: number;            // bytes of content (0 for links and dirs)
  mode: number;            // permission bits incl. executable bits
  linkTarget?: string;     // symlink / hardlink target as written in the tar
  layer: LayerRef;
}

export interface FileEntry {
  info: FileInfo;
  /** The file's bytes (capped; see `truncated`). Links resolve to their target's content when it is known. */
  content: Buffer;
  truncated: boolean;
  /** True when a later layer removed (whiteout) or replaced this file: only analyzers that asked see these. */
  deleted: boolean;
}
