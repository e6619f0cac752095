// Version semantics per ecosystem: one comparator module each, behind compareVersions().
import { InvalidVersionError } from './errors.js';
import type { VersionEcosystem, VersionScheme } from './types.js';

import { apk } from './apk.js';
import { composer } from './composer.js';
import { deb } from './deb.js';
import { gem } from './gem.js';
import { golang } from './golang.js';
import { maven } from './maven.js';
import { npm } from './npm.js';
import { pypi } from './pypi.js';
import { rpm } from './rpm.js';

export type { VersionEcosystem, VersionScheme } from './types.js';
export { InvalidVersionError, InvalidRangeError } from './errors.js';
export { goToolchainToSemver } from './golang.js';

const SCHEMES: readonly VersionScheme[] = [deb, rpm, apk, pypi, npm, golang, maven, gem, composer];

const BY_ECOSYSTEM = new Map<string, VersionScheme>(SCHEMES.map((s) => [s.ecosystem, s]));

export const VERSION_ECOSYSTEMS: readonly VersionEcosystem[] = SCHEMES.map((s) => s.ecosystem);

export function versionScheme(ecosystem: VersionEcosystem): VersionScheme {
  const s = BY_ECOSYSTEM.get(ecosystem);
  if (!s) throw new InvalidVersionError(ecosystem, '', `no comparator for ecosystem ${ecosystem}`);
  return s;
}

/**
 * Orders two versions of one ecosystem like its reference implementation: negative if a < b,
 * 0 if equal, positive if a > b. Throws InvalidVersionError (HullscanError code 'VERSION')
 * for a version the reference rejects; never returns 0 for garbage.
 */
export function compareVersions(ecosystem: VersionEcosystem, a: string, b: string): number {
  return versionScheme(ecosystem).compare(a, b);
}

/** Whether the ecosystem's reference accepts the version string. */
export function isValidVersion(ecosystem: VersionEcosystem, v: string): boolean {
  return versionScheme(ecosystem).isValid(v);
}

export function satisfiesRange(ecosystem: 'npm', version: string, range: string): boolean {
  throw new Error(`satisfiesRange(${ecosystem}) not implemented yet (${version}, ${range})`);
}
