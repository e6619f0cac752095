// NuGet versions, as NuGet.Versioning's NuGetVersion.TryParse and VersionComparer.Default:
// 1 to 4 numeric parts (System.Version rules: leading zeros allowed, missing parts are 0, a 4th
// "revision" part), SemVer 2 release labels compared case-insensitively, metadata ignored.
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { ParseCache } from './util.js';

export interface NuGetVersion {
  parts: [number, number, number, number];
  /** Release labels, or null for a release version. */
  labels: string[] | null;
}

const INT32_MAX = 2147483647;
// .NET's NumberStyles.Integer allows surrounding white space (U+0009-U+000D, U+0020).
const COMPONENT = /^[\t\n\v\f\r ]*([0-9]+)[\t\n\v\f\r ]*$/;
const IDENT_CHARS = /^[0-9A-Za-z-]+$/;

function fail(v: string, problem: string): never {
  throw new InvalidVersionError('nuget', v, problem);
}

/** NuGet's IsValidPart: non-empty [0-9A-Za-z-]; numeric labels (not metadata) without leading zeros. */
function isValidPart(s: string, allowLeadingZeros: boolean): boolean {
  if (!IDENT_CHARS.test(s)) return false;
  return allowLeadingZeros || !(s.length > 1 && s[0] === '0' && /^[0-9]+$/.test(s));
}

export function parseNuGet(input: string): NuGetVersion {
  // .NET String.Trim() white space (the ASCII part of it suffices for the checks below).
  const value = input.replace(/^\s+|\s+$/g, '');
  // ParseSections: the version ends at the first '-' or '+'; labels run to the next '+'.
  const dash = value.search(/[-+]/);
  let versionPart = dash < 0 ? value : value.slice(0, dash);
  let labels: string[] | null = null;
  let metadata: string | null = null;
  if (dash >= 0) {
    if (dash === value.length - 1) fail(input, 'ends with a separator');
    if (value[dash] === '-') {
      const plus = value.indexOf('+', dash + 1);
      labels = value.slice(dash + 1, plus < 0 ? undefined : plus).split('.');
      if (plus >= 0) {
        if (plus === value.length - 1) fail(input, 'empty metadata');
        metadata = value.slice(plus + 1);
      }
    } else {
      metadata = value.slice(dash + 1);
    }
  }
  if (versionPart === '') fail(input, 'no version number');
  if (!versionPart.includes('.')) versionPart += '.0';
  const comps = versionPart.split('.');
  if (comps.length < 2 || comps.length > 4) fail(input, 'a version has 1 to 4 numeric parts');
  const nums = comps.map((c) => {
    const m = COMPONENT.exec(c);
    if (!m) fail(input, `bad version part ${JSON.stringify(c)}`);
    const n = Number(m[1]);
    if (n > INT32_MAX) fail(input, `version part ${m[1]} is too large`);
    return n;
  });
  while (nums.length < 4) nums.push(0);
  if (labels && !labels.every((l) => isValidPart(l, false))) fail(input, 'invalid release label');
  if (metadata !== null && !metadata.split('.').every((l) => isValidPart(l, true))) fail(input, 'invalid metadata');
  return { parts: nums as [number, number, number, number], labels };
}

// int.TryParse on a label: an optional '-' sign (labels cannot hold '+'), digits, within Int32.
function labelNumber(s: string): number | null {
  if (!/^-?[0-9]+$/.test(s)) return null;
  const n = Number(s);
  return n >= -2147483648 && n <= INT32_MAX ? n : null;
}

/** StringComparer.OrdinalIgnoreCase on ASCII: compare upper-cased code units. */
function compareIgnoreCase(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareLabel(a: string, b: string): number {
  const x = labelNumber(a);
  const y = labelNumber(b);
  if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0;
  if (x !== null || y !== null) return x !== null ? -1 : 1;
  return compareIgnoreCase(a, b);
}

export function compareNuGetParsed(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    if (a.parts[i] !== b.parts[i]) return a.parts[i]! < b.parts[i]! ? -1 : 1;
  }
  if (a.labels && !b.labels) return -1;
  if (!a.labels && b.labels) return 1;
  if (a.labels && b.labels) {
    const n = Math.max(a.labels.length, b.labels.length);
    for (let i = 0; i < n; i++) {
      if (i >= a.labels.length) return -1;
      if (i >= b.labels.length) return 1;
      const c = compareLabel(a.labels[i]!, b.labels[i]!);
      if (c !== 0) return c;
    }
  }
  return 0;
}

const cache = new ParseCache<NuGetVersion>();

export function compareNuGet(a: string, b: string): number {
  return compareNuGetParsed(cache.get(a, parseNuGet), cache.get(b, parseNuGet));
}

export const nuget: VersionScheme = {
  ecosystem: 'nuget',
  compare: compareNuGet,
  isValid(v) {
    try { cache.get(v, parseNuGet); return true; } catch { return false; }
  },
};
