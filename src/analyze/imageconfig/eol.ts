// End-of-life OS releases, from the table in eol.json (data, not code: a new release is one line there).
import type { OSInfo } from '../../inventory/model.js';
import table from './eol.json' with { type: 'json' };

interface Release { version: string; codename?: string; eol: string; security?: string }
interface Family { decides: string; note?: string; sources: string[]; match: 'major' | 'major.minor' | 'exact'; releases: Release[] }

const FAMILIES = (table as unknown as { families: Record<string, Family> }).families;

export interface EolRelease {
  family: string;
  version: string;
  codename?: string;
  /** The date that decides (YYYY-MM-DD): end-of-life from the day after. */
  eol: string;
  /** What that date is (e.g. end of Debian LTS). */
  decides: string;
  /** Debian: the earlier end of regular security support. */
  security?: string;
}

/** The table's entry for this OS release, or undefined when the family or release is not in the table. */
export function eolRelease(os: OSInfo): EolRelease | undefined {
  const family = FAMILIES[os.family];
  if (!family) return undefined;
  let release: Release | undefined;
  if (os.version) {
    const parts = os.version.trim().split('.');
    const key = family.match === 'major' ? parts[0] : family.match === 'major.minor' ? parts.slice(0, 2).join('.') : os.version.trim();
    release = family.releases.find((r) => r.version === key)
      // amzn: "2.0" style versions fall back to the major
      ?? (family.match === 'exact' ? family.releases.find((r) => r.version === parts[0]) : undefined);
  } else if (os.codename) {
    release = family.releases.find((r) => r.codename === os.codename!.toLowerCase());
  }
  if (!release) return undefined;
  return { family: os.family, version: release.version, ...(release.codename ? { codename: release.codename } : {}), eol: release.eol, decides: family.decides,
    ...(release.security ? { security: release.security } : {}) };
}

/** True once `now` is past the end-of-life day (the eol date itself is still supported). */
export function isPastEol(release: EolRelease, now: Date): boolean {
  const end = Date.parse(release.eol + 'T23:59:59.999Z');
  return now.getTime() > end;
}
