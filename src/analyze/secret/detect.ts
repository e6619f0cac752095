// Find secrets in one text with a rule set: one combined keyword search decides whether any rule
// needs to run at all (most files stop there), then each rule whose keyword occurs runs its regex.
// What comes out is already redacted: the line of the match with the secret replaced by '*****'.
import { findingAllowed, type AllowRule } from './allow-rules.js';
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
  /** Case-insensitive alternation of every rule's keywords. */
  prefilter: RegExp;
  allow: readonly AllowRule[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

export function compileRules(rules: readonly SecretRule[], allow: readonly AllowRule[] = []): CompiledRules {
  const words = [...new Set(rules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))].sort((a, b) => b.length - a.length);
  // A rule without keywords would never pass the prefilter; give it one that always does.
  const always = rules.some((r) => r.keywords.length === 0);
  const prefilter = always || words.length === 0 ? /[\s\S]/ : new RegExp(words.map(escapeRe).join('|'), 'i');
  return { rules, prefilter, allow };
}

/** Is the rule confined to one line (its regex cannot cross a newline outside its value)? */
function isLineLocal(rule: SecretRule): boolean {
  return rule.category === 'Generic' || rule.id === 'aws-secret-access-key' || rule.id === 'azure-storage-key' || rule.id === 'npmrc-auth-token';
}

/**
 * Secrets in `text` (a latin1 view of the bytes: one char per byte, so offsets are byte offsets;
 * `bytes` decodes the shown line as UTF-8 when given).
 */
export function findSecrets(text: string, compiled: CompiledRules, path: string, bytes?: Buffer): LocatedFinding[] {
  if (!compiled.prefilter.test(text)) return [];
  const lower = text.toLowerCase();
  const spans: [number, number][] = [];
  const out: LocatedFinding[] = [];
  const lines = new LineIndex(text);
  for (const rule of compiled.rules) {
    if (rule.path && !rule.path.test(path)) continue;
    if (rule.keywords.length > 0 && !rule.keywords.some((k) => lower.includes(k))) continue;
    if (rule.requires && !rule.requires.every((k) => lower.includes(k))) continue;
    for (const [from, to] of windowsFor(rule, text, lower)) {
      rule.regex.lastIndex = from;
      let m: RegExpExecArray | null;
      while ((m = rule.regex.exec(text)) !== null) {
        if (m.index >= to) break;
        if (m[0].length === 0) { rule.regex.lastIndex++; continue; }
        const groups = m.groups ?? {};
        const secret = groups.secret ?? m[0];
        const [start, end] = m.indices?.groups?.secret ?? [m.index, m.index + m[0].length];
        if (spans.some(([s, e]) => start < e && s < end)) continue;
        if (rule.validate && !rule.validate(secret, groups)) continue;
        if (compiled.allow.length > 0 && findingAllowed(compiled.allow, rule.id, secret, path)) continue;
        spans.push([start, end]);
        out.push({ rule: rule.id, line: lines.lineOf(m.index), match: redactedMatch(text, m.index, m.index + m[0].length, start, end, bytes), start, end });
        if (out.length >= MAX_FINDINGS_PER_TEXT) return out.sort((a, b) => a.line - b.line);
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Where a rule runs: the whole text, or (line-local rules) merged windows around each keyword. */
function windowsFor(rule: SecretRule, text: string, lower: string): [number, number][] {
  if (!isLineLocal(rule) || rule.keywords.length === 0) return [[0, text.length]];
  const windows: [number, number][] = [];
  for (const k of rule.keywords) {
    for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + k.length)) {
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
function redactedMatch(text: string, mStart: number, mEnd: number, sStart: number, sEnd: number, bytes?: Buffer): string {
  const lineStart = text.lastIndexOf('\n', mStart) + 1;
  let lineEnd = text.indexOf('\n', Math.max(mEnd - 1, mStart));
  if (lineEnd === -1) lineEnd = text.length;
  const from = Math.max(lineStart, Math.min(mStart, sStart) - CONTEXT_CHARS);
  const to = Math.min(lineEnd, Math.max(mEnd, sEnd) + CONTEXT_CHARS);
  const decode = (a: number, b: number) => (a >= b ? '' : bytes ? bytes.toString('utf8', a, b) : text.slice(a, b));
  const secret = text.slice(sStart, sEnd);
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
