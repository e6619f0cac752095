// Alpine (apk-tools) version ordering: digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}.
// Same tokens and rules as apk-tools 2.14 / 3.x (src/version.c): tokens are compared pairwise while
// both sides have the same kind; numbers with a leading zero compare as strings (Gentoo rule).
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, isDigitCode, ParseCache } from './util.js';

// Order matters: later kinds may not be followed by earlier ones, and the tail rule compares kinds.
const enum T { INITIAL_DIGIT, DIGIT, LETTER, SUFFIX, SUFFIX_NO, COMMIT_HASH, REVISION_NO, END, INVALID }

// Suffix ranks: pre-release suffixes sort below NONE (no suffix), post-release ones above.
const SUFFIX_NONE = 5;
const SUFFIXES: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };

interface Token { kind: T; text: string; suffix: number }

const isLower = (c: number) => c >= 97 && c <= 122;
const isHex = (c: number) => isDigitCode(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

function span(s: string, p: number, pred: (c: number) => boolean): number {
  while (p < s.length && pred(s.charCodeAt(p))) p++;
  return p;
}

/** Tokenizes the version; the last token is END (valid) or INVALID. */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let p = span(s, 0, isDigitCode);
  let kind: T = p > 0 ? T.INITIAL_DIGIT : T.INVALID;
  out.push({ kind, text: s.slice(0, p), suffix: 0 });
  while (kind < T.END) {
    const [next, end] = nextToken(s, p, kind);
    out.push({ kind: next.kind, text: next.text, suffix: next.suffix });
    kind = next.kind;
    p = end;
  }
  return out;
}

const INVALID: Token = { kind: T.INVALID, text: '', suffix: 0 };

function nextToken(s: string, p: number, prev: T): [Token, number] {
  if (p >= s.length) return [{ kind: T.END, text: '', suffix: 0 }, p];
  const c = s.charCodeAt(p);
  if (isLower(c)) {
    if (prev > T.DIGIT) return [INVALID, p];
    return [{ kind: T.LETTER, text: s[p]!, suffix: 0 }, p + 1];
  }
  if (c === 46 /* . */ || isDigitCode(c)) {
    if (c === 46) {
      if (prev > T.DIGIT) return [INVALID, p];
      p++;
    }
    let kind: T;
    if (prev === T.INITIAL_DIGIT || prev === T.DIGIT) kind = T.DIGIT;
    else if (prev === T.SUFFIX) kind = T.SUFFIX_NO;
    else return [INVALID, p];
    const e = span(s, p, isDigitCode);
    if (e === p) return [INVALID, p];
    return [{ kind, text: s.slice(p, e), suffix: 0 }, e];
  }
  if (c === 95 /* _ */) {
    if (prev > T.SUFFIX_NO) return [INVALID, p];
    const e = span(s, p + 1, isLower);
    const suffix = SUFFIXES[s.slice(p + 1, e)];
    if (suffix === undefined) return [INVALID, p];
    return [{ kind: T.SUFFIX, text: s.slice(p + 1, e), suffix }, e];
  }
  if (c === 126 /* ~ */) {
    if (prev >= T.COMMIT_HASH) return [INVALID, p];
    const e = span(s, p + 1, isHex);
    if (e === p + 1) return [INVALID, p];
    return [{ kind: T.COMMIT_HASH, text: s.slice(p + 1, e), suffix: 0 }, e];
  }
  if (c === 45 /* - */) {
    if (prev >= T.REVISION_NO || s.charCodeAt(p + 1) !== 114 /* r */) return [INVALID, p];
    const e = span(s, p + 2, isDigitCode);
    if (e === p + 2) return [INVALID, p];
    return [{ kind: T.REVISION_NO, text: s.slice(p + 2, e), suffix: 0 }, e];
  }
  return [INVALID, p];
}

function compareToken(a: Token, b: Token): number {
  switch (a.kind) {
    case T.DIGIT:
      // A leading zero on either side switches to a string sort.
      if (a.text[0] === '0' || b.text[0] === '0') return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case T.INITIAL_DIGIT:
    case T.SUFFIX_NO:
    case T.REVISION_NO:
      return compareDigits(a.text, b.text);
    case T.SUFFIX:
      return a.suffix - b.suffix;
    default: // LETTER, COMMIT_HASH
      return compareStrings(a.text, b.text);
  }
}

function compareTokens(a: Token[], b: Token[]): number {
  let k = 0;
  while (a[k]!.kind === b[k]!.kind && a[k]!.kind < T.END) {
    const r = compareToken(a[k]!, b[k]!);
    if (r !== 0) return r < 0 ? -1 : 1;
    k++;
  }
  const ta = a[k]!;
  const tb = b[k]!;
  if (ta.kind === tb.kind) return 0;
  // Equal so far: the longer version is newer, unless it continues with a pre-release suffix.
  if (ta.kind === T.SUFFIX && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.kind === T.SUFFIX && tb.suffix < SUFFIX_NONE) return 1;
  return ta.kind > tb.kind ? -1 : tb.kind > ta.kind ? 1 : 0;
}

function isValidTokens(t: Token[]): boolean {
  return t[t.length - 1]!.kind === T.END;
}

function parseApk(v: string): Token[] {
  const t = tokenize(v);
  if (!isValidTokens(t)) throw new InvalidVersionError('apk', v, 'not an apk-tools version (digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#})');
  return t;
}

const cache = new ParseCache<Token[]>();

export function compareApk(a: string, b: string): number {
  return compareTokens(cache.get(a, parseApk), cache.get(b, parseApk));
}

/** Compares even versions apk-tools calls invalid, as `apk version -t` does (its test data has some). */
export function compareApkLenient(a: string, b: string): number {
  return compareTokens(tokenize(a), tokenize(b));
}

export const apk: VersionScheme = {
  ecosystem: 'apk',
  compare: compareApk,
  isValid: (v) => isValidTokens(tokenize(v)),
};
