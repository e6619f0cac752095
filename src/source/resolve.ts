// From what the user typed to an ImageSource: explicit transports first, then a local file or
// directory, then a local daemon that has the image, then the registry (`--image-src` to choose).
import { existsSync } from 'node:fs';
import { HullscanError } from '../errors.js';
import { daemonAvailable, daemonEndpoint, daemonHasImage, openDaemonImage, type DaemonKind } from './daemon.js';
import { openImage } from './index.js';
import { RegistryClient, type RegistryClientOptions } from './registry/client.js';
import { openRegistryImage } from './registry/image.js';
import { parseReference } from './registry/reference.js';
import type { ImageSource, OpenOptions } from './types.js';
import type { LayerProgress } from './progress.js';

export type ImageSrc = 'archive' | 'docker' | 'podman' | 'registry';
export const DEFAULT_IMAGE_SRC: ImageSrc[] = ['archive', 'docker', 'podman', 'registry'];

export interface ResolveOptions extends OpenOptions, RegistryClientOptions {
  /** Where to look, in order (`--image-src docker,registry`). */
  imageSrc?: ImageSrc[];
  env?: NodeJS.ProcessEnv;
  /** Layer download progress for registry images (the CLI passes a TTY display on stderr). */
  progress?: LayerProgress;
}

const TRANSPORTS: Record<string, ImageSrc> = {
  'docker-archive:': 'archive', 'oci:': 'archive', 'oci-archive:': 'archive', 'archive:': 'archive',
  'registry:': 'registry', 'docker://': 'registry', 'docker:': 'docker', 'podman:': 'podman',
};

export function splitTransport(ref: string): { src?: ImageSrc; rest: string } {
  for (const [prefix, src] of Object.entries(TRANSPORTS)) if (ref.startsWith(prefix)) return { src, rest: ref.slice(prefix.length) };
  return { rest: ref };
}

export function parseImageSrc(list: string): ImageSrc[] {
  const out = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of out) if (!DEFAULT_IMAGE_SRC.includes(s as ImageSrc)) throw new HullscanError('USAGE', `unknown image source '${s}' (expected ${DEFAULT_IMAGE_SRC.join(', ')})`, { subject: '--image-src' });
  return out as ImageSrc[];
}

/** A file or directory on disk, possibly followed by ':name:tag' (an image inside a multi-image archive). */
function namesLocalPath(ref: string): boolean {
  if (existsSync(ref)) return true;
  for (let i = ref.indexOf(':'); i > 0; i = ref.indexOf(':', i + 1)) if (existsSync(ref.slice(0, i))) return true;
  return false;
}

function openFrom(src: ImageSrc, ref: string, opts: ResolveOptions): Promise<ImageSource[]> {
  switch (src) {
    case 'archive': return openImage(ref, opts);
    case 'registry': return openRegistryImage(ref, { ...opts, client: new RegistryClient(opts) });
    case 'docker':
    case 'podman': return openDaemonImage(daemonEndpoint(src as DaemonKind, opts.env), ref, opts);
  }
}

/** Opens `ref` from wherever it lives; one ImageSource per selected platform. */
export async function resolveImage(ref: string, opts: ResolveOptions = {}): Promise<ImageSource[]> {
  const { src, rest } = splitTransport(ref);
  if (src) return openFrom(src, rest, opts);
  const order = opts.imageSrc ?? DEFAULT_IMAGE_SRC;
  // Paths (and names that can only be paths) go to the archive reader, which names the missing file.
  if (order.includes('archive') && (namesLocalPath(ref) || /\.tar$/.test(ref) || ref.startsWith('.') || ref.startsWith('/'))) {
    return openImage(ref, opts);
  }
  const tried: string[] = [];
  for (const s of order) {
    if (s === 'archive') continue;
    if (s === 'registry') {
      parseReference(ref); // a usage error before any network access
      return openFrom('registry', ref, opts);
    }
    const ep = daemonEndpoint(s, opts.env);
    if (await daemonAvailable(ep)) {
      if (await daemonHasImage(ep, ref)) return openFrom(s, ref, opts);
      tried.push(`${s}: no such image`);
    } else tried.push(`${s}: no daemon at ${ep.socketPath ?? ep.url}`);
  }
  throw new HullscanError('NOT_FOUND', `image not found (${tried.join('; ') || 'no source to try'})`, { subject: ref });
}
