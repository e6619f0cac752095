// Java analyzer: Maven coordinates of jar/war/ear/par/jpi/hpi archives and of the archives nested in them.
import type { Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { Analyzer, Facts } from '../types.js';
import { isJavaArchiveName } from './archive.js';
import { JavaArchiveScanner, readJavaArchiveScan, JAVA_ARCHIVE_MAX_BYTES } from './scanner.js';

export { JAVA_ARCHIVE_MAX_BYTES };

export const javaAnalyzer: Analyzer = {
  name: 'java',
  version: 2,
  // Symlinks and hard links to an archive are the same archive: only regular files count.
  wants: (path, info) => info.kind === 'file' && isJavaArchiveName(path) ? { scan: () => new JavaArchiveScanner(path, info.size) } : false,
  async analyze(files, ctx): Promise<Facts> {
    const packages: Package[] = [];
    for await (const f of files) {
      if (f.truncated) { ctx.warn(`${f.info.path}: larger than the per-file cap; skipped`); continue; }
      const scan = readJavaArchiveScan(f.content, f.info.path);
      for (const w of scan.warnings) ctx.warn(w);
      for (const a of scan.archives) {
        for (const id of a.identities) {
          const name = id.groupId ? `${id.groupId}:${id.artifactId}` : id.artifactId;
          packages.push({
            type: 'maven', name, version: id.version, purl: purlFor({ type: 'maven', name, version: id.version }),
            // A shaded jar's manifest licence is its own artifact's, not its passengers'.
            licenses: a.identities.length === 1 ? a.licenses ?? [] : [], locations: [{ path: a.path, layer: f.info.layer }],
            metadata: { identifiedBy: id.identifiedBy, ...(id.groupId ? {} : { groupIdUnknown: true }), ...(a.path !== f.info.path ? { archive: f.info.path } : {}) },
          });
        }
      }
    }
    return { packages };
  },
};
