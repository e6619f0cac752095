// Opening an image from a local archive or OCI layout directory, detected from the content.
import { stat } from 'node:fs/promises';
import { HullscanError } from '../errors.js';
import { openArchiveFiles } from './archive-files.js';
import { openDockerArchive } from './docker-archive.js';
import { openOciLayout } from './oci-layout.js';
import type { ImageSource, OpenOptions } from './types.js';

export { hostPlatform, parsePlatform, formatPlatform } from './platform.js';
export { imageMeta } from './meta.js';

/**
 * Open `path` (docker-archive tar, OCI layout tar, or OCI layout directory). `path:name:tag`
 * picks an image by name, like `opts.name`. Returns one ImageSource per selected platform.
 */
export async function openImage(path: string, opts: OpenOptions = {}): Promise<ImageSource[]> {
  const { file, name } = await splitReference(path);
  const effective: OpenOptions = { ...opts, name: opts.name ?? name };
  const files = await openArchiveFiles(file);
  const hasIndex = (await files.size('index.json')) !== undefined;
  const hasManifest = (await files.size('manifest.json')) !== undefined;
  if (hasIndex) return openOciLayout(files, path, effective);
  if (hasManifest) return openDockerArchive(files, path, effective);
  throw new HullscanError('INPUT', files.kind === 'dir'
    ? 'not an OCI layout: no index.json'
    : 'unknown format: neither a docker-archive (manifest.json) nor an OCI layout (index.json)', { subject: file });
}

/** 'x.tar:repo/name:tag' -> file 'x.tar', name 'repo/name:tag', when 'x.tar' exists and the whole string does not. */
async function splitReference(ref: string): Promise<{ file: string; name?: string }> {
  if (await exists(ref)) return { file: ref };
  for (let i = ref.indexOf(':'); i > 0; i = ref.indexOf(':', i + 1)) {
    const file = ref.slice(0, i);
    if (await exists(file)) return { file, name: ref.slice(i + 1) || undefined };
  }
  return { file: ref };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
