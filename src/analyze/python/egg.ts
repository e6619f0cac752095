// A `.egg` is a zip archive; its metadata sits in EGG-INFO/PKG-INFO.
import { unzipSync } from 'fflate';

const PKG_INFO_CAP = 1 << 20;

/** The PKG-INFO text of an egg, or undefined when it has none. Throws on a corrupt archive. */
export function eggPkgInfo(archive: Uint8Array): string | undefined {
  // The filter keeps every other member (and any oversized PKG-INFO, a zip bomb) compressed and untouched.
  const files = unzipSync(archive, { filter: (f) => f.name === 'EGG-INFO/PKG-INFO' && f.originalSize <= PKG_INFO_CAP });
  const data = files['EGG-INFO/PKG-INFO'];
  return data ? Buffer.from(data).toString('utf8') : undefined;
}
