// The image's metadata for `inspect` and reports: names, platform, config and layers, no layer reads.
import type { ImageMeta } from '../inventory/model.js';
import { formatPlatform } from './platform.js';
import type { ImageSource } from './types.js';

/** What `inspect` shows: names, platform, config and layers, without walking the layers. */
export function imageMeta(image: ImageSource): ImageMeta {
  const c = image.config.config ?? {};
  return {
    reference: image.reference,
    names: image.names,
    digest: image.digest,
    configDigest: image.configDigest,
    platform: formatPlatform(image.platform),
    layers: image.layers.map((l) => ({
      index: l.index, diffId: l.diffId, digest: l.digest || undefined, createdBy: l.createdBy, size: l.size, mediaType: l.mediaType,
    })),
    user: c.User || undefined,
    env: c.Env,
    cmd: c.Cmd,
    entrypoint: c.Entrypoint,
    workingDir: c.WorkingDir || undefined,
    exposedPorts: c.ExposedPorts ? Object.keys(c.ExposedPorts) : undefined,
    labels: c.Labels,
    created: image.config.created,
  };
}
