// Build an ImageSource from parsed pieces: config, layer files and their digests. Shared by the
// docker-archive and OCI layout readers so both expose the same verified streams.
import type { Readable } from 'node:stream';
import { HullscanError } from '../errors.js';
import type { ArchiveFiles } from './archive-files.js';
import { DigestVerifier, isSha256Digest } from './digest.js';
import { layerLabelAt } from '../inventory/layer-label.js';
import type { ImageConfig, ImageSource, LayerBlob, Platform } from './types.js';

export interface LayerFile {
  /** Name of the blob inside the archive / layout. */
  name: string;
  /** Expected digest of the stored bytes, when the format says it. */
  digest?: string;
  mediaType?: string;
  size?: number;
}

export interface ImageParts {
  reference: string;
  names: string[];
  digest?: string;
  indexDigest?: string;
  config: ImageConfig;
  configDigest: string;
  layers: LayerFile[];
  platform?: Platform;
}

export function parseConfig(raw: Buffer, subject: string, what: string): ImageConfig {
  let cfg: unknown;
  try {
    cfg = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HullscanError('INPUT', `${what} is not valid JSON`, { subject });
  }
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) throw new HullscanError('INPUT', `${what} is not a JSON object`, { subject });
  const c = cfg as ImageConfig;
  if (!c.rootfs || !Array.isArray(c.rootfs.diff_ids) || !c.rootfs.diff_ids.every(isSha256Digest)) {
    throw new HullscanError('INPUT', `${what} has no valid rootfs.diff_ids`, { subject });
  }
  return c;
}

/** Match history entries that made a layer (empty_layer ones skipped) to layers, in order. */
export function createdByPerLayer(config: ImageConfig, layerCount: number): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const h of config.history ?? []) {
    if (h && !h.empty_layer) out.push(typeof h.created_by === 'string' ? h.created_by : undefined);
  }
  // A history shorter or longer than the layers is a broken image; do not shift provenance.
  if (out.length !== layerCount) return new Array(layerCount).fill(undefined);
  return out;
}

/** The blob's place on disk for the walk's worker; a blob that is missing or unsafe gets none, and open() reports it. */
function fileLocation(files: ArchiveFiles, name: string): Pick<LayerBlob, 'file'> {
  try {
    return { file: files.location(name) };
  } catch {
    return {};
  }
}

export function makeImageSource(files: ArchiveFiles, parts: ImageParts): ImageSource {
  const diffIds = parts.config.rootfs!.diff_ids;
  if (diffIds.length !== parts.layers.length) {
    throw new HullscanError('INPUT', `the manifest lists ${parts.layers.length} layers but the config has ${diffIds.length} diff_ids`, { subject: files.path });
  }
  const createdBy = createdByPerLayer(parts.config, parts.layers.length);
  const layers: LayerBlob[] = parts.layers.map((lf, index) => {
    const blob: LayerBlob = {
      index,
      layerCount: parts.layers.length,
      digest: lf.digest ?? '',
      diffId: diffIds[index]!,
      mediaType: lf.mediaType,
      size: lf.size,
      createdBy: createdBy[index],
      ...fileLocation(files, lf.name),
      open: async (): Promise<Readable> => {
        const raw = files.stream(lf.name);
        const what = layerLabelAt(index, parts.layers.length, diffIds[index]!);
        const verifier = new DigestVerifier(lf.digest, what, files.path, (d) => { if (!blob.digest) blob.digest = d; });
        raw.on('error', (e) => verifier.destroy(e));
        return raw.pipe(verifier);
      },
    };
    return blob;
  });
  const platform: Platform = parts.platform ?? {
    os: parts.config.os ?? 'unknown',
    architecture: parts.config.architecture ?? 'unknown',
    ...(parts.config.variant ? { variant: parts.config.variant } : {}),
  };
  return {
    reference: parts.reference,
    names: parts.names,
    digest: parts.digest,
    ...(parts.indexDigest ? { indexDigest: parts.indexDigest } : {}),
    platform,
    config: parts.config,
    configDigest: parts.configDigest,
    layers,
    close: async () => {},
  };
}
