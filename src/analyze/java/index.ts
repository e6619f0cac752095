// Java analyzer: Maven coordinates of jar/war/ear/par/jpi/hpi archives and of the archives nested in them.
import type { Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { Analyzer, Facts } from '../types.js';
import { isJavaArchiveName, walkJavaArchive } from './archive.js';

/** Jars are read whole (the zip directory is at the end); fat jars beyond this are skipped with a warning. */
export const JAVA_ARCHIVE_MAX_BYTES = 256 * 1024 * 1024;

export const javaAnalyzer: Analyzer = {
  name: 'java',
  version: 1,
  // Symlinks and hard links to an archive are the same archive: only regular files count.
  wants: (path, info) => info.kind === 'file' && isJavaArchiveName(path) ? { maxBytes: JAVA_ARCHIVE_MAX_BYTES } : false,
  async analyze(files, ctx): Promise<Facts> {
    const packages: Package[] = [];
    for await (const f of files) {
      if (f.truncated) { ctx.warn(`${f.info.path}: larger than ${JAVA_ARCHIVE_MAX_BYTES} bytes; skipped`); continue; }
      for (const a of walkJavaArchive(f.content, f.info.path, (m) => ctx.warn(m))) {
        for (const id of a.identities) {
          const name = id.groupId ? `${id.groupId}:${id.artifactId}` : id.artifactId;
          packages.push({
            type: 'maven', name, version: id.version, purl: purlFor({ type: 'maven', name, version: id.version }),
            licenses: [], locations: [{ path: a.path, layer: f.info.layer }],
            metadata: { identifiedBy: id.identifiedBy, ...(id.groupId ? {} : { groupIdUnknown: true }), ...(a.path !== f.info.path ? { archive: f.info.path } : {}) },
          });
        }
      }
    }
    return { packages };
  },
};
