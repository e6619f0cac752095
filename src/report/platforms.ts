// A scan of a multi-platform image (`--platform all`) gives one result per platform. The SBOM formats describe
// them in one document: the multi-platform image on top, each platform image under it. These helpers name the
// parts so that identifiers stay unique across platforms (the same package, OS or licence text can occur in each).
import type { ScanResult } from '../match/model.js';
import { imageName } from './targets.js';

/** One key per result: its platform ('linux/arm64/v8'), with '#2', '#3' when a platform occurs more than once. */
export function platformKeys(results: readonly ScanResult[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const platform = r.inventory.image.platform || 'unknown';
    const n = (seen.get(platform) ?? 0) + 1;
    seen.set(platform, n);
    return n === 1 ? platform : `${platform}#${n}`;
  });
}

/** The multi-platform image's name: the results' shared name or reference, else every name joined. */
export function multiPlatformName(results: readonly ScanResult[]): string {
  const names = [...new Set(results.map((r) => imageName(r.inventory)))];
  return names.length === 1 ? names[0]! : names.join(', ');
}

/** Each result's image name, with its platform added when another result has the same name ('app:1 (linux/arm64/v8)'). */
export function resultNames(results: readonly ScanResult[]): string[] {
  const keys = platformKeys(results);
  const names = results.map((r) => imageName(r.inventory));
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? `${n} (${keys[i]})` : n));
}

/** Short names that tell the results apart: their platform keys, with the image name when the names differ. */
export function resultLabels(results: readonly ScanResult[]): string[] {
  const keys = platformKeys(results);
  const sameName = new Set(results.map((r) => imageName(r.inventory))).size === 1;
  return results.map((r, i) => (sameName ? keys[i]! : `${imageName(r.inventory)} ${keys[i]}`));
}

/** What SPDX allows in an id (letters, digits, '.', '-'): 'linux/arm64/v8' → 'linux-arm64-v8'. */
export function idSafe(key: string): string {
  return key.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}
