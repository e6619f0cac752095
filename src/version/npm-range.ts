// npm ranges with node-semver's semantics (Range / satisfies, default options: not loose, no
// includePrerelease): hyphen ranges, x-ranges, ~, ^, comparator sets joined by '||', and the rule that a
// pre-release version only matches a set naming a pre-release of the same major.minor.patch.
// The range is desugared into primitive comparators by the same rewriting steps node-semver applies.
import { InvalidRangeError } from './errors.js';
import { compareSemVer, parseNpmCached, parseSemVer, type SemVer } from './npm.js';
import { ParseCache } from './util.js';

// node-semver bounds its regexes ("safe" variants) to avoid ReDoS; the bounds are part of its behaviour.
const MAX_LENGTH = 256;
const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
const LDN = '[a-zA-Z0-9-]';
function safe(src: string): string {
  const repl: [string, number][] = [['\\s', 1], ['\\d', MAX_LENGTH], [LDN, MAX_SAFE_BUILD_LENGTH]];
  for (const [token, max] of repl) {
    src = src.split(`${token}*`).join(`${token}{0,${max}}`).split(`${token}+`).join(`${token}{1,${max}}`);
  }
  return src;
}

const NUM = '0|[1-9]\\d*';
const NUM_LOOSE = '\\d+';
const NONNUM = `\\d*[a-zA-Z-]${LDN}*`;
const MAIN = `(${NUM})\\.(${NUM})\\.(${NUM})`;
const MAIN_LOOSE = `(${NUM_LOOSE})\\.(${NUM_LOOSE})\\.(${NUM_LOOSE})`;
const PRE_ID = `(?:${NONNUM}|${NUM})`;
const PRE_ID_LOOSE = `(?:${NONNUM}|${NUM_LOOSE})`;
const PRE = `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))`;
const PRE_LOOSE = `(?:-?(${PRE_ID_LOOSE}(?:\\.${PRE_ID_LOOSE})*))`;
const BUILD = `(?:\\+(${LDN}+(?:\\.${LDN}+)*))`;
const FULLPLAIN = `v?${MAIN}${PRE}?${BUILD}?`;
const LOOSEPLAIN = `[v=\\s]*${MAIN_LOOSE}${PRE_LOOSE}?${BUILD}?`;
const GTLT = '((?:<|>)?=?)';
const XID = `${NUM}|x|X|\\*`;
const XRANGEPLAIN = `[v=\\s]*(${XID})(?:\\.(${XID})(?:\\.(${XID})(?:${PRE})?${BUILD}?)?)?`;

const re = (src: string, flags?: string) => new RegExp(safe(src), flags);
const RE = {
  build: re(BUILD),
  buildAll: re(BUILD, 'g'),
  hyphen: re(`^\\s*(${XRANGEPLAIN})\\s+-\\s+(${XRANGEPLAIN})\\s*$`),
  comparatorTrim: re(`(\\s*)${GTLT}\\s*(${LOOSEPLAIN}|${XRANGEPLAIN})`, 'g'),
  tildeTrim: re('(\\s*)(?:~>?)\\s+', 'g'),
  caretTrim: re('(\\s*)(?:\\^)\\s+', 'g'),
  tilde: re(`^(?:~>?)${XRANGEPLAIN}$`),
  caret: re(`^(?:\\^)${XRANGEPLAIN}$`),
  xrange: re(`^${GTLT}\\s*${XRANGEPLAIN}$`),
  star: re('(<|>)?=?\\s*\\*'),
  gte0: re('^\\s*>=\\s*0\\.0\\.0\\s*$'),
  comparator: re(`^${GTLT}\\s*(${FULLPLAIN})$|^$`),
};

const isX = (id: string | undefined) => !id || id.toLowerCase() === 'x' || id === '*';
const inc = (n: string | number) => +n + 1;

function replaceTilde(comp: string): string {
  return comp.replace(RE.tilde, (_: string, M: string, m: string, p: string, pr: string) => {
    if (isX(M)) return '';
    if (isX(m)) return `>=${M}.0.0 <${inc(M)}.0.0-0`;
    if (isX(p)) return `>=${M}.${m}.0 <${M}.${inc(m)}.0-0`;
    if (pr) return `>=${M}.${m}.${p}-${pr} <${M}.${inc(m)}.0-0`;
    return `>=${M}.${m}.${p} <${M}.${inc(m)}.0-0`;
  });
}

function replaceCaret(comp: string): string {
  return comp.replace(RE.caret, (_: string, M: string, m: string, p: string, pr: string) => {
    if (isX(M)) return '';
    if (isX(m)) return `>=${M}.0.0 <${inc(M)}.0.0-0`;
    if (isX(p)) return M === '0' ? `>=${M}.${m}.0 <${M}.${inc(m)}.0-0` : `>=${M}.${m}.0 <${inc(M)}.0.0-0`;
    const from = pr ? `>=${M}.${m}.${p}-${pr}` : `>=${M}.${m}.${p}`;
    if (M === '0') return m === '0' ? `${from} <${M}.${m}.${inc(p)}-0` : `${from} <${M}.${inc(m)}.0-0`;
    return `${from} <${inc(M)}.0.0-0`;
  });
}

function replaceXRange(comp: string): string {
  comp = comp.trim();
  return comp.replace(RE.xrange, (ret: string, gtlt: string, M: string, m: string | number, p: string | number) => {
    // node-semver leaves "x.1" / "1.x.2" alone (and the comparator parse then rejects them).
    if ((isX(M) && !isX(m as string)) || (isX(m as string) && p && !isX(p as string))) return comp;
    const xM = isX(M);
    const xm = xM || isX(m as string);
    const xp = xm || isX(p as string);
    if (gtlt === '=' && xp) gtlt = '';
    let pr = '';
    if (xM) return gtlt === '>' || gtlt === '<' ? '<0.0.0-0' : '*';
    if (gtlt && xp) {
      if (xm) m = 0;
      p = 0;
      let major: string | number = M;
      if (gtlt === '>') {
        gtlt = '>=';
        if (xm) { major = inc(M); m = 0; p = 0; } else { m = inc(m); p = 0; }
      } else if (gtlt === '<=') {
        gtlt = '<';
        if (xm) major = inc(M); else m = inc(m);
      }
      if (gtlt === '<') pr = '-0';
      return `${gtlt + major}.${m}.${p}${pr}`;
    }
    if (xm) return `>=${M}.0.0 <${inc(M)}.0.0-0`;
    if (xp) return `>=${M}.${m}.0 <${M}.${inc(m)}.0-0`;
    return ret;
  });
}

function hyphenReplace(_: string, from: string, fM: string, fm: string, fp: string, fpr: string, _fb: string,
  to: string, tM: string, tm: string, tp: string, tpr: string): string {
  if (isX(fM)) from = '';
  else if (isX(fm)) from = `>=${fM}.0.0`;
  else if (isX(fp)) from = `>=${fM}.${fm}.0`;
  else from = `>=${from}`;
  if (isX(tM)) to = '';
  else if (isX(tm)) to = `<${inc(tM)}.0.0-0`;
  else if (isX(tp)) to = `<${tM}.${inc(tm)}.0-0`;
  else if (tpr) to = `<=${tM}.${tm}.${tp}-${tpr}`;
  else to = `<=${to}`;
  return `${from} ${to}`.trim();
}

const splitWs = (s: string) => s.trim().split(/\s+/);

function parseComparatorText(comp: string): string {
  comp = comp.replace(RE.build, '');
  comp = splitWs(comp).map(replaceCaret).join(' ');
  comp = splitWs(comp).map(replaceTilde).join(' ');
  comp = comp.split(/\s+/).map(replaceXRange).join(' ');
  return comp.trim().replace(RE.star, '');
}

/** A primitive comparator; semver null is ANY (matches everything). */
interface Comparator { op: string; semver: SemVer | null; value: string }

function comparator(comp: string, range: string): Comparator {
  comp = comp.trim().split(/\s+/).join(' ');
  const m = RE.comparator.exec(comp);
  if (!m) throw new InvalidRangeError('npm', range, `invalid comparator ${JSON.stringify(comp)}`);
  let op = m[1] ?? '';
  if (op === '=') op = '';
  if (!m[2]) return { op, semver: null, value: '' };
  let semver: SemVer;
  try {
    semver = parseSemVer(m[2]);
  } catch {
    throw new InvalidRangeError('npm', range, `invalid version ${JSON.stringify(m[2])} in comparator`);
  }
  return { op, semver, value: op + formatSemVer(semver) };
}

function formatSemVer(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join('.')}` : ''}`;
}

const isNullSet = (c: Comparator) => c.value === '<0.0.0-0';

function parseSet(text: string, range: string): Comparator[] {
  text = text.replace(RE.buildAll, '');
  text = text.replace(RE.hyphen, hyphenReplace as (...a: string[]) => string);
  text = text.replace(RE.comparatorTrim, '$1$2$3');
  text = text.replace(RE.tildeTrim, '$1~');
  text = text.replace(RE.caretTrim, '$1^');
  const list = text.split(' ').map(parseComparatorText).join(' ').split(/\s+/).map((c) => c.trim().replace(RE.gte0, ''));
  const byValue = new Map<string, Comparator>();
  for (const c of list.map((x) => comparator(x, range))) {
    if (isNullSet(c)) return [c];
    byValue.set(c.value, c);
  }
  if (byValue.size > 1 && byValue.has('')) byValue.delete('');
  return [...byValue.values()];
}

export function parseNpmRange(range: string): Comparator[][] {
  const raw = range.trim().replace(/\s+/g, ' ');
  let sets = raw.split('||').map((r) => parseSet(r.trim(), range)).filter((c) => c.length);
  if (!sets.length) throw new InvalidRangeError('npm', range, 'no comparator set');
  if (sets.length > 1) {
    // node-semver drops unsatisfiable sets, and a lone '*' set swallows the others.
    const first = sets[0]!;
    sets = sets.filter((c) => !isNullSet(c[0]!));
    if (sets.length === 0) sets = [first];
    else if (sets.length > 1) {
      const any = sets.find((c) => c.length === 1 && c[0]!.value === '');
      if (any) sets = [any];
    }
  }
  return sets;
}

function test(c: Comparator, v: SemVer): boolean {
  if (c.semver === null) return true;
  const r = compareSemVer(v, c.semver);
  switch (c.op) {
    case '': return r === 0;
    case '>': return r > 0;
    case '>=': return r >= 0;
    case '<': return r < 0;
    case '<=': return r <= 0;
    default: return false;
  }
}

function testSet(set: Comparator[], v: SemVer): boolean {
  if (!set.every((c) => test(c, v))) return false;
  if (!v.prerelease.length) return true;
  // A pre-release only matches when the set names a pre-release of the same major.minor.patch.
  return set.some((c) => c.semver !== null && c.semver.prerelease.length > 0 &&
    c.semver.major === v.major && c.semver.minor === v.minor && c.semver.patch === v.patch);
}

const rangeCache = new ParseCache<Comparator[][]>(5_000);

/** node-semver's satisfies(version, range); throws VERSION errors where node-semver would return false for garbage. */
export function satisfiesNpm(version: string, range: string): boolean {
  const sets = rangeCache.get(range, parseNpmRange);
  const v = parseNpmCached(version);
  return sets.some((s) => testSet(s, v));
}
