// Debian version ordering, as dpkg's verrevcmp (lib/dpkg/version.c): [epoch:]upstream[-revision].
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, isDigitCode, isAlphaCode, ParseCache } from './util.js';

interface DebVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

const INT_MAX = '2147483647';

function fail(v: string, problem: string): never {
  throw new InvalidVersionError('deb', v, problem);
}

/**
 * Parses like dpkg's parseversion(). Only dpkg's hard errors are rejected; what dpkg merely
 * warns about (upstream not starting with a digit, odd characters) is compared as dpkg does.
 */
export function parseDeb(v: string): DebVersion {
  const s = v.replace(/^[ \t\n\r\f\v]+/, '').replace(/[ \t\n\r\f\v]+$/, '');
  if (s === '') fail(v, 'version string is empty');
  if (/[ \t\n\r\f\v]/.test(s)) fail(v, 'version string has embedded spaces');
  let rest = s;
  let epoch = '0';
  const colon = s.indexOf(':');
  if (colon >= 0) {
    epoch = s.slice(0, colon);
    if (epoch === '') fail(v, 'epoch in version is empty');
    // dpkg reads the epoch with strtol, which takes a sign.
    const m = /^([+-]?)([0-9]+)$/.exec(epoch);
    if (!m) fail(v, /^[+-]?[0-9]/.test(epoch) ? 'epoch in version is not number' : 'epoch in version is empty');
    epoch = m[2]!;
    if (m[1] === '-' && !/^0+$/.test(epoch)) fail(v, 'epoch in version is negative');
    if (compareDigits(epoch, INT_MAX) > 0) fail(v, 'epoch in version is too big');
    rest = s.slice(colon + 1);
    if (rest === '') fail(v, 'nothing after colon in version number');
  }
  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') fail(v, 'revision number is empty');
  }
  if (upstream === '') fail(v, 'version number is empty');
  return { epoch, upstream, revision };
}

// dpkg's order(): '~' sorts before everything, even the end; letters before other characters.
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigitCode(c)) return 0;
  if (isAlphaCode(c)) return c;
  if (c === 126 /* ~ */) return -1;
  return c + 256;
}

export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigitCode(a.charCodeAt(i))) || (j < b.length && !isDigitCode(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    while (i < a.length && j < b.length && isDigitCode(a.charCodeAt(i)) && isDigitCode(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigitCode(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigitCode(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

const cache = new ParseCache<DebVersion>();

export function compareDeb(a: string, b: string): number {
  const va = cache.get(a, parseDeb);
  const vb = cache.get(b, parseDeb);
  const e = compareDigits(va.epoch, vb.epoch);
  if (e !== 0) return e;
  const u = verrevcmp(va.upstream, vb.upstream);
  if (u !== 0) return u;
  return verrevcmp(va.revision, vb.revision);
}

export const deb: VersionScheme = {
  ecosystem: 'deb',
  compare: compareDeb,
  isValid(v) {
    try { cache.get(v, parseDeb); return true; } catch { return false; }
  },
};
