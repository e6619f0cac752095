// One treatment for every ecosystem's licences, run once after the analyzers: each licence becomes its
// SPDX expression when it has an exact one, and the metadata's own words stay in `licenseRaw`.
import type { Package } from '../../inventory/model.js';
import { normalizeLicense } from './normalize.js';

/**
 * Normalises `licenses` in place and records the raw text of each entry in `licenseRaw` (same order).
 * Idempotent: an entry that already is an SPDX expression stays (canonical ids), with its raw text.
 * Entries that normalise to the same expression are kept once (with the first raw text).
 */
export function normalizePackageLicenses(packages: Package[]): void {
  for (const p of packages) {
    const raws = p.licenseRaw?.length === p.licenses.length ? p.licenseRaw : p.licenses;
    const licenses: string[] = [];
    const licenseRaw: string[] = [];
    const seen = new Set<string>();
    const debian = p.type === 'deb';
    for (const [i, given] of p.licenses.entries()) {
      // The analyzer's value first (it may have read more than the raw words: a free-form copyright
      // file's grant), then the raw words; a name without SPDX form stays as the analyzer gave it.
      const raw = raws[i]!.trim();
      const value = normalizeLicense(given, { debian }).expression ?? normalizeLicense(raw, { debian }).expression ?? given.trim();
      if (!value) continue;
      if (seen.has(value)) continue;
      seen.add(value);
      licenses.push(value);
      licenseRaw.push(raw || value);
    }
    p.licenses = licenses;
    if (licenseRaw.length) p.licenseRaw = licenseRaw;
    else delete p.licenseRaw;
  }
}
