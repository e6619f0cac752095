// What the SBOM writers share: deterministic identifiers, package order, the tool's name and version.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Inventory, Package } from '../model.js';

export const TOOL = 'hullscan';
export const TOOL_VERSION: string = (() => {
  for (const rel of ['../../../package.json', '../../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === TOOL && pkg.version) return pkg.version;
    } catch { /* try the next layout (sources vs dist/) */ }
  }
  return '0.0.0';
})();

export interface SbomOptions {
  /** ISO 8601 creation time; defaults to now. Inject it for reproducible documents. */
  timestamp?: string | Date;
  /** Override the tool version written into the document (tests). */
  toolVersion?: string;
}

/** Seconds-precision UTC timestamp (SPDX requires exactly YYYY-MM-DDThh:mm:ssZ). */
export function timestampOf(t: SbomOptions['timestamp']): string {
  const d = t === undefined ? new Date() : new Date(t);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid timestamp ${String(t)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An RFC 4122 version 5 UUID (SHA-1, URL namespace) of a name: the same image gives the same id. */
export function uuidV5(name: string): string {
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The identity of the scanned image: the manifest digest when known, else the config digest (image ID). */
export function imageIdentity(inv: Inventory): string {
  return inv.image.digest ?? inv.image.configDigest;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Packages in a stable order: purl, then where they were found. */
export function sortedPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort((a, b) => cmp(a.purl, b.purl) || cmp(a.locations[0]?.path ?? '', b.locations[0]?.path ?? '') || cmp(a.name, b.name) || cmp(a.version, b.version));
}

/** Unique, stable references: the purl, suffixed with #2, #3... when one purl occurs more than once. */
export function packageRefs(sorted: readonly Package[]): Map<Package, string> {
  const seen = new Map<string, number>();
  const refs = new Map<Package, string>();
  for (const p of sorted) {
    const n = (seen.get(p.purl) ?? 0) + 1;
    seen.set(p.purl, n);
    refs.set(p, n === 1 ? p.purl : `${p.purl}#${n}`);
  }
  return refs;
}

/** The name an image is known by: its first tag or ref name, else what the user typed. */
export function imageName(inv: Inventory): string {
  return inv.image.names[0] ?? inv.image.reference;
}

/** pkg:oci purl of the image (per the purl spec's oci type), when its digest is known. */
export function imagePurl(inv: Inventory): string | undefined {
  const digest = inv.image.digest;
  return digest ? ociPurl(imageName(inv), digest, inv.image.platform.split('/')[1]) : undefined;
}

/**
 * The image index every platform image of a multi-platform scan was chosen from, when they all name the same one:
 * its digest and its pkg:oci purl (the platform images' name, no arch: the index stands for every platform).
 */
export function sharedIndex(invs: readonly Inventory[]): { digest: string; purl: string } | undefined {
  const digest = invs[0]?.image.indexDigest;
  if (!digest || invs.some((inv) => inv.image.indexDigest !== digest)) return undefined;
  return { digest, purl: ociPurl(imageName(invs[0]!), digest) };
}

/** 'pkg:oci/debian@sha256%3A…?arch=amd64&repository_url=docker.io/library/debian&tag=12' from a name[:tag], a digest and an arch. */
function ociPurl(name: string, digest: string, arch?: string): string {
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const repo = colon > slash ? name.slice(0, colon) : name;
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const base = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase() || 'image';
  const q = new URLSearchParams();
  if (arch) q.set('arch', arch);
  if (repo.includes('/')) q.set('repository_url', repo);
  if (tag) q.set('tag', tag);
  q.sort();
  const qs = q.toString().replace(/%2F/g, '/');
  return `pkg:oci/${encodeURIComponent(base)}@${encodeURIComponent(digest)}${qs ? `?${qs}` : ''}`;
}
