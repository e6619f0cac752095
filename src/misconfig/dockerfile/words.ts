// Dockerfile words: splitting instruction arguments the way BuildKit does (quotes, the escape token)
// and expanding $VAR, ${VAR}, ${VAR:-default}, ${VAR:+alt} from the ARG/ENV values known at that point.

export type Lookup = (name: string) => string | undefined;

export interface Expanded {
  value: string;
  /** Variables referenced but not known (expanded to ''). */
  unresolved: string[];
}

/**
 * Splits on unquoted whitespace, keeping quotes and escapes in the words (raw words); `escape` is the
 * Dockerfile's escape token ('\\' or '`').
 */
export function splitRawWords(text: string, escape = '\\'): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      cur += c;
      if (c === escape && quote === '"' && i + 1 < text.length) cur += text[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    cur += c;
    if (c === escape && i + 1 < text.length) cur += text[++i];
    else if (c === '"' || c === "'") quote = c;
  }
  if (inWord) words.push(cur);
  return words;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Expands one raw word: removes quotes, applies escapes, substitutes variables ('' when unknown). */
export function expandWord(raw: string, lookup: Lookup, escape = '\\'): Expanded {
  const unresolved: string[] = [];
  const value = expandInto(raw, lookup, escape, unresolved, 0);
  return { value, unresolved: [...new Set(unresolved)] };
}

// Defaults nest (${A:-${B:-x}}); past this depth the text is kept as written rather than expanded.
const MAX_NESTING = 16;
/** A word expanded past this many characters keeps its further references as written. */
const MAX_EXPANSION = 64 * 1024;

function expandInto(raw: string, lookup: Lookup, escape: string, unresolved: string[], depth: number): string {
  if (depth > MAX_NESTING) return raw;
  let out = '';
  let braces: Map<number, number> | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
      continue;
    }
    if (c === escape && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      // Inside double quotes the escape only escapes what would otherwise be special.
      if (quote === '"' && !['"', '$', escape].includes(next)) out += c;
      out += next;
      i++;
      continue;
    }
    if (c === '"') { quote = quote ? undefined : '"'; continue; }
    if (c === "'" && !quote) { quote = "'"; continue; }
    if (c === '$') {
      if (raw[i + 1] === '{') braces ??= braceMatches(raw);
      const ref = readVariable(raw, i, braces);
      if (!ref) { out += c; continue; }
      const start = i;
      i = ref.end - 1;
      const known = lookup(ref.name);
      if (known === undefined && !ref.op) unresolved.push(ref.name);
      const value = applyOperator(ref, known, lookup, escape, unresolved, depth);
      // ENV B=$A$A$A, ENV C=$B$B$B ... grows exponentially: past the cap the reference stays as written.
      out += out.length + value.length > MAX_EXPANSION ? raw.slice(start, ref.end) : value;
      continue;
    }
    out += c;
  }
  return out;
}

interface VariableRef { name: string; op?: string; word?: string; end: number }

const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Reads `$NAME` or `${NAME[op word]}` starting at `start` (the '$'); `braces` maps each '{' to its '}'. */
function readVariable(s: string, start: number, braces?: Map<number, number>): VariableRef | undefined {
  if (s[start + 1] === '{') {
    const close = (braces ?? braceMatches(s)).get(start + 1);
    if (close === undefined) return undefined;
    const inner = s.slice(start + 2, close);
    const m = NAME.exec(inner);
    if (!m) return undefined;
    const rest = inner.slice(m[0].length);
    const op = /^(:-|:\+|-|\+|:\?|\?)/.exec(rest)?.[0];
    if (!op && rest) return { name: m[0], op: 'unsupported', word: rest, end: close + 1 };
    return { name: m[0], op, word: op ? rest.slice(op.length) : undefined, end: close + 1 };
  }
  NAME_AT.lastIndex = start + 1;
  const m = NAME_AT.exec(s);
  return m ? { name: m[0], end: start + 1 + m[0].length } : undefined;
}

/** Each '{' with its matching '}', in one pass (a scan per '$' would be quadratic on hostile input). */
function braceMatches(s: string): Map<number, number> {
  const matches = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') open.push(i);
    else if (s[i] === '}' && open.length) matches.set(open.pop()!, i);
  }
  return matches;
}

function applyOperator(ref: VariableRef, known: string | undefined, lookup: Lookup, escape: string, unresolved: string[], depth: number): string {
  const word = () => expandInto(ref.word ?? '', lookup, escape, unresolved, depth + 1);
  switch (ref.op) {
    case undefined: return known ?? '';
    case ':-': return known ? known : word();
    case '-': return known !== undefined ? known : word();
    case ':+': return known ? word() : '';
    case '+': return known !== undefined ? word() : '';
    case ':?': case '?': if (known === undefined) unresolved.push(ref.name); return known ?? '';
    default: unresolved.push(ref.name); return known ?? '';
  }
}

/** Whether a raw word references any variable (an unescaped, unquoted-by-single-quotes '$NAME' or '${'). */
export function hasVariable(raw: string, escape = '\\'): boolean {
  let quote: string | undefined;
  let braces: Map<number, number> | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote === "'") { if (c === "'") quote = undefined; continue; }
    if (c === escape) { i++; continue; }
    if (c === '"') quote = quote ? undefined : '"';
    else if (c === "'") quote = "'";
    else if (c === '$' && readVariable(raw, i, raw[i + 1] === '{' ? (braces ??= braceMatches(raw)) : undefined)) return true;
  }
  return false;
}

/**
 * `key=value` pairs of ENV, ARG and LABEL; ENV and LABEL also have the legacy `KEY value...` form.
 * Values are raw (quotes kept) so that callers can expand them against what is known at that line.
 */
export function parseKeyValues(args: string, escape: string, legacy: boolean): { key: string; raw?: string }[] {
  const words = splitRawWords(args, escape);
  if (!words.length) return [];
  if (legacy && !words[0]!.includes('=')) {
    // ENV KEY value with spaces: everything after the first whitespace is the value.
    const key = words[0]!;
    const rest = args.trimStart().slice(key.length).trim();
    return [{ key, raw: rest }];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? { key: w } : { key: w.slice(0, eq), raw: w.slice(eq + 1) };
  });
}
