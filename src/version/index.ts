// Version semantics per ecosystem: one comparator module each, behind compareVersions().
import { HullscanError } from '../errors.js';
import { InvalidRangeError, InvalidVersionError } from './errors.js';
import type { VersionEcosystem, VersionScheme } from './types.js';

import { apk } from './apk.js';
import { cargo, satisfiesCargo } from './cargo.js';
import { composer } from './composer.js';
import { deb } from './deb.js';
import { gem } from './gem.js';
import { satisfiesGem } from './gem-requirement.js';
import { golang } from './golang.js';
import { maven } from './maven.js';
import { npm } from './npm.js';
import { nuget } from './nuget.js';
import { satisfiesNpm } from './npm-range.js';
import { pypi } from './pypi.js';
import { rpm } from './rpm.js';

export type { VersionEcosystem, VersionScheme } from './types.js';
export { InvalidVersionError, InvalidRangeError } from './errors.js';
export { goToolchainToSemver } from './golang.js';

const SCHEMES: readonly VersionScheme[] = [deb, rpm, apk, pypi, npm, golang, maven, gem, nuget, composer, cargo];

const BY_ECOSYSTEM = new Map<string, VersionScheme>(SCHEMES.map((s) => [s.ecosystem, s]));

export const VERSION_ECOSYSTEMS: readonly VersionEcosystem[] = SCHEMES.map((s) => s.ecosystem);

export function versionScheme(ecosystem: VersionEcosystem): VersionScheme {
  const s = BY_ECOSYSTEM.get(ecosystem);
  if (!s) throw new HullscanError('VERSION', `no version comparator for ecosystem ${String(ecosystem)}`);
  return s;
}

/**
 * Longest version / range accepted. Real versions are far shorter (node-semver itself stops at 256);
 * the cap keeps hostile strings from an image from costing time. A deliberate divergence from the
 * references (dpkg, rpm, ... accept any length).
 */
export const MAX_VERSION_LENGTH = 1024;
export const MAX_RANGE_LENGTH = 4096;

function checkLength(ecosystem: VersionEcosystem, v: string): void {
  if (v.length > MAX_VERSION_LENGTH) throw new InvalidVersionError(ecosystem, v, `longer than ${MAX_VERSION_LENGTH} characters`);
}

/**
 * Orders two versions of one ecosystem like its reference implementation: negative if a < b,
 * 0 if equal, positive if a > b. Throws InvalidVersionError (HullscanError code 'VERSION')
 * for a version the reference rejects; never returns 0 for garbage.
 */
export function compareVersions(ecosystem: VersionEcosystem, a: string, b: string): number {
  const scheme = versionScheme(ecosystem);
  checkLength(ecosystem, a);
  checkLength(ecosystem, b);
  return scheme.compare(a, b);
}

/** Whether the ecosystem's reference accepts the version string. */
export function isValidVersion(ecosystem: VersionEcosystem, v: string): boolean {
  return v.length <= MAX_VERSION_LENGTH && versionScheme(ecosystem).isValid(v);
}

/** Ecosystems whose native range / requirement syntax satisfiesRange() understands. */
export type RangeEcosystem = 'npm' | 'gem' | 'cargo';

const RANGE_MATCHERS: Record<RangeEcosystem, (version: string, range: string) => boolean> = {
  npm: satisfiesNpm,
  gem: satisfiesGem,
  cargo: satisfiesCargo,
};

export const RANGE_ECOSYSTEMS = Object.keys(RANGE_MATCHERS) as RangeEcosystem[];

/**
 * Whether a version satisfies a range in the ecosystem's own syntax, with its reference semantics:
 * npm: node-semver ranges (x-ranges, ~, ^, hyphen, ||; pre-releases only when a comparator names one);
 * gem: Gem::Requirement ("~> 1.5.4", ">= 1.6.0", comma lists all of which must hold);
 * cargo: semver crate VersionReq (">= 1.2.3, < 2", "^0.9", "~1.2", "1.*"; pre-release opt-in).
 * Throws InvalidVersionError / InvalidRangeError (code 'VERSION') for what the reference rejects.
 */
export function satisfiesRange(ecosystem: RangeEcosystem, version: string, range: string): boolean {
  const m = RANGE_MATCHERS[ecosystem];
  if (!m) throw new HullscanError('VERSION', `no range syntax for ecosystem ${String(ecosystem)}`);
  checkLength(ecosystem, version);
  if (range.length > MAX_RANGE_LENGTH) throw new InvalidRangeError(ecosystem, range, `longer than ${MAX_RANGE_LENGTH} characters`);
  return m(version, range);
}
