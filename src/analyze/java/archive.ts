// Walks one Java archive and the archives nested in it (WEB-INF/lib, BOOT-INF/lib, lib/ ...) at any depth,
// within limits that stop zip bombs: nesting depth, entry count, bytes inflated, compression ratio.
import { isHullscanError } from '../../errors.js';
import { identityFromFileName, identityFromManifest, licensesFromManifest, type JavaIdentity } from './identity.js';
import { parseManifest, parseProperties, type Manifest } from './manifest.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip.js';

export const JAVA_ARCHIVE_SUFFIXES = ['.jar', '.war', '.ear', '.par', '.jpi', '.hpi'];

export interface ArchiveLimits {
  maxDepth: number;          // nested archives below the file itself
  maxEntries: number;        // per archive
  maxTotalBytes: number;     // inflated across the whole file tree
  maxRatio: number;          // per entry
  maxMetadataBytes: number;  // one MANIFEST.MF or pom.properties
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDepth: 8,
  maxEntries: 200_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  maxMetadataBytes: 1024 * 1024,
};

export interface FoundArchive {
  /** `/opt/app.war` or `/opt/app.war!WEB-INF/lib/x.jar`. */
  path: string;
  identities: JavaIdentity[];
  /** From the manifest's Bundle-License; they describe the archive's own artifact. */
  licenses: string[];
}

const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;

export function isJavaArchiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return JAVA_ARCHIVE_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Identify the archive and everything nested in it. Problems are passed to `warn` and skip only their part. */
export function walkJavaArchive(content: Buffer, path: string, warn: (m: string) => void, limits = DEFAULT_ARCHIVE_LIMITS): FoundArchive[] {
  const budget = { left: limits.maxTotalBytes };
  const found: FoundArchive[] = [];
  visit(content, path, 0);
  return found;

  function read(buf: Buffer, e: ZipEntry, subject: string, cap: number): Buffer {
    const out = readZipEntry(buf, e, subject, { maxBytes: Math.min(cap, budget.left), maxRatio: limits.maxRatio });
    if (e.method !== 0) budget.left -= out.length;
    return out;
  }

  function visit(buf: Buffer, where: string, depth: number): void {
    let entries: ZipEntry[];
    try {
      entries = readZipDirectory(buf, where, limits.maxEntries);
    } catch (e) {
      if (!isHullscanError(e)) throw e;
      warn(`${e.message}; skipped`);
      return;
    }
    const identities: JavaIdentity[] = [];
    for (const e of entries.filter((x) => POM_PROPERTIES.test(x.name))) {
      try {
        const props = parseProperties(read(buf, e, where, limits.maxMetadataBytes).toString('utf8'));
        const [g, a, v] = [props.get('groupId'), props.get('artifactId'), props.get('version')];
        if (g && a && v) identities.push({ groupId: g, artifactId: a, version: v, identifiedBy: 'pom.properties' });
      } catch (err) {
        if (!isHullscanError(err)) throw err;
        warn(`${err.message}; skipped`);
      }
    }
    const mf = entries.find((x) => x.name === 'META-INF/MANIFEST.MF');
    let manifest: Manifest | undefined;
    if (mf) {
      try {
        manifest = parseManifest(read(buf, mf, where, limits.maxMetadataBytes).toString('utf8'));
      } catch (err) {
        if (!isHullscanError(err)) throw err;
        warn(`${err.message}; skipped`);
      }
    }
    if (identities.length === 0) {
      const id = (manifest && identityFromManifest(manifest, where)) ?? identityFromFileName(where);
      if (id) identities.push(id);
    }
    found.push({ path: where, identities, licenses: manifest ? licensesFromManifest(manifest) : [] });

    for (const e of entries) {
      if (!isJavaArchiveName(e.name) || e.name.endsWith('/')) continue;
      const inner = `${where}!${e.name}`;
      if (depth + 1 > limits.maxDepth) { warn(`${inner}: nested deeper than ${limits.maxDepth} archives; skipped`); continue; }
      let nested: Buffer;
      try {
        nested = read(buf, e, where, budget.left);
      } catch (err) {
        if (!isHullscanError(err)) throw err;
        warn(`${err.message}; skipped`);
        continue;
      }
      visit(nested, inner, depth + 1);
    }
  }
}
