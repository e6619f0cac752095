// The per-layer result of the walk: a plain object (structured-clone serialisable: strings,
// numbers, Buffers) so a cache keyed by diffID + analyzer names/versions can store and reuse it.

export interface ScannedFile {
  path: string;              // absolute, normalised, as written in the layer
  kind: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  size: number;
  mode: number;
  linkTarget?: string;       // symlink target as written; hard link target as an absolute image path
  /** Names of the analyzers that wanted this file. */
  wantedBy: string[];
  /** Content buffered once, at the largest cap any buffering analyzer asked for. */
  content?: Buffer;
  /** Per-analyzer output of a Want.scan stream scanner (analyzer name -> finish() result). */
  scanned?: Record<string, Buffer>;
  /** Per-analyzer byte caps used when handing `content` out (analyzer name -> cap). */
  caps?: Record<string, number>;
}

export interface LayerScan {
  index: number;
  digest: string;
  diffId: string;
  createdBy?: string;
  compression: 'gzip' | 'zstd' | 'none';
  compressedSize: number;
  uncompressedSize: number;
  entryCount: number;
  /** Files (and links) some analyzer wanted, in archive order. */
  files: ScannedFile[];
  /** Every symlink of the layer: [path, target as written]. Needed to resolve paths across layers. */
  symlinks: [string, string][];
  /** Paths removed from lower layers by `.wh.<name>` entries. */
  whiteouts: string[];
  /** Directories whose lower-layer contents are hidden by `.wh..wh..opq`. */
  opaqueDirs: string[];
  warnings: string[];
}

export interface LayerCache {
  get(diffId: string, key: string): Promise<LayerScan | undefined>;
  put(diffId: string, key: string, scan: LayerScan): Promise<void>;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** A scan back from a cache (structured clone, v8.deserialize) has Uint8Arrays where Buffers were. */
export function reviveLayerScan(scan: LayerScan): LayerScan {
  for (const f of scan.files) {
    if (f.content) f.content = asBuffer(f.content);
    if (f.scanned) for (const k of Object.keys(f.scanned)) f.scanned[k] = asBuffer(f.scanned[k]!);
  }
  return scan;
}
