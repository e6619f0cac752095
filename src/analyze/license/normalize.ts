// Licence text as metadata writes it → an SPDX expression, when (and only when) its meaning is exact.
// Order: a valid SPDX expression as written (any case, deprecated ids made current); a known name, URL
// or trove classifier; Debian/free-text grammar ("GPL-2+ or Artistic, and Expat", "X with Y exception")
// whose every term resolves; spdx-correct for single names, checked so that it never invents a version
// ("BSD" → BSD-2-Clause, "GPL" → GPL-3.0) or drops one ("GPL-2+" → GPL-2.0-only).
import { createRequire } from 'node:module';
import { canonicalExceptionId, canonicalLicenseId, isSpdxTree, parseExpression, renderTree, type LicenseLeaf, type LicenseTree } from './spdx.js';
import { lookupName, troveLicenseName, versionedGnu } from './names.js';

const spdxCorrect = createRequire(import.meta.url)('spdx-correct') as (text: string, opts?: { upgrade?: boolean }) => string | null;

export interface NormalizedLicense {
  /** A valid SPDX expression with current ids, when the text has an exact SPDX meaning. */
  expression?: string;
  /** The text as the metadata had it (trimmed). */
  raw: string;
}

export interface NormalizeOptions {
  /** Debian (DEP-5) names: "Artistic" is the Perl licence there. */
  debian?: boolean;
}

/** Longer than this, a "licence" field is the licence's text (or a paragraph about it), not a name. */
const MAX_NAME = 300;

export function normalizeLicense(raw: string, opts: NormalizeOptions = {}): NormalizedLicense {
  const text = raw.trim();
  const tree = licenseTree(text, opts);
  return tree && isSpdxTree(tree) ? { expression: renderTree(tree), raw: text } : { raw: text };
}

/**
 * The licence as a tree whose leaves are SPDX ids where they resolve and raw names elsewhere, so that
 * text with no SPDX form can still be classified and matched by policy; undefined for empty text.
 * The tree is shared (memoised): read it, never change it.
 */
export function licenseTree(raw: string, opts: NormalizeOptions = {}): LicenseTree | undefined {
  // Images repeat the same few hundred licence strings across thousands of packages.
  const key = `${opts.debian ? 'd' : '-'}${raw}`;
  if (memo.has(key)) return memo.get(key);
  if (memo.size >= MEMO_MAX) memo.clear();
  const tree = buildTree(raw, opts);
  memo.set(key, tree);
  return tree;
}

const MEMO_MAX = 20_000;
/** Trees are shared between callers: read-only. */
const memo = new Map<string, LicenseTree | undefined>();

function buildTree(raw: string, opts: NormalizeOptions): LicenseTree | undefined {
  const text = raw.trim().replace(/\s+/g, ' ').replace(/^["']|["']$/g, '');
  if (!text) return undefined;
  if (text.length > MAX_NAME) return rawLeaf(text.slice(0, MAX_NAME));
  const strict = parseExpression(stripOuterParens(text));
  if (strict) return strict;
  const whole = resolveName(text, opts);
  if (whole) return whole;
  return parseLoose(text, opts) ?? resolveTerm(text, opts);
}

const rawLeaf = (name: string): LicenseLeaf => ({ kind: 'leaf', license: name, spdx: false });

function stripOuterParens(text: string): string {
  let t = text;
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(t: string): boolean {
  let depth = 0;
  for (const c of t) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Debian's grammar, which free-text metadata also follows: ", and" / ", or" separate the loosest groups;
 * inside a group "and" binds tighter than "or"; "and/or" is a choice. Parentheses other than one outer
 * pair are not part of it: such text stays one raw name.
 */
function parseLoose(text: string, opts: NormalizeOptions): LicenseTree | undefined {
  const groups = text.split(/\s*,\s*(?=(?:and|or)\s)/i);
  if (groups.length === 1 && !/\s(and|or|and\/or)\s/i.test(text)) return undefined;
  let tree: LicenseTree | undefined;
  for (const [i, g] of groups.entries()) {
    let group = g;
    let joiner: 'and' | 'or' = 'and';
    const lead = /^(and|or)\s+/i.exec(group);
    if (i > 0 && lead) { joiner = lead[1]!.toLowerCase() as 'and' | 'or'; group = group.slice(lead[0].length); }
    const sub = parseGroup(stripOuterParens(group), opts);
    if (!sub) return undefined;
    tree = tree ? { kind: joiner, left: tree, right: sub } : sub;
  }
  return tree;
}

function parseGroup(group: string, opts: NormalizeOptions): LicenseTree | undefined {
  if (/[()]/.test(group)) return undefined;
  const alternatives = group.split(/\s+(?:or|and\/or)\s+/i).map((alt) => {
    const terms = alt.split(/\s+and\s+/i).map((t) => resolveTerm(t, opts));
    return terms.reduce<LicenseTree>((l, r) => ({ kind: 'and', left: l, right: r }), terms.shift()!);
  });
  return alternatives.reduce<LicenseTree>((l, r) => ({ kind: 'or', left: l, right: r }), alternatives.shift()!);
}

/** One licence name with an optional "with X exception"; a raw leaf when it does not resolve. */
function resolveTerm(term: string, opts: NormalizeOptions): LicenseTree {
  const t = term.trim();
  const m = /^(.+?)\s+with\s+(.+?)$/i.exec(t);
  if (m) {
    const base = resolveName(m[1]!, opts);
    const exception = resolveException(m[2]!, base);
    const leaf: LicenseLeaf = base?.kind === 'leaf' ? { ...base } : rawLeaf(m[1]!.trim());
    if (exception) { leaf.exception = exception; leaf.exceptionSpdx = true; }
    else { leaf.exception = m[2]!.trim(); leaf.exceptionSpdx = false; }
    return leaf;
  }
  return resolveName(t, opts) ?? rawLeaf(t);
}

// Debian's names for exceptions ("GPL-3+ with Bison exception") → SPDX exception ids.
const DEBIAN_EXCEPTIONS: Record<string, string> = {
  bison: 'Bison-exception-2.2',
  'bison-2.2': 'Bison-exception-2.2',
  'gcc-runtime-library': 'GCC-exception-3.1',
  classpath: 'Classpath-exception-2.0',
  texinfo: 'Texinfo-exception',
  libtool: 'Libtool-exception',
  font: 'Font-exception-2.0',
};

function resolveException(text: string, base: LicenseTree | undefined): string | undefined {
  const name = text.trim().replace(/\s+exception$/i, '').replace(/\s+/g, '-');
  const direct = canonicalExceptionId(name) ?? canonicalExceptionId(`${name}-exception`);
  if (direct) return direct;
  const lower = name.toLowerCase();
  // The Autoconf exception has one text per GPL version.
  if (lower === 'autoconf' && base?.kind === 'leaf' && base.spdx) {
    const v = /^GPL-(2|3)\.0/.exec(base.license)?.[1];
    return v ? `Autoconf-exception-${v}.0` : undefined;
  }
  return DEBIAN_EXCEPTIONS[lower];
}

/** A single licence name (no operators) → an SPDX leaf, or undefined. */
function resolveName(name: string, opts: NormalizeOptions): LicenseLeaf | undefined {
  const n = name.trim();
  const trove = troveLicenseName(n);
  if (trove) return resolveName(trove, opts);
  const plus = n.endsWith('+') && !/\s/.test(n);
  const id = canonicalLicenseId(plus ? n.slice(0, -1) : n, plus)
    ?? versionedGnu(n)
    ?? lookupName(n, opts.debian)
    ?? corrected(n);
  if (!id) return undefined;
  const tree = parseExpression(id);
  return tree?.kind === 'leaf' ? tree : undefined;
}

const FILLER = new Set(['license', 'licence', 'licensed', 'the', 'version', 'v', 'only', 'or', 'later', 'clause']);

/** spdx-correct's answer, kept only when it neither invents nor drops a version or an "or later". */
function corrected(name: string): string | undefined {
  // "MIT-like", "BSD-style", "GPL or MIT-US-export": a licence like X is not X; slashes join two names.
  if (/\b(like|style|variant|similar|derived|modified|custom|see|other|based|and|or|with|except|exception|without)\b|\/|,/i.test(name)) return undefined;
  if (/^https?:/i.test(name)) return undefined;
  let out: string | null;
  try { out = spdxCorrect(name); } catch { return undefined; }
  if (!out) return undefined;
  const wantsLater = /\+|later|newer/i.test(name);
  const saysLater = /-or-later$|\+$/.test(out);
  if (wantsLater !== saysLater) return undefined;
  const versions = (s: string) => [...s.matchAll(/\d+(?:\.\d+)*/g)].map((m) => m[0].replace(/(\.0)+$/, ''));
  const have = new Set(versions(name));
  if (!versions(out).every((v) => have.has(v))) return undefined;
  // Every word of the name must be in the id (or be a filler word): "MIT-US-export" is not MIT, "BSLA" not BSL-1.0.
  const words = (s: string) => s.toLowerCase().split(/[^a-z]+|(?<=[a-z])(?=\d)/).filter(Boolean);
  const idWords = new Set(words(out));
  if (!words(name).every((w) => idWords.has(w) || FILLER.has(w))) return undefined;
  return canonicalLicenseId(out.replace(/\+$/, ''), out.endsWith('+')) ?? out;
}
