// Go module versions as golang.org/x/mod/semver (v-prefixed, shorthands v1 and v1.2, pseudo-versions,
// +incompatible as ignored build metadata), accepting the unprefixed form the Go vulndb (OSV) uses and
// Go toolchain versions (go1.21rc2 -> 1.21.0-rc.2), mapped as golang.org/x/vuln does.
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, ParseCache } from './util.js';

export interface GoSemver {
  major: string;
  minor: string;
  patch: string;
  /** Including the leading '-', or ''. */
  prerelease: string;
  build: string;
  /** The pre-release identifiers, split once at parse time. */
  pre: string[];
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentChar = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c === '-';
const isBadNum = (s: string) => s.length > 1 && s[0] === '0' && /^[0-9]+$/.test(s);

function parseInt_(v: string): [string, string] | null {
  let i = 0;
  while (i < v.length && isDigit(v[i]!)) i++;
  if (i === 0 || (v[0] === '0' && i !== 1)) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parseDotted(v: string, checkNum: boolean): [string, string] | null {
  // v starts with '-' or '+'.
  let i = 1;
  let start = 1;
  while (i < v.length && v[i] !== '+') {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== '.') return null;
    if (c === '.') {
      if (start === i || (checkNum && isBadNum(v.slice(start, i)))) return null;
      start = i + 1;
    }
    i++;
  }
  if (start === i || (checkNum && isBadNum(v.slice(start, i)))) return null;
  return [v.slice(0, i), v.slice(i)];
}

/** x/mod/semver's parse(); returns null where semver.IsValid is false. */
export function parseGoSemver(v: string): GoSemver | null {
  if (v === '' || v[0] !== 'v') return null;
  const p: GoSemver = { major: '', minor: '0', patch: '0', prerelease: '', build: '', pre: [] };
  let r = parseInt_(v.slice(1));
  if (!r) return null;
  [p.major, v] = r;
  if (v === '') return p;
  if (v[0] !== '.') return null;
  r = parseInt_(v.slice(1));
  if (!r) return null;
  [p.minor, v] = r;
  if (v === '') return p;
  if (v[0] !== '.') return null;
  r = parseInt_(v.slice(1));
  if (!r) return null;
  [p.patch, v] = r;
  if (v.length > 0 && v[0] === '-') {
    const q = parseDotted(v, true);
    if (!q) return null;
    [p.prerelease, v] = q;
    p.pre = p.prerelease.slice(1).split('.');
  }
  if (v.length > 0 && v[0] === '+') {
    // '+' may not appear again inside the build: parseDotted stops at '+', leaving a non-empty rest.
    const q = parseDotted(v, false);
    if (!q) return null;
    [p.build, v] = q;
  }
  return v === '' ? p : null;
}

const NUMERIC = /^[0-9]+$/;

/** x/mod/semver's comparePrerelease, on identifiers split at parse time. */
function comparePrerelease(x: string[], y: string[]): number {
  if (x.length === 0 || y.length === 0) return x.length === y.length ? 0 : x.length === 0 ? 1 : -1;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const dx = x[i]!;
    const dy = y[i]!;
    if (dx === dy) continue;
    const ix = NUMERIC.test(dx);
    const iy = NUMERIC.test(dy);
    if (ix !== iy) return ix ? -1 : 1;
    if (ix && dx.length !== dy.length) return dx.length < dy.length ? -1 : 1;
    return dx < dy ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

export function compareGoSemver(a: GoSemver, b: GoSemver): number {
  return compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) ||
    compareDigits(a.patch, b.patch) || comparePrerelease(a.pre, b.pre);
}

const TOOLCHAIN_RE = /^go(\d+\.\d+)(\.\d+|)((beta|rc|-pre)(\d+))?$/;

/**
 * Maps a Go toolchain/stdlib tag to the semver the Go vulndb uses (golang.org/x/vuln's GoTagToSemver):
 * go1.21rc2 -> v1.21.0-rc.2, go1.19.8 -> v1.19.8, go1.21 -> v1.21.0, go1 -> v1.0.0. Null if not a tag.
 */
export function goToolchainToSemver(tag: string): string | null {
  if (tag === 'go1') return 'v1.0.0';
  if (tag === 'go1.0') return null; // never a real tag (x/vuln agrees)
  const m = TOOLCHAIN_RE.exec(tag);
  if (!m) return null;
  let v = `v${m[1]}${m[2] ? m[2] : '.0'}`;
  if (m[3]) v += `${m[4]!.startsWith('-') ? '' : '-'}${m[4]}.${m[5]}`;
  return v;
}

export function parseGo(v: string): GoSemver {
  let s = v;
  if (s.startsWith('go')) {
    const t = goToolchainToSemver(s);
    if (t === null) throw new InvalidVersionError('golang', v, 'not a Go toolchain version');
    s = t;
  } else if (s !== '' && s[0] !== 'v') {
    s = `v${s}`; // OSV's Go ecosystem writes module versions without the 'v'
  }
  const p = parseGoSemver(s);
  if (!p) throw new InvalidVersionError('golang', v, 'not a Go module semver version');
  return p;
}

const cache = new ParseCache<GoSemver>();

export function compareGo(a: string, b: string): number {
  return compareGoSemver(cache.get(a, parseGo), cache.get(b, parseGo));
}

export const golang: VersionScheme = {
  ecosystem: 'golang',
  compare: compareGo,
  isValid(v) {
    try { cache.get(v, parseGo); return true; } catch { return false; }
  },
};
