// Shared by the SBOM-style writers: stable identifiers and license expressions.
import { createHash } from 'node:crypto';
import parseSpdx from 'spdx-expression-parse';
import type { Package } from '../inventory/model.js';

/** A deterministic UUID (v5-shaped) from text, so re-running a scan gives the same document ids. */
export function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The package's licenses as one valid SPDX expression, or undefined when any is not SPDX. */
export function spdxExpression(pkg: Package): string | undefined {
  if (!pkg.licenses.length) return undefined;
  const expr = pkg.licenses.length === 1 ? pkg.licenses[0]! : pkg.licenses.map((l) => `(${l})`).join(' AND ');
  try {
    parseSpdx(expr);
    return expr;
  } catch {
    return undefined;
  }
}

/** Unique, stable per-package keys: the purl, plus the location when one purl occurs at several paths. */
export function packageKeys(packages: readonly Package[]): Map<Package, string> {
  const count = new Map<string, number>();
  for (const p of packages) count.set(p.purl, (count.get(p.purl) ?? 0) + 1);
  const keys = new Map<Package, string>();
  const used = new Set<string>();
  for (const p of packages) {
    let key = count.get(p.purl)! > 1 ? `${p.purl}|${p.locations[0]?.path ?? ''}` : p.purl;
    for (let i = 2; used.has(key); i++) key = `${p.purl}|${p.locations[0]?.path ?? ''}|${i}`;
    used.add(key);
    keys.set(p, key);
  }
  return keys;
}
