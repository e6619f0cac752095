// RubyGems versions, ordered like Gem::Version#<=> (rubygems 3.3): segments of digits or letters,
// '-' read as ".pre.", trailing zeros ignored in the release part and in the pre-release part,
// a letter segment (pre-release) sorts below any number.
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, ParseCache } from './util.js';

type Segment = string; // digits, or letters

// Gem::Version::ANCHORED_VERSION_PATTERN; Ruby's \s is ASCII whitespace only.
const WS = '[ \\t\\r\\n\\f\\v]';
export const GEM_VERSION_PATTERN = '[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
const ANCHORED = new RegExp(`^${WS}*(${GEM_VERSION_PATTERN})?${WS}*$`);

const isNumSeg = (s: Segment) => s.charCodeAt(0) <= 57;
const isZero = (s: Segment) => isNumSeg(s) && /^0+$/.test(s);

export interface GemVersion {
  /** The string Gem::Version keeps: stripped, '-' replaced by '.pre.'. */
  version: string;
  segments: Segment[];
  canonical: Segment[];
}

export function parseGem(v: string): GemVersion {
  const m = ANCHORED.exec(v);
  if (!m) throw new InvalidVersionError('gem', v, 'malformed version number string');
  const version = (m[1] ?? '0').replace(/-/g, '.pre.');
  const segments = version.match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstString = segments.findIndex((s) => !isNumSeg(s));
  const numeric = firstString < 0 ? segments.slice() : segments.slice(0, firstString);
  const rest = firstString < 0 ? [] : segments.slice(firstString);
  const dropZeros = (xs: Segment[]) => {
    let n = xs.length;
    while (n > 0 && isZero(xs[n - 1]!)) n--;
    return xs.slice(0, n);
  };
  return { version, segments, canonical: [...dropZeros(numeric), ...dropZeros(rest)] };
}

function segEqual(a: Segment, b: Segment): boolean {
  const an = isNumSeg(a);
  if (an !== isNumSeg(b)) return false;
  return an ? compareDigits(a, b) === 0 : a === b;
}

export function compareGemParsed(a: GemVersion, b: GemVersion): number {
  if (a.version === b.version) return 0;
  const l = a.canonical;
  const r = b.canonical;
  const n = Math.max(l.length, r.length);
  for (let i = 0; i < n; i++) {
    const x = l[i] ?? '0';
    const y = r[i] ?? '0';
    if (segEqual(x, y)) continue;
    const xn = isNumSeg(x);
    const yn = isNumSeg(y);
    if (!xn && yn) return -1;
    if (xn && !yn) return 1;
    return xn ? compareDigits(x, y) : compareStrings(x, y);
  }
  return 0;
}

const cache = new ParseCache<GemVersion>();

export function parseGemCached(v: string): GemVersion {
  return cache.get(v, parseGem);
}

export function compareGem(a: string, b: string): number {
  return compareGemParsed(cache.get(a, parseGem), cache.get(b, parseGem));
}

export const gem: VersionScheme = {
  ecosystem: 'gem',
  compare: compareGem,
  isValid: (v) => ANCHORED.test(v),
};
