// Cargo (crates.io) versions and requirements, as the `semver` crate 1.x parses, orders and matches
// them: strict SemVer 2.0 (no 'v', no leading zeros, u64 numbers); unlike npm, build metadata takes
// part in the order (compared last), as the crate's Ord does.
import { InvalidRangeError, InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, ParseCache } from './util.js';

export interface CargoVersion {
  major: string;
  minor: string;
  patch: string;
  pre: string; // '' when none
  build: string;
  /** pre and build split on '.', once. */
  preIds: string[];
  buildIds: string[];
}

const U64_MAX = '18446744073709551615';

class Reader {
  constructor(public s: string, public i = 0) {}
  peek(k = 0): string { return this.s[this.i + k] ?? ''; }
  rest(): string { return this.s.slice(this.i); }
  eat(c: string): boolean {
    if (this.s[this.i] === c) { this.i++; return true; }
    return false;
  }
  skipSpaces(): void { while (this.s[this.i] === ' ') this.i++; }
}

type Fail = (problem: string) => never;

function numeric(r: Reader, fail: Fail, what: string): string {
  const start = r.i;
  while (r.peek() >= '0' && r.peek() <= '9') r.i++;
  const d = r.s.slice(start, r.i);
  if (d === '') fail(`expected ${what} version number`);
  if (d.length > 1 && d[0] === '0') fail(`leading zero in ${what} version number`);
  if (compareDigits(d, U64_MAX) > 0) fail(`${what} version number overflows u64`);
  return d;
}

/** Dot-separated identifiers of [0-9A-Za-z-]; '' when none is present. */
function identifier(r: Reader, fail: Fail, pre: boolean): string {
  const start = r.i;
  for (;;) {
    const segStart = r.i;
    let nonDigit = false;
    while (/^[0-9A-Za-z-]$/.test(r.peek())) {
      if (!(r.peek() >= '0' && r.peek() <= '9')) nonDigit = true;
      r.i++;
    }
    const seg = r.s.slice(segStart, r.i);
    if (seg === '') {
      if (segStart === start && r.peek() !== '.') return '';
      fail('empty identifier segment');
    }
    if (pre && seg.length > 1 && !nonDigit && seg[0] === '0') fail('leading zero in pre-release identifier');
    if (!r.eat('.')) return r.s.slice(start, r.i);
  }
}

function preAndBuild(r: Reader, fail: Fail): { pre: string; build: string } {
  let pre = '';
  let build = '';
  if (r.eat('-')) {
    pre = identifier(r, fail, true);
    if (pre === '') fail('empty pre-release');
  }
  if (r.eat('+')) {
    build = identifier(r, fail, false);
    if (build === '') fail('empty build metadata');
  }
  return { pre, build };
}

export function parseCargo(v: string): CargoVersion {
  const fail: Fail = (p) => { throw new InvalidVersionError('cargo', v, p); };
  const r = new Reader(v);
  const major = numeric(r, fail, 'major');
  if (!r.eat('.')) fail('expected "." after major version');
  const minor = numeric(r, fail, 'minor');
  if (!r.eat('.')) fail('expected "." after minor version');
  const patch = numeric(r, fail, 'patch');
  const { pre, build } = preAndBuild(r, fail);
  if (r.i !== v.length) fail(`unexpected character ${JSON.stringify(r.peek())}`);
  return { major, minor, patch, pre, build, preIds: pre === '' ? [] : pre.split('.'), buildIds: build.split('.') };
}

const allDigits = (s: string) => /^[0-9]*$/.test(s);

/** The crate's Prerelease order: none sorts after any; numeric < alphanumeric; shorter prefix first. */
export function comparePre(a: string, b: string): number {
  return comparePreIds(a === '' ? [] : a.split('.'), b === '' ? [] : b.split('.'));
}

function comparePreIds(pa: string[], pb: string[]): number {
  if (pa.length === 0 || pb.length === 0) return pa.length === pb.length ? 0 : pa.length === 0 ? 1 : -1;
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i]!;
    const y = pb[i];
    if (y === undefined) return 1;
    const xd = allDigits(x);
    const yd = allDigits(y);
    let c: number;
    if (xd && yd) c = x.length !== y.length ? (x.length < y.length ? -1 : 1) : compareStrings(x, y);
    else if (xd !== yd) return xd ? -1 : 1;
    else c = compareStrings(x, y);
    if (c !== 0) return c;
  }
  return pb.length > pa.length ? -1 : 0;
}

/** The crate's BuildMetadata order: numbers by value then by zero-padding; numeric < alphanumeric. */
function compareBuild(pa: string[], pb: string[]): number {
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i]!;
    const y = pb[i];
    if (y === undefined) return 1;
    const xd = allDigits(x);
    const yd = allDigits(y);
    let c: number;
    if (xd && yd) {
      const xv = x.replace(/^0+/, '');
      const yv = y.replace(/^0+/, '');
      c = xv.length !== yv.length ? (xv.length < yv.length ? -1 : 1) : compareStrings(xv, yv);
      if (c === 0 && x.length !== y.length) c = x.length < y.length ? -1 : 1;
    } else if (xd !== yd) return xd ? -1 : 1;
    else c = compareStrings(x, y);
    if (c !== 0) return c;
  }
  return pb.length > pa.length ? -1 : 0;
}

export function compareCargoParsed(a: CargoVersion, b: CargoVersion): number {
  return compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch) ||
    comparePreIds(a.preIds, b.preIds) || compareBuild(a.buildIds, b.buildIds);
}

const cache = new ParseCache<CargoVersion>();

export function compareCargo(a: string, b: string): number {
  return compareCargoParsed(cache.get(a, parseCargo), cache.get(b, parseCargo));
}

export const cargo: VersionScheme = {
  ecosystem: 'cargo',
  compare: compareCargo,
  isValid(v) {
    try { cache.get(v, parseCargo); return true; } catch { return false; }
  },
};

// ---- Requirements (VersionReq) ----

type Op = '=' | '>' | '>=' | '<' | '<=' | '~' | '^' | '*';

interface Comparator {
  op: Op;
  major: string;
  minor: string | null;
  patch: string | null;
  pre: string;
}

const isWildcard = (c: string) => c === '*' || c === 'x' || c === 'X';

function parseComparator(r: Reader, fail: Fail): Comparator {
  let op: Op = '^';
  let explicit = true;
  if (r.eat('=')) op = '=';
  else if (r.eat('>')) op = r.eat('=') ? '>=' : '>';
  else if (r.eat('<')) op = r.eat('=') ? '<=' : '<';
  else if (r.eat('~')) op = '~';
  else if (r.eat('^')) op = '^';
  else explicit = false;
  r.skipSpaces();
  const major = numeric(r, fail, 'major');
  let minor: string | null = null;
  let patch: string | null = null;
  let wild = false;
  if (r.eat('.')) {
    if (isWildcard(r.peek())) {
      r.i++;
      wild = true;
      if (!explicit) op = '*';
    } else minor = numeric(r, fail, 'minor');
  }
  if (r.eat('.')) {
    if (isWildcard(r.peek())) {
      r.i++;
      if (!explicit) op = '*';
    } else if (wild) fail('unexpected version number after wildcard');
    else patch = numeric(r, fail, 'patch');
  }
  let pre = '';
  if (patch !== null && r.peek() === '-') {
    r.i++;
    pre = identifier(r, fail, true);
    if (pre === '') fail('empty pre-release');
  }
  if (patch !== null && r.peek() === '+') {
    r.i++;
    if (identifier(r, fail, false) === '') fail('empty build metadata');
  }
  r.skipSpaces();
  return { op, major, minor, patch, pre };
}

/** Parses a VersionReq; an empty list means '*' (any version). */
export function parseCargoReq(req: string): Comparator[] {
  const fail: Fail = (p) => { throw new InvalidRangeError('cargo', req, p); };
  const r = new Reader(req);
  r.skipSpaces();
  if (isWildcard(r.peek())) {
    r.i++;
    r.skipSpaces();
    if (r.i === req.length) return [];
    fail('a wildcard must be the only comparator');
  }
  const out: Comparator[] = [];
  for (;;) {
    out.push(parseComparator(r, fail));
    if (r.i === req.length) return out;
    if (!r.eat(',')) fail(`expected ',' but found ${JSON.stringify(r.peek())}`);
    r.skipSpaces();
    if (out.length === 32) fail('too many comparators');
  }
}

const num = (a: string, b: string) => compareDigits(a, b);

function matchesExact(c: Comparator, v: CargoVersion): boolean {
  if (num(v.major, c.major) !== 0) return false;
  if (c.minor !== null && num(v.minor, c.minor) !== 0) return false;
  if (c.patch !== null && num(v.patch, c.patch) !== 0) return false;
  return v.pre === c.pre;
}

function matchesGreater(c: Comparator, v: CargoVersion): boolean {
  if (num(v.major, c.major) !== 0) return num(v.major, c.major) > 0;
  if (c.minor === null) return false;
  if (num(v.minor, c.minor) !== 0) return num(v.minor, c.minor) > 0;
  if (c.patch === null) return false;
  if (num(v.patch, c.patch) !== 0) return num(v.patch, c.patch) > 0;
  return comparePre(v.pre, c.pre) > 0;
}

function matchesLess(c: Comparator, v: CargoVersion): boolean {
  if (num(v.major, c.major) !== 0) return num(v.major, c.major) < 0;
  if (c.minor === null) return false;
  if (num(v.minor, c.minor) !== 0) return num(v.minor, c.minor) < 0;
  if (c.patch === null) return false;
  if (num(v.patch, c.patch) !== 0) return num(v.patch, c.patch) < 0;
  return comparePre(v.pre, c.pre) < 0;
}

function matchesTilde(c: Comparator, v: CargoVersion): boolean {
  if (num(v.major, c.major) !== 0) return false;
  if (c.minor !== null && num(v.minor, c.minor) !== 0) return false;
  if (c.patch !== null && num(v.patch, c.patch) !== 0) return num(v.patch, c.patch) > 0;
  return comparePre(v.pre, c.pre) >= 0;
}

function matchesCaret(c: Comparator, v: CargoVersion): boolean {
  if (num(v.major, c.major) !== 0) return false;
  if (c.minor === null) return true;
  const majorPositive = c.major !== '0';
  if (c.patch === null) return majorPositive ? num(v.minor, c.minor) >= 0 : num(v.minor, c.minor) === 0;
  if (majorPositive) {
    if (num(v.minor, c.minor) !== 0) return num(v.minor, c.minor) > 0;
    if (num(v.patch, c.patch) !== 0) return num(v.patch, c.patch) > 0;
  } else if (c.minor !== '0') {
    if (num(v.minor, c.minor) !== 0) return false;
    if (num(v.patch, c.patch) !== 0) return num(v.patch, c.patch) > 0;
  } else if (num(v.minor, c.minor) !== 0 || num(v.patch, c.patch) !== 0) return false;
  return comparePre(v.pre, c.pre) >= 0;
}

function matchesComparator(c: Comparator, v: CargoVersion): boolean {
  switch (c.op) {
    case '=': case '*': return matchesExact(c, v);
    case '>': return matchesGreater(c, v);
    case '>=': return matchesExact(c, v) || matchesGreater(c, v);
    case '<': return matchesLess(c, v);
    case '<=': return matchesExact(c, v) || matchesLess(c, v);
    case '~': return matchesTilde(c, v);
    case '^': return matchesCaret(c, v);
  }
}

const reqCache = new ParseCache<Comparator[]>(5_000);

/**
 * semver's VersionReq::matches: every comparator must match, and a pre-release version only matches
 * when some comparator names a pre-release of the same major.minor.patch.
 */
export function satisfiesCargo(version: string, req: string): boolean {
  const v = cache.get(version, parseCargo);
  const cs = reqCache.get(req, parseCargoReq);
  if (!cs.every((c) => matchesComparator(c, v))) return false;
  if (v.pre === '') return true;
  return cs.some((c) => num(c.major, v.major) === 0 && c.minor !== null && num(c.minor, v.minor) === 0 &&
    c.patch !== null && num(c.patch, v.patch) === 0 && c.pre !== '');
}
