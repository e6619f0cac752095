// Find secrets in one text with a rule set: one combined keyword search decides whether any rule
// needs to run at all (most files stop there), then each rule whose keyword occurs runs its regex.
// What comes out is already redacted: the line of the match with the secret replaced by '*****'.
import { findingAllowed, pathMatches, type AllowRule } from './allow-rules.js';
import type { SecretRule } from './rules.js';

export const REDACTED = '*****';
/** Findings per text beyond this are dropped (a generated file full of tokens says enough with these). */
const MAX_FINDINGS_PER_TEXT = 100;
/** Context kept on each side of the secret in `match` (minified files have very long lines). */
const CONTEXT_CHARS = 80;
/** Rules that match inside one line run only on the lines around their keywords, not the whole text. */
const LINE_WINDOW_BEFORE = 120;

/** A redacted finding in one text (the caller adds path, layer and the rule's metadata). */
export interface TextFinding {
  rule: string;
  line: number;
  match: string;
}

/** A finding with where its secret lies in the text (in memory only: offsets say nothing of the secret). */
export interface LocatedFinding extends TextFinding {
  start: number;
  end: number;
}

export interface CompiledRules {
  rules: readonly SecretRule[];
  allow: readonly AllowRule[];
  /** The rules that run on a path (allow rules can turn some off for whole trees), memoised per distinct set. */
  forPath(path: string): RuleSet | undefined;
}

/** The rules active on some paths, with one combined keyword search over all their keywords. */
interface RuleSet {
  rules: readonly SecretRule[];
  /** Global, case-insensitive alternation of the keywords, longest first. */
  keywords: RegExp;
  /** Keyword → the shorter keywords inside it (a match of 'db_password' at '_password' also means 'password'). */
  implied: Map<string, { word: string; offset: number }[]>;
  /** Rules without keywords run on every text. */
  always: boolean;
}

/** Regex matches of one rule checked per text (validated, deduplicated) before the rule gives up on it. */
const MAX_CANDIDATES_PER_RULE = 2000;
/** Keyword hits beyond this make line-local rules run on the whole text instead of windows. */
const MAX_KEYWORD_HITS = 5000;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function ruleSet(rules: readonly SecretRule[]): RuleSet {
  const words = [...new Set(rules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))].sort((a, b) => b.length - a.length);
  const implied = new Map<string, { word: string; offset: number }[]>();
  for (const w of words) {
    const inside = words.filter((o) => o !== w && w.includes(o)).map((o) => ({ word: o, offset: w.indexOf(o) }));
    if (inside.length) implied.set(w, inside);
  }
  const keywords = new RegExp(words.length ? words.map(escapeRe).join('|') : '(?!)', 'gi');
  return { rules, keywords, implied, always: rules.some((r) => r.keywords.length === 0) };
}

export function compileRules(rules: readonly SecretRule[], allow: readonly AllowRule[] = []): CompiledRules {
  // allow rules that drop a rule on whole paths (no regex on the secret): the rule need not run there
  const pathOnly = allow.filter((a) => a.path && !a.regex);
  const sets = new Map<string, RuleSet | undefined>();
  // rules bound to some files (.npmrc, config.json) keep their keywords out of every other file's search
  const pathBound = rules.filter((r) => r.path);
  const general = ruleSet(rules.filter((r) => !r.path));
  return {
    rules, allow,
    forPath(path: string): RuleSet | undefined {
      const off = pathOnly.filter((a) => pathMatches(a.path!, path));
      if (off.length === 0 && !pathBound.some((r) => pathMatches(r.path!, path))) return general;
      const on = rules.filter((r) => (!r.path || pathMatches(r.path, path)) && !off.some((a) => !a.rules || a.rules.includes(r.id)));
      const key = on.map((r) => r.id).join(',');
      if (!sets.has(key)) sets.set(key, on.length ? ruleSet(on) : undefined);
      return sets.get(key);
    },
  };
}

/** Is the rule confined to one line (its regex cannot cross a newline outside its value)? */
function isLineLocal(rule: SecretRule): boolean {
  return rule.category === 'Generic' || rule.id === 'aws-secret-access-key' || rule.id === 'azure-storage-key' || rule.id === 'npmrc-auth-token';
}

/** Where each keyword occurs (lower-cased keyword → offsets), or undefined when none does. */
function keywordHits(text: string, set: RuleSet): { at: Map<string, number[]>; capped: boolean } | undefined {
  const re = set.keywords;
  re.lastIndex = 0;
  let m = re.exec(text);
  if (!m && !set.always) return undefined;
  const at = new Map<string, number[]>();
  const add = (w: string, i: number) => {
    const list = at.get(w);
    if (list) list.push(i);
    else at.set(w, [i]);
  };
  let n = 0;
  for (; m; m = re.exec(text)) {
    const w = m[0].toLowerCase();
    add(w, m.index);
    for (const { word, offset } of set.implied.get(w) ?? []) add(word, m.index + offset);
    if (++n >= MAX_KEYWORD_HITS) return { at, capped: true };
  }
  return { at, capped: false };
}

/**
 * Secrets in `text`. With `latin1`, the text is a file's bytes one char per byte, and the shown line
 * is decoded as UTF-8.
 */
export function findSecrets(text: string, compiled: CompiledRules, path: string, latin1 = false): LocatedFinding[] {
  const set = compiled.forPath(path);
  if (!set) return [];
  const hits = keywordHits(text, set);
  if (!hits) return [];
  const spans: [number, number][] = [];
  const seen = new Set<string>();
  const out: LocatedFinding[] = [];
  const lines = new LineIndex(text);
  for (const rule of set.rules) {
    if (rule.keywords.length > 0 && !hits.capped && !rule.keywords.some((k) => hits.at.has(k))) continue;
    if (rule.requires && !rule.requires.every((k) => requireRe(k).test(text))) continue;
    let candidates = 0;
    for (const [from, to] of windowsFor(rule, text, hits)) {
      // a window is searched on its own (a regex started inside the text would run on past the window)
      const part = from === 0 && to >= text.length ? text : text.slice(from, to);
      rule.regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = rule.regex.exec(part)) !== null) {
        if (m[0].length === 0) { rule.regex.lastIndex++; continue; }
        const groups = m.groups ?? {};
        const secret = groups.secret ?? m[0];
        const [gs, ge] = m.indices?.groups?.secret ?? [m.index, m.index + m[0].length];
        const start = from + gs, end = from + ge, mStart = from + m.index;
        // a text made of candidates (hostile or generated) costs a bounded number of checks
        if (++candidates > MAX_CANDIDATES_PER_RULE) break;
        if (spans.some(([s, e]) => start < e && s < end)) continue;
        const line = lines.lineOf(mStart);
        const key = `${rule.id}\u0000${line}\u0000${secret}`;
        if (seen.has(key)) continue;             // the same secret again on its line: one finding
        if (rule.validate && !rule.validate(secret, groups)) continue;
        if (compiled.allow.length > 0 && findingAllowed(compiled.allow, rule.id, secret, path)) continue;
        seen.add(key);
        spans.push([start, end]);
        out.push({ rule: rule.id, line, match: redactedMatch(text, mStart, mStart + m[0].length, start, end, latin1), start, end });
        if (out.length >= MAX_FINDINGS_PER_TEXT) return out.sort((a, b) => a.line - b.line);
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

const requireCache = new Map<string, RegExp>();
function requireRe(word: string): RegExp {
  let re = requireCache.get(word);
  if (!re) requireCache.set(word, (re = new RegExp(escapeRe(word), 'i')));
  return re;
}

/** Where a rule runs: the whole text, or (line-local rules) merged windows around each keyword. */
function windowsFor(rule: SecretRule, text: string, hits: { at: Map<string, number[]>; capped: boolean }): [number, number][] {
  if (!isLineLocal(rule) || rule.keywords.length === 0 || hits.capped) return [[0, text.length]];
  const windows: [number, number][] = [];
  for (const k of rule.keywords) {
    for (const at of hits.at.get(k) ?? []) {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const from = Math.max(lineStart, at - LINE_WINDOW_BEFORE);
      let to = text.indexOf('\n', at);
      if (to === -1) to = text.length;
      windows.push([from, Math.min(to, at + 4096) + 1]);
    }
  }
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

/**
 * The lines the match spans, joined, with the secret replaced; long lines are cut to some context
 * around the secret. Nothing of the secret survives, whatever the match or the lines look like.
 */
function redactedMatch(text: string, mStart: number, mEnd: number, sStart: number, sEnd: number, latin1: boolean): string {
  const lineStart = text.lastIndexOf('\n', mStart) + 1;
  let lineEnd = text.indexOf('\n', Math.max(mEnd - 1, mStart));
  if (lineEnd === -1) lineEnd = text.length;
  const from = Math.max(lineStart, Math.min(mStart, sStart) - CONTEXT_CHARS);
  const to = Math.min(lineEnd, Math.max(mEnd, sEnd) + CONTEXT_CHARS);
  const decode = (a: number, b: number) => (a >= b ? '' : latin1 ? Buffer.from(text.slice(a, b), 'latin1').toString('utf8') : text.slice(a, b));
  const secret = latin1 ? Buffer.from(text.slice(sStart, sEnd), 'latin1').toString('utf8') : text.slice(sStart, sEnd);
  const clean = (s: string) => {
    let r = s.replace(/\r?\n/g, ' ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ');
    // the secret (or a line of a multi-line secret) must not reappear elsewhere on the shown line
    if (secret.length >= 4) r = r.split(secret).join(REDACTED);
    return r;
  };
  return `${clean(decode(from, sStart)).trimStart()}${REDACTED}${clean(decode(sEnd, to)).trimEnd()}`;
}

/** Offset → 1-based line number, counting newlines once, forward. */
class LineIndex {
  private pos = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  lineOf(offset: number): number {
    if (offset < this.pos) {
      // matches of a later rule may lie before: count from the start again (rare, few findings)
      let n = 1;
      for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) n++;
      return n;
    }
    for (let i = this.text.indexOf('\n', this.pos); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) this.line++;
    this.pos = offset;
    return this.line;
  }
}
