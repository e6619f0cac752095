// npm versions: SemVer 2.0.0 as node-semver parses and orders them (strict mode, build ignored).
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, ParseCache } from './util.js';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Numeric identifiers below MAX_SAFE_INTEGER are numbers, the rest strings (as node-semver). */
  prerelease: (string | number)[];
  build: string[];
}

const MAX_LENGTH = 256;
// node-semver's FULL regex: optional 'v', no leading zeros, dot-separated pre-release and build.
const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][a-zA-Z0-9-]*)`;
export const SEMVER_PLAIN = `v?(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?`;
const FULL_RE = new RegExp(`^${SEMVER_PLAIN}$`);

export function prereleaseIds(pre: string | undefined): (string | number)[] {
  if (!pre) return [];
  return pre.split('.').map((id) => {
    if (/^[0-9]+$/.test(id)) {
      const n = +id;
      if (n >= 0 && n < Number.MAX_SAFE_INTEGER) return n;
    }
    return id;
  });
}

function toInt(v: string, part: string, s: string): number {
  const n = +s;
  if (n > Number.MAX_SAFE_INTEGER || n < 0) throw new InvalidVersionError('npm', v, `${part} version is too large`);
  return n;
}

export function parseSemVer(v: string): SemVer {
  if (v.length > MAX_LENGTH) throw new InvalidVersionError('npm', v, `longer than ${MAX_LENGTH} characters`);
  const m = FULL_RE.exec(v.trim());
  if (!m) throw new InvalidVersionError('npm', v, 'not a semver version');
  return {
    major: toInt(v, 'major', m[1]!),
    minor: toInt(v, 'minor', m[2]!),
    patch: toInt(v, 'patch', m[3]!),
    prerelease: prereleaseIds(m[4]),
    build: m[5] ? m[5].split('.') : [],
  };
}

const NUMERIC = /^[0-9]+$/;

/**
 * node-semver's compareIdentifiers: numeric identifiers below alphanumeric ones; numeric by value
 * (as doubles, like node-semver, for the rare ones past MAX_SAFE_INTEGER); others by code unit.
 */
export function compareIdentifiers(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  const an = typeof a === 'number' || NUMERIC.test(a);
  const bn = typeof b === 'number' || NUMERIC.test(b);
  if (an && bn) { a = +a; b = +b; }
  if (a === b) return 0;
  if (an && !bn) return -1;
  if (bn && !an) return 1;
  return a < b ? -1 : 1;
}

export function comparePrerelease(a: (string | number)[], b: (string | number)[]): number {
  if (a.length && !b.length) return -1;
  if (!a.length && b.length) return 1;
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined && y === undefined) return 0;
    if (y === undefined) return 1;
    if (x === undefined) return -1;
    const c = compareIdentifiers(x, y);
    if (c !== 0) return c;
  }
}

export function compareSemVer(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

const cache = new ParseCache<SemVer>();

export function parseNpmCached(v: string): SemVer {
  return cache.get(v, parseSemVer);
}

export function compareNpm(a: string, b: string): number {
  return compareSemVer(cache.get(a, parseSemVer), cache.get(b, parseSemVer));
}

export const npm: VersionScheme = {
  ecosystem: 'npm',
  compare: compareNpm,
  isValid(v) {
    try { cache.get(v, parseSemVer); return true; } catch { return false; }
  },
};

