// Just enough of the POSIX shell grammar to see which commands a RUN step runs: words with quotes and
// escapes, command substitutions kept inside their word, pipelines, && || ; & and newlines, redirections
// dropped, here-documents skipped, and `sh -c '...'` read recursively. The rules look at commands, never
// at substrings of the script, so `echo "curl x | sh"` is not a piped download.

export interface Command {
  /** The words with quotes removed and simple $VAR expanded from assignments seen earlier in the script. */
  words: string[];
  /** The raw words (quotes kept): command substitutions are visible here, e.g. '"$(curl -fsSL x)"'. */
  raw: string[];
  /** The command run through sudo. */
  sudo: boolean;
}

export interface Pipeline {
  commands: Command[];
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);
const MAX_DEPTH = 4;

export function isShell(name: string): boolean {
  return SHELLS.has(basename(name));
}

export function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

export type VarLookup = (name: string) => string | undefined;

/** The pipelines of a shell script; `lookup` gives values for $NAME (ENV/ARG known at that step). */
export function parseShell(script: string, lookup: VarLookup = () => undefined, depth = 0): Pipeline[] {
  // Assignments in this script shadow the outer values; a child `sh -c` sees them but cannot change them.
  const local = new Map<string, string>();
  const scope: Scope = { get: (n) => (local.has(n) ? local.get(n) : lookup(n)), set: (n, v) => { local.set(n, v); } };
  const pipelines: Pipeline[] = [];
  for (const tokens of splitPipelines(tokenize(script))) {
    const commands: Command[] = [];
    const nested: Pipeline[][] = [];
    for (const rawWords of tokens) {
      const cmd = toCommand(rawWords, scope);
      if (!cmd) continue;
      commands.push(cmd);
      const inner = shellCommandScript(cmd);
      if (inner !== undefined && depth < MAX_DEPTH) nested.push(parseShell(inner, scope.get, depth + 1));
    }
    if (commands.length) pipelines.push({ commands });
    for (const list of nested) for (const p of list) pipelines.push(p);
  }
  return pipelines;
}

interface Scope { get: VarLookup; set(name: string, value: string): void }

/** `sh -c 'script'`, `bash -ec "script"`, `su -c 'script'`: the script argument. */
export function shellCommandScript(cmd: Command): string | undefined {
  const name = basename(cmd.words[0] ?? '');
  if (!SHELLS.has(name) && name !== 'su') return undefined;
  for (let i = 1; i < cmd.words.length - 1; i++) {
    const w = cmd.words[i]!;
    if (w === '-c' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w)) return cmd.words[i + 1];
  }
  return undefined;
}

type Token = { word: string } | { op: string };

function toCommand(rawWords: string[], vars: Scope): Command | undefined {
  const words = rawWords.map((w) => unquoteShell(w, vars.get));
  // The command starts at `k`: one index, not a slice per skipped word (A= A= A= ... is quadratic otherwise).
  let k = 0;
  // Leading assignments set shell variables for the rest of the script (and the command's environment).
  while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rawWords[k]!)) {
    const eq = words[k]!.indexOf('=');
    vars.set(words[k]!.slice(0, eq), words[k]!.slice(eq + 1));
    k++;
  }
  while (k < words.length && KEYWORDS.has(words[k]!)) k++;
  let sudo = false;
  for (;;) {
    const head = basename(words[k] ?? '');
    if (head === 'sudo') {
      sudo = true;
      k++;
      while (k < words.length && words[k]!.startsWith('-')) k += /^-[ugCDhpTrt]$/.test(words[k]!) ? 2 : 1;
    } else if (head === 'env' || head === 'nohup' || head === 'exec' || head === 'command' || head === 'nice') {
      k++;
      while (k < words.length && (words[k]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!))) k++;
    } else break;
  }
  if (k >= words.length && !sudo) return undefined;
  return { words: words.slice(k), raw: rawWords.slice(k), sudo };
}

const VAR_AT = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/y;
const DELIMITER_AT = /(?:'([^']*)'|"([^"]*)"|([^\s;&|<>()]+))/y;

/** A word expanded past this many characters keeps its further $references as written (no blow-up). */
const MAX_WORD = 64 * 1024;

/** Removes quotes and escapes; expands $NAME/${NAME} from vars (unknown stay as written). */
export function unquoteShell(raw: string, vars: VarLookup): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote === "'") { if (c === "'") quote = undefined; else out += c; continue; }
    if (c === '\\' && i + 1 < raw.length) { out += raw[++i]; continue; }
    if (c === '"') { quote = quote ? undefined : '"'; continue; }
    if (c === "'") { quote = "'"; continue; }
    if (c === '$') {
      VAR_AT.lastIndex = i;
      const m = VAR_AT.exec(raw);
      const name = m?.[1] ?? m?.[2];
      const value = m && name ? vars(name) : undefined;
      if (m && value !== undefined && out.length + value.length <= MAX_WORD) { out += value; i += m[0].length - 1; continue; }
    }
    out += c;
  }
  return out;
}

/** Words and operators; redirections (with their targets) and comments are dropped, here-document bodies skipped. */
export function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { delim: string; strip: boolean }[] = [];
  let i = 0;
  let word = '';
  let inWord = false;
  let dropNext = false;
  const n = script.length;
  const endWord = () => {
    if (inWord) { if (dropNext) dropNext = false; else tokens.push({ word }); }
    word = ''; inWord = false;
  };
  const skipHeredocBodies = () => {
    // At a newline: skip each pending here-document body up to its delimiter line.
    for (const h of pendingHeredocs.splice(0)) {
      while (i < n) {
        const eol = script.indexOf('\n', i);
        const line = script.slice(i, eol < 0 ? n : eol);
        i = eol < 0 ? n : eol + 1;
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delim) break;
      }
    }
  };
  while (i < n) {
    const c = script[i]!;
    if (c === '\\' && script[i + 1] === '\n') { i += 2; continue; }
    if (c === '\\') { word += script.slice(i, i + 2); inWord = true; i += 2; continue; }
    if (c === "'") { const j = script.indexOf("'", i + 1); const end = j < 0 ? n : j + 1; word += script.slice(i, end); inWord = true; i = end; continue; }
    if (c === '"') { const end = closeDouble(script, i); word += script.slice(i, end); inWord = true; i = end; continue; }
    if (c === '`') { const j = script.indexOf('`', i + 1); const end = j < 0 ? n : j + 1; word += script.slice(i, end); inWord = true; i = end; continue; }
    if ((c === '$' || c === '<' || c === '>') && script[i + 1] === '(') {
      const end = closeParen(script, i + 1); word += script.slice(i, end); inWord = true; i = end; continue;
    }
    if (c === '#' && !inWord) { const j = script.indexOf('\n', i); i = j < 0 ? n : j; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { endWord(); i++; continue; }
    if (c === '\n') { endWord(); tokens.push({ op: ';' }); i++; skipHeredocBodies(); continue; }
    if (c === '<' && script[i + 1] === '<' && script[i + 2] !== '<') {
      if (/^\d+$/.test(word)) { word = ''; inWord = false; }
      endWord();
      i += 2;
      const strip = script[i] === '-';
      if (strip) i++;
      while (script[i] === ' ' || script[i] === '\t') i++;
      DELIMITER_AT.lastIndex = i;
      const m = DELIMITER_AT.exec(script);
      if (m) { pendingHeredocs.push({ delim: (m[1] ?? m[2] ?? m[3]!).replace(/\\/g, ''), strip }); i += m[0].length; }
      continue;
    }
    if (c === '<' || c === '>' || (c === '&' && script[i + 1] === '>')) {
      if (/^\d+$/.test(word)) { word = ''; inWord = false; }
      endWord();
      while (i < n && /[<>&|]/.test(script[i]!) && !(script[i] === '&' && script[i + 1] === '&')) i++;
      if (script[i] === '-' || /\d/.test(script[i] ?? '')) { while (i < n && /[\d-]/.test(script[i]!)) i++; continue; } // >&2, <&-
      dropNext = true; // the redirection target
      continue;
    }
    if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      endWord();
      const two = script.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' || two === '|&' ? two : c;
      tokens.push({ op: op === '|&' ? '|' : op });
      i += op.length;
      continue;
    }
    word += c; inWord = true; i++;
  }
  endWord();
  return tokens;
}

// Substitutions nested deeper than this are not followed: the rest of the script is one word (no stack overflow).
const MAX_NESTING = 64;

function closeDouble(s: string, open: number, depth = 0): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === '$' && s[i + 1] === '(') { i = closeParen(s, i + 1, depth + 1) - 1; continue; }
    if (s[i] === '"') return i + 1;
  }
  return s.length;
}

/** The index after the ')' matching the '(' at `open`, skipping quoted text. */
function closeParen(s: string, open: number, depth = 0): number {
  if (depth > MAX_NESTING) return s.length;
  let parens = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (c === "'") { const j = s.indexOf("'", i + 1); if (j < 0) return s.length; i = j; continue; }
    if (c === '"') { i = closeDouble(s, i, depth + 1) - 1; continue; }
    if (c === '(') parens++;
    else if (c === ')' && --parens === 0) return i + 1;
  }
  return s.length;
}

/** Groups tokens into pipelines (lists of commands' raw words). */
function splitPipelines(tokens: Token[]): string[][][] {
  const pipelines: string[][][] = [];
  let pipeline: string[][] = [];
  let cmd: string[] = [];
  const endCmd = () => { if (cmd.length) pipeline.push(cmd); cmd = []; };
  const endPipeline = () => { endCmd(); if (pipeline.length) pipelines.push(pipeline); pipeline = []; };
  for (const t of tokens) {
    if ('word' in t) cmd.push(t.word);
    else if (t.op === '|') endCmd();
    else endPipeline();
  }
  endPipeline();
  return pipelines;
}

/** All commands of a script, in order. */
export function commandsOf(pipelines: Pipeline[]): Command[] {
  return pipelines.flatMap((p) => p.commands);
}
