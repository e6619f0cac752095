// OCI image layout (directory or tar): index.json -> manifests or nested indexes -> config + layers,
// every blob addressed and verified by its digest.
import { HullscanError } from '../errors.js';
import type { ArchiveFiles } from './archive-files.js';
import { isSha256Digest, verifyBlob } from './digest.js';
import { makeImageSource, parseConfig } from './image-source.js';
import { layerLabelAt } from '../inventory/layer-label.js';
import { readManifestJson } from './docker-archive.js';
import { listNames, selectByName, selectByPlatform } from './select.js';
import type { ImageConfig, ImageSource, OpenOptions, Platform } from './types.js';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const MANIFEST_TYPES = new Set(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']);
const MAX_INDEX_DEPTH = 4;
const REF_NAME = 'org.opencontainers.image.ref.name';
const IMAGE_NAME = 'io.containerd.image.name';

interface Descriptor { mediaType?: string; digest: string; size?: number; platform?: Platform; annotations?: Record<string, string> }
/** A platform manifest, and the outermost image index that led to it (what a tag names; index.json itself has no digest). */
interface FoundManifest { digest: string; size?: number; names: string[]; platform?: Platform; indexDigest?: string }
interface Loaded { names: string[]; platform: Platform; manifestDigest: string; indexDigest?: string; config: ImageConfig; configDigest: string; layers: Descriptor[] }

export function blobName(digest: string): string {
  return 'blobs/' + digest.replace(':', '/');
}

function asDescriptor(d: unknown, where: string, subject: string): Descriptor {
  const o = d as Descriptor;
  if (!o || typeof o !== 'object' || !isSha256Digest(o.digest)) {
    throw new HullscanError('INPUT', `invalid OCI layout: ${where} has a descriptor without a valid sha256 digest`, { subject });
  }
  return o;
}

async function readJsonBlob(files: ArchiveFiles, digest: string, what: string): Promise<Record<string, unknown>> {
  const name = blobName(digest);
  const size = await files.size(name);
  if (size === undefined) throw new HullscanError('NOT_FOUND', `${what} blob ${digest} is missing from the layout`, { subject: files.path });
  const raw = await files.readAll(name);
  verifyBlob(raw, digest, `${what} ${digest}`, files.path);
  try {
    const v = JSON.parse(raw.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch { /* reported below */ }
  throw new HullscanError('INPUT', `${what} ${digest} is not a JSON object`, { subject: files.path });
}

function refNames(d: Descriptor): string[] {
  const a = d.annotations ?? {};
  return [a[IMAGE_NAME], a[REF_NAME]].filter((x): x is string => typeof x === 'string' && x !== '');
}

/** Docker/BuildKit attestation manifests sit in indexes as platform unknown/unknown. */
function isAttestation(d: Descriptor): boolean {
  return d.platform?.os === 'unknown' || d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
}

async function collectManifests(files: ArchiveFiles, list: unknown, names: string[], depth: number, out: FoundManifest[], where: string, indexDigest?: string): Promise<void> {
  if (!Array.isArray(list)) throw new HullscanError('INPUT', `invalid OCI layout: ${where} has no manifests array`, { subject: files.path });
  if (depth > MAX_INDEX_DEPTH) throw new HullscanError('LIMIT', `image indexes nested deeper than ${MAX_INDEX_DEPTH}`, { subject: files.path });
  for (const raw of list) {
    const d = asDescriptor(raw, where, files.path);
    if (isAttestation(d)) continue;
    const ownNames = [...names, ...refNames(d)];
    if (d.mediaType && INDEX_TYPES.has(d.mediaType)) {
      const idx = await readJsonBlob(files, d.digest, 'image index');
      await collectManifests(files, idx.manifests, ownNames, depth + 1, out, `image index ${d.digest}`, indexDigest ?? d.digest);
    } else if (!d.mediaType && Array.isArray((await readJsonBlob(files, d.digest, 'manifest')).manifests)) {
      // no mediaType on the descriptor: the blob itself says whether it is an index
      const idx = await readJsonBlob(files, d.digest, 'image index');
      await collectManifests(files, idx.manifests, ownNames, depth + 1, out, `image index ${d.digest}`, indexDigest ?? d.digest);
    } else if (!d.mediaType || MANIFEST_TYPES.has(d.mediaType)) {
      const prev = out.find((m) => m.digest === d.digest);
      if (prev) prev.names.push(...ownNames.filter((n) => !prev.names.includes(n)));
      else out.push({ digest: d.digest, size: d.size, names: ownNames, platform: d.platform, ...(indexDigest ? { indexDigest } : {}) });
    }
    // other media types (artifacts, signatures) are not images
  }
}

export async function openOciLayout(files: ArchiveFiles, reference: string, opts: OpenOptions): Promise<ImageSource[]> {
  const raw = await files.readAll('index.json');
  let index: { manifests?: unknown };
  try {
    index = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HullscanError('INPUT', 'invalid OCI layout: index.json is not valid JSON', { subject: files.path });
  }
  const found: FoundManifest[] = [];
  await collectManifests(files, index?.manifests, [], 0, found, 'index.json');
  if (found.length === 0) throw new HullscanError('INPUT', 'invalid OCI layout: index.json lists no image manifests', { subject: files.path });

  // Docker >= 25 archives are OCI layouts too; their manifest.json carries the RepoTags.
  const repoTags = await dockerRepoTags(files);

  const loaded: Loaded[] = [];
  for (const m of found) {
    const manifest = await readJsonBlob(files, m.digest, 'manifest');
    const cfgDesc = asDescriptor(manifest.config, `manifest ${m.digest}`, files.path);
    if (!Array.isArray(manifest.layers)) throw new HullscanError('INPUT', `manifest ${m.digest} has no layers array`, { subject: files.path });
    const layers = manifest.layers.map((l: unknown) => asDescriptor(l, `manifest ${m.digest}`, files.path));
    const cfgName = blobName(cfgDesc.digest);
    if ((await files.size(cfgName)) === undefined) throw new HullscanError('NOT_FOUND', `config blob ${cfgDesc.digest} is missing from the layout`, { subject: files.path });
    const cfgRaw = await files.readAll(cfgName);
    verifyBlob(cfgRaw, cfgDesc.digest, `config ${cfgDesc.digest}`, files.path);
    const config = parseConfig(cfgRaw, files.path, `config ${cfgDesc.digest}`);
    const platform = m.platform && m.platform.os ? m.platform : {
      os: config.os ?? 'unknown', architecture: config.architecture ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}),
    };
    const names = [...new Set([...(repoTags.get(cfgDesc.digest) ?? []), ...m.names])];
    loaded.push({ names, platform, manifestDigest: m.digest, indexDigest: m.indexDigest, config, configDigest: cfgDesc.digest, layers });
  }

  let chosen = selectByName(loaded, opts.name, files.path);
  chosen = selectByPlatform(chosen, opts.platform, files.path);
  if (opts.platform !== 'all' && new Set(chosen.map((c) => c.manifestDigest)).size > 1) {
    throw new HullscanError('USAGE', `the layout holds ${chosen.length} images for that platform; pick one with name:tag: ${listNames(chosen)}`, { subject: files.path });
  }

  const out: ImageSource[] = [];
  for (const img of chosen) {
    const layers = [];
    const diffIds = img.config.rootfs!.diff_ids;
    for (const [i, l] of img.layers.entries()) {
      const size = await files.size(blobName(l.digest));
      const layer = () => layerLabelAt(i, img.layers.length, diffIds[i] ?? l.digest);
      if (size === undefined) throw new HullscanError('NOT_FOUND', `${layer()}: blob ${l.digest} is missing from the layout`, { subject: files.path });
      if (l.size !== undefined && l.size !== size) {
        throw new HullscanError('DIGEST', `digest mismatch: ${layer()}: blob ${l.digest} is ${size} bytes, the manifest says ${l.size}`, { subject: files.path });
      }
      layers.push({ name: blobName(l.digest), digest: l.digest, mediaType: l.mediaType, size });
    }
    out.push(makeImageSource(files, {
      reference, names: img.names, digest: img.manifestDigest, indexDigest: img.indexDigest, config: img.config, configDigest: img.configDigest, layers, platform: img.platform,
    }));
  }
  return out;
}

async function dockerRepoTags(files: ArchiveFiles): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if ((await files.size('manifest.json')) === undefined) return out;
  try {
    for (const e of await readManifestJson(files)) {
      const m = /([0-9a-f]{64})(?:\.json)?$/.exec(e.Config);
      if (m) out.set('sha256:' + m[1], e.RepoTags);
    }
  } catch {
    // index.json is authoritative here; a broken manifest.json only costs the tags
  }
  return out;
}
