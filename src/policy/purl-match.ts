// Matching a VEX product purl against a package purl: qualifiers and subpath are ignored (a VEX author
// rarely knows arch= or distro=), a product purl without a version covers every version.
import { PackageURL } from 'packageurl-js';

interface PurlKey { type: string; namespace: string; name: string; version?: string }

function normaliseName(type: string, name: string): string {
  // Types whose names are case-insensitive (purl spec); PyPI also treats '_' and '.' as '-'.
  if (type === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (['npm', 'deb', 'apk', 'rpm', 'golang', 'nuget', 'composer', 'github'].includes(type)) return type === 'rpm' || type === 'golang' ? name : name.toLowerCase();
  return name;
}

/** Parses a purl into the parts that identify a package; undefined when it is not a purl. */
export function purlKey(purl: string): PurlKey | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  try {
    const p = PackageURL.fromString(purl);
    const type = p.type.toLowerCase();
    return {
      type,
      namespace: type === 'golang' ? (p.namespace ?? '') : (p.namespace ?? '').toLowerCase(),
      name: normaliseName(type, p.name),
      version: p.version ?? undefined,
    };
  } catch {
    return undefined;
  }
}

/** True when `product` (from a VEX document) names `pkg`, ignoring qualifiers; a versionless product matches any version. */
export function purlMatches(product: string, pkg: string): boolean {
  const a = purlKey(product), b = purlKey(pkg);
  if (!a || !b) return false;
  if (a.type !== b.type || a.namespace !== b.namespace || a.name !== b.name) return false;
  return a.version === undefined || a.version === b.version;
}
