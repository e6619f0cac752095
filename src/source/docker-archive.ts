// docker-archive (`docker save`): manifest.json lists each image's config and layer files. Three
// layouts occur (classic <id>/layer.tar, go-containerregistry sha256:<hex> + <hex>.tar.gz, Docker >= 25
// blobs/sha256/<hex>); all are found through manifest.json, never by guessing file names.
import { HullscanError } from '../errors.js';
import type { ArchiveFiles } from './archive-files.js';
import { sha256Digest, verifyBlob } from './digest.js';
import { makeImageSource, parseConfig, type LayerFile } from './image-source.js';
import { layerLabelAt } from '../inventory/layer-label.js';
import { listNames, selectByName, selectByPlatform } from './select.js';
import type { ImageConfig, ImageSource, OpenOptions, Platform } from './types.js';

interface ManifestEntry { Config: string; RepoTags: string[]; Layers: string[] }

export async function readManifestJson(files: ArchiveFiles): Promise<ManifestEntry[]> {
  const raw = await files.readAll('manifest.json');
  if (raw.length === 0 || raw.toString('utf8').trim() === '') {
    throw new HullscanError('INPUT', 'invalid docker-archive: manifest.json is empty', { subject: files.path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HullscanError('INPUT', 'invalid docker-archive: manifest.json is not valid JSON', { subject: files.path });
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new HullscanError('INPUT', 'invalid docker-archive: manifest.json lists no images', { subject: files.path });
  }
  return parsed.map((e, i) => {
    const ok = e && typeof e === 'object' && typeof e.Config === 'string' && Array.isArray(e.Layers)
      && e.Layers.every((l: unknown) => typeof l === 'string');
    if (!ok) throw new HullscanError('INPUT', `invalid docker-archive: manifest.json entry ${i} lacks Config or Layers`, { subject: files.path });
    const tags = Array.isArray(e.RepoTags) ? e.RepoTags.filter((t: unknown) => typeof t === 'string') : [];
    return { Config: e.Config, RepoTags: tags, Layers: e.Layers };
  });
}

/** The sha256 a blob's file name states, in the layouts that name blobs by digest. */
export function digestFromName(name: string): string | undefined {
  const m = /(?:^|\/)(?:sha256:|blobs\/sha256\/)?([0-9a-f]{64})(?:\.json|\.tar|\.tar\.gz|\.tar\.zst)?$/.exec(name);
  if (!m) return undefined;
  // '<v1-id>/layer.tar' and '<v1-id>/json' name directories, not blobs.
  return 'sha256:' + m[1];
}

interface Loaded { entry: ManifestEntry; config: ImageConfig; configDigest: string; names: string[]; platform: Platform }

export async function openDockerArchive(files: ArchiveFiles, reference: string, opts: OpenOptions): Promise<ImageSource[]> {
  const entries = await readManifestJson(files);
  const loaded: Loaded[] = [];
  for (const entry of entries) {
    const raw = await files.readAll(entry.Config).catch((e) => {
      if (e instanceof HullscanError && e.code === 'NOT_FOUND') {
        throw new HullscanError('NOT_FOUND', `config ${entry.Config} listed in manifest.json is missing from the archive`, { subject: files.path });
      }
      throw e;
    });
    const nameDigest = digestFromName(files.dataName(entry.Config));
    if (nameDigest) verifyBlob(raw, nameDigest, `config ${entry.Config}`, files.path);
    const config = parseConfig(raw, files.path, `config ${entry.Config}`);
    const configDigest = nameDigest ?? sha256Digest(raw);
    loaded.push({
      entry, config, configDigest, names: entry.RepoTags,
      platform: { os: config.os ?? 'unknown', architecture: config.architecture ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}) },
    });
  }

  let chosen = selectByName(loaded, opts.name, files.path);
  if (chosen.length > 1 && !opts.name && !opts.platform) {
    throw new HullscanError('USAGE', `the archive holds ${chosen.length} images; pick one with name:tag: ${listNames(chosen)}`, { subject: files.path });
  }
  // An explicit platform filters; with a single image and no platform given, scan what the user named.
  if (opts.platform || chosen.length > 1) chosen = selectByPlatform(chosen, opts.platform, files.path);

  const out: ImageSource[] = [];
  for (const img of chosen) {
    const layers: LayerFile[] = [];
    const diffIds = img.config.rootfs!.diff_ids;
    for (const [i, name] of img.entry.Layers.entries()) {
      const size = await files.size(name);
      if (size === undefined) {
        const layer = layerLabelAt(i, img.entry.Layers.length, diffIds[i] ?? name);
        throw new HullscanError('NOT_FOUND', `${layer}, listed in manifest.json as ${name}, is missing from the archive`, { subject: files.path });
      }
      layers.push({ name, digest: digestFromName(files.dataName(name)), size });
    }
    out.push(makeImageSource(files, {
      reference, names: img.names, config: img.config, configDigest: img.configDigest, layers, platform: img.platform,
    }));
  }
  return out;
}
