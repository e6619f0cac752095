// What an image source exposes: one platform image, its config and its layer blobs, digests verified.
import type { Readable } from 'node:stream';

export interface Platform { os: string; architecture: string; variant?: string }

/** The parts of the OCI image config hullscan reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string; Env?: string[]; Cmd?: string[]; Entrypoint?: string[]; WorkingDir?: string;
    ExposedPorts?: Record<string, unknown>; Labels?: Record<string, string>; Healthcheck?: unknown;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export interface LayerBlob {
  index: number;
  /** How many layers the image has: messages name a layer 'layer 2 of 5 (sha256:…)' (inventory/layer-label.ts). */
  layerCount?: number;
  digest: string;          // blob digest as stored (sha256:...)
  diffId: string;          // from config rootfs.diff_ids
  mediaType?: string;
  size?: number;           // compressed size when known
  createdBy?: string;      // history entry matched to this layer (empty_layer entries skipped)
  /** The blob's bytes as stored (maybe compressed). The stream errors with a DIGEST HullscanError at its end on mismatch. */
  open(): Promise<Readable>;
  /**
   * Where the stored bytes lie when they are a plain range of a local file (a blob inside an image
   * tar, or a layout directory's blob file). The walk then reads them on a worker thread instead of
   * through open(), and checks `digest` itself (and sets it when empty, as open() does).
   */
  file?: { path: string; offset: number; size: number };
}

export interface ImageSource {
  /** What the user typed, and the file / registry it resolved to. */
  reference: string;
  /** Tags/names the image is known by (docker-archive RepoTags, OCI ref names). */
  names: string[];
  /** Manifest digest when there is one. */
  digest?: string;
  /** Digest of the image index (OCI index / Docker manifest list) the manifest was chosen from, when there was one. */
  indexDigest?: string;
  platform: Platform;
  config: ImageConfig;
  configDigest: string;
  layers: LayerBlob[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** 'os/arch[/variant]', 'all', or undefined for the host's platform. */
  platform?: string;
  /** Pick one image out of a multi-image archive by 'name:tag'. */
  name?: string;
}
