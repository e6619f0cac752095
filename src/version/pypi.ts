// Python package versions, PEP 440 as implemented by `packaging.version.Version`.
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, ParseCache } from './util.js';

// packaging's VERSION_PATTERN (case-insensitive, surrounding whitespace allowed).
const VERSION_RE = new RegExp(
  '^\\s*v?' +
  '(?:(?<epoch>[0-9]+)!)?' +
  '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
  '(?<pre>[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?' +
  '(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?' +
  '(?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?' +
  '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
  '\\s*$',
  'i',
);

/** Ranks of pre-release letters after normalisation: a < b < rc. */
const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export interface Pep440Version {
  epoch: string;
  /** Release numbers with trailing zeros removed (1.0.0 == 1). */
  release: string[];
  /** [rank, number] or null. */
  pre: [number, string] | null;
  post: string | null;
  dev: string | null;
  /** Local segments, lower-cased; numbers rank above strings. */
  local: string[] | null;
}

const stripZeros = (d: string) => d.replace(/^0+(?=.)/, '');

export function parsePypi(v: string): Pep440Version {
  const m = VERSION_RE.exec(v);
  if (!m || !m.groups) throw new InvalidVersionError('pypi', v, 'not a PEP 440 version');
  const g = m.groups;
  const release = g.release!.split('.').map(stripZeros);
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  if (release.length === 1 && release[0] === '0') release.pop();
  return {
    epoch: stripZeros(g.epoch ?? '0'),
    release,
    pre: g.pre_l ? [PRE_RANK[g.pre_l.toLowerCase()]!, stripZeros(g.pre_n ?? '0')] : null,
    post: g.post ? stripZeros(g.post_n1 ?? g.post_n2 ?? '0') : null,
    dev: g.dev ? stripZeros(g.dev_n ?? '0') : null,
    local: g.local ? g.local.toLowerCase().split(/[-_.]/) : null,
  };
}

const isNum = (s: string) => /^[0-9]+$/.test(s);

function compareRelease(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

// packaging's _cmpkey: a dev-only release sorts before its pre-releases; no pre sorts after them.
function preKey(v: Pep440Version): number {
  if (v.pre) return 0;
  if (v.post === null && v.dev !== null) return -1;
  return 1;
}

function compareLocal(a: string[] | null, b: string[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xn = isNum(x);
    const yn = isNum(y);
    let c: number;
    if (xn && yn) c = compareDigits(x, y);
    else if (xn !== yn) c = xn ? 1 : -1;
    else c = compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  let c = compareDigits(a.epoch, b.epoch);
  if (c) return c;
  c = compareRelease(a.release, b.release);
  if (c) return c;
  const pa = preKey(a);
  const pb = preKey(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (a.pre && b.pre) {
    if (a.pre[0] !== b.pre[0]) return a.pre[0] < b.pre[0] ? -1 : 1;
    c = compareDigits(a.pre[1], b.pre[1]);
    if (c) return c;
  }
  // No post-release sorts first; no dev-release sorts last.
  if (a.post !== b.post) {
    if (a.post === null) return -1;
    if (b.post === null) return 1;
    c = compareDigits(a.post, b.post);
    if (c) return c;
  }
  if (a.dev !== b.dev) {
    if (a.dev === null) return 1;
    if (b.dev === null) return -1;
    c = compareDigits(a.dev, b.dev);
    if (c) return c;
  }
  return compareLocal(a.local, b.local);
}

const cache = new ParseCache<Pep440Version>();

export function comparePypi(a: string, b: string): number {
  return comparePep440(cache.get(a, parsePypi), cache.get(b, parsePypi));
}

export const pypi: VersionScheme = {
  ecosystem: 'pypi',
  compare: comparePypi,
  isValid(v) {
    try { cache.get(v, parsePypi); return true; } catch { return false; }
  },
};
