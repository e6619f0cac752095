// Helpers for source/image tests: a recording analyzer and archive builders on top of fixture-tar.
import type { Analyzer, Want } from '../analyze/types.js';
import type { FileEntry, FileInfo } from '../image/types.js';

export interface Recorded { files: FileEntry[]; read: Record<string, string | undefined> }

/** An analyzer that keeps every FileEntry it is given, and reads `readPaths` through ctx.readFile. */
export function recorder(name: string, wants: (path: string, info: FileInfo) => boolean | Want,
  opts: { wantsDeleted?: boolean; readPaths?: string[] } = {}): Analyzer & { seen: Recorded } {
  const seen: Recorded = { files: [], read: {} };
  return {
    name, version: 1, wantsDeleted: opts.wantsDeleted, seen, wants,
    async analyze(files, ctx) {
      for await (const f of files) seen.files.push(f);
      for (const p of opts.readPaths ?? []) seen.read[p] = ctx.readFile(p)?.toString('utf8');
      return {};
    },
  };
}

export const CORPUS = process.env.HULLSCAN_CORPUS ?? '/work/shared/corpus';
/**
 * The digest of the image index that multiarch-index.oci.tar's index.json points to (ref 'latest'), as
 * `skopeo inspect --raw oci-archive:multiarch-index.oci.tar | sha256sum` gives it.
 */
export const MULTIARCH_INDEX = 'sha256:429241e0395cec113e1b223d5b7ac66c26d8cbbeb61c1a51d97cddeaaf7b473e';
export const EXTRA = process.env.HULLSCAN_EXTRA_CORPUS ?? '/tmp/hullscan-corpus/out';
