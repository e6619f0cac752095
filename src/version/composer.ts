// Composer (Packagist) versions: normalised like composer/semver's VersionParser::normalize(), then
// ordered like PHP's version_compare(), which is what composer/semver's Comparator does underneath.
// Branch versions (dev-*) have no order in composer/semver (only string equality), so they are
// rejected here like invalid versions: a range can never decide about them.
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, ParseCache } from './util.js';

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSIC_RE = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE_RE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER}$`, 'i');
const BRANCH_RE = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

function expandStability(s: string): string {
  switch (s.toLowerCase()) {
    case 'a': return 'alpha';
    case 'b': return 'beta';
    case 'p': case 'pl': return 'patch';
    case 'rc': return 'RC';
    default: return s.toLowerCase();
  }
}

// PHP trim()'s default character set.
const phpTrim = (s: string) => s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

function normalizeBranch(name: string): string {
  const m = BRANCH_RE.exec(phpTrim(name));
  if (!m) return `dev-${name}`;
  let v = '';
  for (let i = 1; i < 5; i++) v += m[i] !== undefined ? m[i]!.replace(/[*X]/g, 'x') : '.x';
  return `${v.replace(/x/g, '9999999')}-dev`;
}

/** composer/semver's VersionParser::normalize(); throws for what it calls an invalid version string. */
export function normalizeComposer(input: string): string {
  let v = phpTrim(input);
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(v);
  if (alias) v = alias[1]!;
  const flag = /@(?:stable|RC|beta|alpha|dev)$/i.exec(v);
  if (flag) v = v.slice(0, v.length - flag[0].length);
  if (v === 'master' || v === 'trunk' || v === 'default') v = `dev-${v}`;
  if (v.slice(0, 4).toLowerCase() === 'dev-') return `dev-${v.slice(4)}`;
  const build = /^([^,\s+]+)\+[^\s]+$/.exec(v);
  if (build) v = build[1]!;
  let m = CLASSIC_RE.exec(v);
  let index: number | undefined;
  if (m) {
    v = m[1]! + (m[2] || '.0') + (m[3] || '.0') + (m[4] || '.0');
    index = 5;
  } else if ((m = DATE_RE.exec(v))) {
    v = m[1]!.replace(/\D/g, '.');
    index = 2;
  }
  if (m && index !== undefined) {
    const stability = m[index];
    if (stability) {
      if (stability === 'stable') return v;
      const num = m[index + 1];
      v += `-${expandStability(stability)}${num ? num.replace(/^[.-]+/, '') : ''}`;
    }
    if (m[index + 2]) v += '-dev';
    return v;
  }
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  if (dev) {
    const n = normalizeBranch(dev[1]!);
    if (!n.includes('dev-')) return n;
  }
  throw new InvalidVersionError('composer', input, 'invalid version string');
}

// PHP's php_canonicalize_version: '-', '_', '+' and other non-alphanumerics become '.', and a '.'
// goes between a digit and a non-digit.
function canonicalize(v: string): string {
  let out = v[0]!;
  let lp = v[0]!;
  const isDig = (c: string) => c >= '0' && c <= '9';
  const isNdig = (c: string) => !isDig(c) && c !== '.';
  const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const last = out[out.length - 1];
    if (c === '-' || c === '_' || c === '+') {
      if (last !== '.') out += '.';
    } else if ((isNdig(lp) && isDig(c)) || (isDig(lp) && isNdig(c))) {
      if (last !== '.') out += '.';
      out += c;
    } else if (!isAlnum(c)) {
      if (last !== '.') out += '.';
    } else {
      out += c;
    }
    lp = c;
  }
  return out;
}

const SPECIAL_FORMS: [string, number][] = [['dev', 0], ['alpha', 1], ['a', 1], ['beta', 2], ['b', 2], ['RC', 3], ['rc', 3], ['#', 4], ['pl', 5], ['p', 5]];

function specialForm(s: string): number {
  for (const [name, order] of SPECIAL_FORMS) if (s.startsWith(name)) return order;
  return -1;
}

const NUMBER = '#N#';
const startsDigit = (s: string) => s.length > 0 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;

function comparePart(a: string, b: string): number {
  const ad = startsDigit(a);
  const bd = startsDigit(b);
  if (ad && bd) return compareDigits(a.match(/^\d+/)![0], b.match(/^\d+/)![0]);
  if (!ad && !bd) return Math.sign(specialForm(a) - specialForm(b));
  return ad ? Math.sign(specialForm(NUMBER) - specialForm(b)) : Math.sign(specialForm(a) - specialForm(NUMBER));
}

/** PHP's version_compare(a, b) (sign only). */
export function phpVersionCompare(a: string, b: string): number {
  if (!a || !b) return !a && !b ? 0 : a ? 1 : -1;
  return compareCanonicalParts(phpParts(a), phpParts(b));
}

const phpParts = (v: string) => (v[0] === '#' ? v : canonicalize(v)).split('.');

function compareCanonicalParts(pa: string[], pb: string[]): number {
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  // One ran out: a number left over makes the longer one newer; a word is ranked against a number.
  if (pa.length > n) return startsDigit(pa[n]!) ? 1 : phpVersionCompare(pa.slice(n).join('.'), NUMBER);
  if (pb.length > n) return startsDigit(pb[n]!) ? -1 : phpVersionCompare(NUMBER, pb.slice(n).join('.'));
  return 0;
}

/** A normalised version and its version_compare parts (null for a dev branch). */
interface ComposerVersion { normalized: string; parts: string[] | null }

function parseComposer(v: string): ComposerVersion {
  const normalized = normalizeComposer(v);
  return { normalized, parts: normalized.startsWith('dev-') ? null : phpParts(normalized) };
}

const cache = new ParseCache<ComposerVersion>();

export function compareComposer(a: string, b: string): number {
  const va = cache.get(a, parseComposer);
  const vb = cache.get(b, parseComposer);
  if (!va.parts || !vb.parts) throw new InvalidVersionError('composer', va.parts ? b : a, 'a dev branch has no version order');
  // Normalised versions never start with '#' and are never empty, so this is version_compare.
  return compareCanonicalParts(va.parts, vb.parts);
}

export const composer: VersionScheme = {
  ecosystem: 'composer',
  compare: compareComposer,
  isValid(v) {
    try { return cache.get(v, parseComposer).parts !== null; } catch { return false; }
  },
};
