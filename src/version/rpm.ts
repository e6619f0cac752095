// RPM version ordering: librpm's rpmvercmp() applied to [epoch:]version[-release], as rpmverCmp().
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { isAlphaCode, isDigitCode, ParseCache } from './util.js';

/** One field split into rpmvercmp's units: '~', '^', digit runs (zeros stripped) and letter runs. */
type Tok = { k: 0 | 1 | 2 | 3; t: string }; // 0 '~', 1 '^', 2 number, 3 letters
const TK_TILDE = 0;
const TK_CARET = 1;
const TK_NUM = 2;

interface Evr {
  epoch: Tok[];
  version: Tok[];
  /** null when absent: rpm.vercmp then ranks the side that has a release higher. */
  release: Tok[] | null;
}

const TILDE = 126;
const CARET = 94;

function isAlnum(c: number): boolean {
  return isDigitCode(c) || isAlphaCode(c);
}

/** librpm's rpmvercmp on one field (epoch, version or release). */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    while (i < la && !isAlnum(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < lb && !isAlnum(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = i < la ? a.charCodeAt(i) : 0;
    const cb = j < lb ? b.charCodeAt(j) : 0;
    // '~' sorts before everything, even the end of the string.
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++; j++;
      continue;
    }
    // '^' sorts after the end of the string but before any other segment.
    if (ca === CARET || cb === CARET) {
      if (i >= la) return -1;
      if (j >= lb) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++; j++;
      continue;
    }
    if (!(i < la && j < lb)) break;
    const si = i;
    const sj = j;
    let isnum: boolean;
    if (isDigitCode(ca)) {
      while (i < la && isDigitCode(a.charCodeAt(i))) i++;
      while (j < lb && isDigitCode(b.charCodeAt(j))) j++;
      isnum = true;
    } else {
      while (i < la && isAlphaCode(a.charCodeAt(i))) i++;
      while (j < lb && isAlphaCode(b.charCodeAt(j))) j++;
      isnum = false;
    }
    // Segments of different kinds: a number is newer than letters.
    if (sj === j) return isnum ? 1 : -1;
    let sa = a.slice(si, i);
    let sb = b.slice(sj, j);
    if (isnum) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}

/** Tokenizes a field once, so comparing parsed versions does no string slicing. */
export function tokenizeRpm(f: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < f.length) {
    const c = f.charCodeAt(i);
    if (c === TILDE) { out.push({ k: TK_TILDE, t: '' }); i++; }
    else if (c === CARET) { out.push({ k: TK_CARET, t: '' }); i++; }
    else if (isDigitCode(c)) {
      const s = i;
      while (i < f.length && isDigitCode(f.charCodeAt(i))) i++;
      out.push({ k: TK_NUM, t: f.slice(s, i).replace(/^0+/, '') });
    } else if (isAlphaCode(c)) {
      const s = i;
      while (i < f.length && isAlphaCode(f.charCodeAt(i))) i++;
      out.push({ k: 3, t: f.slice(s, i) });
    } else i++; // separators only delimit
  }
  return out;
}

/** rpmvercmp over tokenized fields (same decisions as rpmvercmp() on the strings). */
export function compareRpmTokens(a: Tok[], b: Tok[]): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x?.k === TK_TILDE || y?.k === TK_TILDE) {
      if (x?.k !== TK_TILDE) return 1;
      if (y?.k !== TK_TILDE) return -1;
      i++; j++;
      continue;
    }
    if (x?.k === TK_CARET || y?.k === TK_CARET) {
      if (!x) return -1;
      if (!y) return 1;
      if (x.k !== TK_CARET) return 1;
      if (y.k !== TK_CARET) return -1;
      i++; j++;
      continue;
    }
    if (!x || !y) break;
    if (x.k !== y.k) return x.k === TK_NUM ? 1 : -1;
    if (x.t !== y.t) {
      if (x.k === TK_NUM && x.t.length !== y.t.length) return x.t.length > y.t.length ? 1 : -1;
      return x.t < y.t ? -1 : 1;
    }
    i++; j++;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Splits like librpm's parseEVR: leading digits then ':' are the epoch; the last '-' starts the release. */
export function parseEvr(v: string): Evr {
  if (v === '') throw new InvalidVersionError('rpm', v, 'version string is empty');
  let k = 0;
  while (k < v.length && isDigitCode(v.charCodeAt(k))) k++;
  let epoch = '0';
  let vr = v;
  if (v.charCodeAt(k) === 58 /* : */) {
    if (k > 0) epoch = v.slice(0, k);
    vr = v.slice(k + 1);
  }
  const dash = vr.lastIndexOf('-');
  const version = dash >= 0 ? vr.slice(0, dash) : vr;
  const release = dash >= 0 ? vr.slice(dash + 1) : null;
  return { epoch: tokenizeRpm(epoch), version: tokenizeRpm(version), release: release === null ? null : tokenizeRpm(release) };
}

const cache = new ParseCache<Evr>();

export function compareRpm(a: string, b: string): number {
  const va = cache.get(a, parseEvr);
  const vb = cache.get(b, parseEvr);
  let rc = compareRpmTokens(va.epoch, vb.epoch);
  if (rc === 0) {
    rc = compareRpmTokens(va.version, vb.version);
    if (rc === 0) {
      if (va.release !== null && vb.release !== null) rc = compareRpmTokens(va.release, vb.release);
      else if (va.release !== null) rc = 1;
      else if (vb.release !== null) rc = -1;
    }
  }
  return rc;
}

export const rpm: VersionScheme = {
  ecosystem: 'rpm',
  compare: compareRpm,
  isValid(v) {
    try { cache.get(v, parseEvr); return true; } catch { return false; }
  },
};
