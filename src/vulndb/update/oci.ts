// The DB as an OCI artifact: a manifest whose config blob is the metadata JSON and whose layers are the
// published files (the compressed DB first, then deltas), each titled with its published name. A layer's digest is
// `sha256:` + the sha256 the metadata names, so the metadata alone says which blob to fetch. An interrupted blob
// download is resumed from its `.partial` file with a ranged blob GET (resume.ts).
import { HullscanError } from '../../errors.js';
import { RegistryClient, type RegistryClientOptions } from '../../source/registry/client.js';
import { parseReference } from '../../source/registry/reference.js';
import type { ProgressFn } from './download.js';
import { MAX_METADATA_BYTES, type PublishedFile } from './layout.js';
import { resumePartial } from './resume.js';
import type { DbSource } from './update.js';

export const ARTIFACT_TYPE = 'application/vnd.hullscan.db.v1';
export const METADATA_MEDIA_TYPE = 'application/vnd.hullscan.db.metadata.v1+json';
export const LAYER_MEDIA_TYPE = { br: 'application/vnd.hullscan.db.layer.v1+br', gzip: 'application/vnd.hullscan.db.layer.v1+gzip' } as const;
export const DELTA_MEDIA_TYPE = { br: 'application/vnd.hullscan.db.delta.v1+br', gzip: 'application/vnd.hullscan.db.delta.v1+gzip' } as const;

interface Descriptor { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }
interface ArtifactManifest { schemaVersion: number; mediaType?: string; artifactType?: string; config: Descriptor; layers: Descriptor[] }

export function ociSource(repository: string, registry: RegistryClientOptions = {}): DbSource {
  const ref = parseReference(repository);
  const client = new RegistryClient(registry);
  const name = `oci://${repository}`;
  return {
    name,
    async metadata() {
      const m = await client.getManifest(ref);
      let manifest: ArtifactManifest;
      try { manifest = JSON.parse(m.body.toString('utf8')) as ArtifactManifest; } catch { throw new HullscanError('INPUT', 'manifest is not JSON', { subject: name }); }
      if (manifest?.config?.mediaType !== METADATA_MEDIA_TYPE || typeof manifest.config.digest !== 'string') {
        throw new HullscanError('INPUT', `not a hullscan DB artifact (config media type ${JSON.stringify(manifest?.config?.mediaType)})`, { subject: name });
      }
      return client.getSmallBlob(ref, manifest.config.digest, MAX_METADATA_BYTES);
    },
    async fetch(file: PublishedFile, partial: string, onProgress?: ProgressFn) {
      // Resumable like the HTTP path: Range continues the partial, digest checked over the whole file at the end.
      const digest = `sha256:${file.sha256}`;
      await resumePartial(partial, file, (from) => client.getBlobFrom(ref, digest, from), `${name}@${digest}`, onProgress, file.name);
    },
  };
}

/** The manifest for a published folder's metadata (as bytes) and files. */
export function artifactManifest(metadata: Buffer, metaDigest: string, files: { file: PublishedFile; delta: boolean }[]): ArtifactManifest {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: ARTIFACT_TYPE,
    config: { mediaType: METADATA_MEDIA_TYPE, digest: metaDigest, size: metadata.length },
    layers: files.map(({ file, delta }) => ({
      mediaType: (delta ? DELTA_MEDIA_TYPE : LAYER_MEDIA_TYPE)[file.compression],
      digest: `sha256:${file.sha256}`, size: file.size,
      annotations: { 'org.opencontainers.image.title': file.name },
    })),
  };
}
