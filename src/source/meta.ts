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
    ...(image.indexDigest ? { indexDigest: image.indexDigest } : {}),
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
    healthcheck: healthcheckOf(c.Healthcheck),
    history: image.config.history?.map((h) => ({
      created: h.created, createdBy: h.created_by, comment: h.comment, emptyLayer: h.empty_layer || undefined,
    })),
  };
}

/** The config's Healthcheck (Docker: Test, Interval, Timeout, StartPeriod, Retries), keeping only well-typed fields. */
function healthcheckOf(raw: unknown): ImageMeta['healthcheck'] {
  if (!raw || typeof raw !== 'object') return undefined;
  const h = raw as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: NonNullable<ImageMeta['healthcheck']> = {};
  if (Array.isArray(h['Test']) && h['Test'].every((t) => typeof t === 'string')) out.test = h['Test'] as string[];
  for (const [from, to] of [['Interval', 'interval'], ['Timeout', 'timeout'], ['StartPeriod', 'startPeriod'], ['Retries', 'retries']] as const) {
    const v = num(h[from]);
    if (v !== undefined) out[to] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
