// An image in a registry as an ImageSource: manifests resolved (index → platform), config fetched,
// layers streamed straight from the registry when the walk asks for them.
import { HullscanError } from '../../errors.js';
import type { ImageConfig, ImageSource, LayerBlob, OpenOptions, Platform } from '../types.js';
import { selectByPlatform } from '../select.js';
import { withProgress, type LayerProgress } from '../progress.js';
import { RegistryClient, type FetchedManifest } from './client.js';
import { formatReference, parseReference, type ImageReference } from './reference.js';

interface Descriptor { mediaType?: string; digest: string; size?: number; platform?: Platform & { 'os.version'?: string } }
interface Manifest { mediaType?: string; schemaVersion?: number; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] }

const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

function parseJson<T>(body: Buffer, subject: string): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new HullscanError('INPUT', 'not valid JSON', { subject });
  }
}

/** A descriptor's size, when it is a usable bound. */
const validSize = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined);

export interface RegistryOpenOptions extends OpenOptions {
  client?: RegistryClient;
  /** Layer download progress (the CLI passes a TTY display). */
  progress?: LayerProgress;
}

/** Opens `ref` (docker-style reference) from its registry; one ImageSource per selected platform. */
export async function openRegistryImage(refText: string, opts: RegistryOpenOptions = {}): Promise<ImageSource[]> {
  const ref = parseReference(refText);
  const client = opts.client ?? new RegistryClient();
  const top = await client.getManifest(ref);
  const topManifest = parseJson<Manifest>(top.body, formatReference(ref));
  if (!INDEX_TYPES.includes(top.mediaType) && !topManifest.manifests) return [await imageFromManifest(client, ref, refText, top, topManifest, opts.progress)];
  // a manifest list / image index: each platform image keeps the digest of the index it was chosen from

  const entries = (topManifest.manifests ?? [])
    .filter((d) => d.platform && d.platform.architecture !== 'unknown') // attestation manifests
    .map((d) => ({ ...d, names: [], platform: d.platform! }));
  const chosen = selectByPlatform(entries, opts.platform, formatReference(ref));
  const images: ImageSource[] = [];
  for (const d of chosen) {
    const m = await client.getManifest(ref, d.digest);
    images.push({ ...await imageFromManifest(client, ref, refText, m, parseJson<Manifest>(m.body, d.digest), opts.progress), indexDigest: top.digest });
  }
  return images;
}

async function imageFromManifest(client: RegistryClient, ref: ImageReference, refText: string, fetched: FetchedManifest, manifest: Manifest, progress?: LayerProgress): Promise<ImageSource> {
  const subject = `${formatReference(ref)}@${fetched.digest}`;
  if (!manifest.config?.digest || !Array.isArray(manifest.layers)) throw new HullscanError('INPUT', 'manifest has no config or layers', { subject });
  const configBytes = await client.getSmallBlob(ref, manifest.config.digest, MAX_CONFIG_BYTES, validSize(manifest.config.size));
  const config = parseJson<ImageConfig>(configBytes, manifest.config.digest);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new HullscanError('INPUT', `config lists ${diffIds.length} diff_ids but the manifest has ${manifest.layers.length} layers`, { subject });
  }
  const history = (config.history ?? []).filter((h) => !h.empty_layer);
  const layers: LayerBlob[] = manifest.layers.map((d, index) => ({
    index,
    layerCount: manifest.layers!.length,
    digest: d.digest,
    diffId: diffIds[index]!,
    mediaType: d.mediaType,
    size: d.size,
    createdBy: history.length === manifest.layers!.length ? history[index]?.created_by : undefined,
    // opened by the walk's bounded workers, and only for layers the cache does not hold
    open: async () => withProgress(await client.getBlob(ref, d.digest, validSize(d.size)), progress, d.digest, d.size),
  }));
  return {
    reference: refText,
    names: [formatReference({ ...ref, digest: undefined })],
    digest: fetched.digest,
    platform: { os: config.os ?? 'linux', architecture: config.architecture ?? 'unknown', variant: config.variant },
    config,
    configDigest: manifest.config.digest,
    layers,
    close: async () => {},
  };
}
