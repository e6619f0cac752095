// A Dockerfile parser that follows BuildKit's (frontend/dockerfile/parser): parser directives at the top,
// the escape token, line continuations that skip comment and blank lines, heredocs on RUN/COPY/ADD,
// exec (JSON) form, leading --flags, ONBUILD, and stages with ARG-before-FROM substitution.
// Every instruction keeps its first and last physical line (1-based, heredoc bodies included).
import { HullscanError } from '../../errors.js';
import { expandWord, parseKeyValues, splitRawWords, type Lookup } from './words.js';

export const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;
export type Keyword = (typeof INSTRUCTIONS)[number];

const HEREDOC_INSTRUCTIONS = new Set<Keyword>(['RUN', 'COPY', 'ADD']);
/** Larger inputs are not Dockerfiles: the limits keep hostile input from costing time or memory. */
export const MAX_DOCKERFILE_BYTES = 8 * 1024 * 1024;
export const MAX_INSTRUCTIONS = 5000;
/** ARG/ENV/LABEL key=value pairs over the whole file. */
export const MAX_VARIABLES = 5000;

export interface Heredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** The body, one '\n' after each line; leading tabs removed for `<<-`. */
  content: string;
  /** `<<-`: leading tabs stripped. */
  chomp: boolean;
  /** Unquoted delimiter: variables in the body are expanded at build time. */
  expand: boolean;
  /** A file descriptor prefix, e.g. 3 for `3<<EOF`. */
  fd?: number;
}

export interface Flag {
  name: string;
  value?: string;
}

export interface Instruction {
  keyword: Keyword;
  /** First and last physical line, 1-based. */
  startLine: number;
  endLine: number;
  /** Leading `--name[=value]` flags. */
  flags: Flag[];
  /** The arguments after the flags, continuation lines joined (heredoc bodies are in `heredocs`). */
  args: string;
  /** Exec form: the arguments were a JSON array of strings. */
  json?: string[];
  heredocs: Heredoc[];
  /** ONBUILD's trigger instruction. */
  trigger?: Instruction;
  /** Rule ids silenced for this instruction by a comment line above it: `# hullscan:ignore HS-DS-002 HS-DS-003`. */
  ignore?: string[];
}

export interface ImageRef {
  /** The FROM argument as written, e.g. '${BASE}' or 'node:20-alpine'. */
  raw: string;
  /** After substituting the ARGs declared before the first FROM. */
  resolved: string;
  /** ARGs referenced but without a value: the real base is chosen at build time. */
  unresolved: string[];
  /** Repository without tag and digest, lower-cased registry host kept as written. */
  repository: string;
  tag?: string;
  digest?: string;
  /** 'scratch', the empty base. */
  scratch: boolean;
  /** The index of an earlier stage this FROM builds on (FROM builder). */
  stage?: number;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit compares it. */
  name?: string;
  from: Instruction;
  base: ImageRef;
  platform?: string;
  /** The instructions after FROM up to the next FROM. */
  instructions: Instruction[];
}

export interface Dockerfile {
  path: string;
  /** Parser directives (`# syntax=`, `# escape=`, `# check=`), keys lower-cased. */
  directives: Record<string, string>;
  escape: '\\' | '`';
  /** ARGs before the first FROM (their defaults are what FROM lines can use). */
  metaArgs: Instruction[];
  stages: Stage[];
  /** Every instruction in file order. */
  instructions: Instruction[];
  /** Problems that do not stop the parse (BuildKit warns about them too). */
  warnings: string[];
}

// `# hullscan:ignore HS-DS-002, HS-DS-003 -- reason`: the ids up to an optional ' -- reason'.
const IGNORE_COMMENT = /^#\s*hullscan:ignore(?:=|\s+)((?:[A-Za-z]+-[A-Za-z]+-\d+[\s,]*)+)(?:--.*)?$/;
const DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
const FLAG_AT = /--([A-Za-z0-9][A-Za-z0-9-]*)(?:=((?:"[^"]*"|'[^']*'|\S)*))?(?:\s+|$)/y;

class LineError extends Error {
  constructor(readonly line: number, message: string) { super(message); }
}
class LimitError extends LineError {}

/** Parses a Dockerfile's text; bad input is a HullscanError naming the file and line. */
export function parseDockerfile(input: string | Buffer, path: string): Dockerfile {
  const text = decode(input, path);
  try {
    return parseText(text, path);
  } catch (e) {
    if (e instanceof LineError) throw new HullscanError(e instanceof LimitError ? 'LIMIT' : 'INPUT', `line ${e.line}: ${e.message}`, { subject: path });
    throw e;
  }
}

function decode(input: string | Buffer, path: string): string {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_DOCKERFILE_BYTES) throw new HullscanError('LIMIT', `larger than ${MAX_DOCKERFILE_BYTES} bytes: not a Dockerfile`, { subject: path });
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new HullscanError('INPUT', 'not a text file (invalid UTF-8): not a Dockerfile', { subject: path });
    }
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new HullscanError('INPUT', `line ${text.slice(0, nul).split('\n').length}: binary data (NUL byte): not a Dockerfile`, { subject: path });
  return text.replace(/^\uFEFF/, '');
}

function parseText(text: string, path: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const directives: Record<string, string> = {};
  const warnings: string[] = [];
  let i = 0;
  // Directives only at the very top: the first line that is not one (blank lines included) ends them.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!.trimStart());
    const key = m?.[1]!.toLowerCase();
    if (!m || !key || !DIRECTIVES.has(key)) break; // an unknown one is a comment, and ends the directives
    if (key in directives) throw new LineError(i + 1, `the '${key}' parser directive is given twice`);
    directives[key] = m[2]!;
  }
  const escapeValue = directives.escape ?? '\\';
  if (escapeValue !== '\\' && escapeValue !== '`') throw new LineError(1, `invalid escape token '${escapeValue}' (must be \` or \\)`);
  const escape = escapeValue as Dockerfile['escape'];
  // As BuildKit: the escape token at the end of a line continues it unless the token itself is escaped
  // (`RUN echo a\\\\` ends there); the character before the token stays.
  const token = escape === '\\' ? '\\\\' : '`';
  const continuation = new RegExp(`([^${token}])${token}[ \\t]*$`);

  const instructions: Instruction[] = [];
  const pendingIgnores = new Set<string>();
  let pairs = 0;
  while (i < lines.length) {
    const first = lines[i]!.trimStart();
    const startLine = ++i;
    if (first === '') continue;
    if (first.startsWith('#')) {
      const ignore = IGNORE_COMMENT.exec(first);
      if (ignore) for (const id of ignore[1]!.split(/[\s,]+/).filter(Boolean)) pendingIgnores.add(id.toUpperCase());
      continue;
    }
    let logical = '';
    let cur = first;
    let endLine = startLine;
    let emptyContinuation = false;
    while (continuation.test(cur)) {
      logical += cur.replace(continuation, '$1');
      cur = '';
      let found = false;
      while (i < lines.length) {
        const next = lines[i++]!;
        const t = next.trimStart();
        if (t.startsWith('#')) continue; // comments inside a continuation are dropped
        if (t === '') { emptyContinuation = true; continue; }
        cur = next;
        endLine = i;
        found = true;
        break;
      }
      if (!found) break; // a trailing escape at the end of the file ends the instruction
    }
    logical += cur;
    if (emptyContinuation) warnings.push(`line ${startLine}: empty continuation line (BuildKit will reject these in a future release)`);
    const ins = parseInstruction(logical, startLine, escape);
    // Heredoc bodies follow the instruction's last line, one after the other.
    for (const doc of ins.heredocs) {
      const next = readHeredocBody(doc, lines, i);
      if (next === undefined) throw new LineError(startLine, `unterminated heredoc '<<${doc.chomp ? '-' : ''}${doc.name}' (no line '${doc.name}' before the end of the file)`);
      i = endLine = next;
    }
    ins.endLine = endLine;
    if (ins.trigger) ins.trigger.endLine = endLine;
    if (pendingIgnores.size) { ins.ignore = [...pendingIgnores]; pendingIgnores.clear(); }
    instructions.push(ins);
    if (instructions.length > MAX_INSTRUCTIONS) throw new LimitError(startLine, `more than ${MAX_INSTRUCTIONS} instructions`);
    if (['ARG', 'ENV', 'LABEL'].includes(ins.keyword) && (pairs += parseKeyValues(ins.args, escape, ins.keyword !== 'ARG').length) > MAX_VARIABLES) {
      throw new LimitError(startLine, `more than ${MAX_VARIABLES} ARG/ENV/LABEL values`);
    }
  }
  if (!instructions.length) throw new LineError(1, 'no instructions: the file is empty or only comments');
  return { path, directives, escape, warnings, instructions, ...stagesOf(instructions, escape) };
}

function parseInstruction(logical: string, line: number, escape: string): Instruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(logical.trim());
  if (!m) throw new LineError(line, 'empty instruction');
  const word = m[1]!;
  const keyword = word.toUpperCase();
  if (!(INSTRUCTIONS as readonly string[]).includes(keyword)) {
    throw new LineError(line, `unknown instruction '${printable(word)}'`);
  }
  const kw = keyword as Keyword;
  let rest = m[2]!;
  let flags: Flag[] = [];
  if (kw !== 'ONBUILD') ({ flags, rest } = splitFlags(rest));
  const args = rest.trim();
  const ins: Instruction = { keyword: kw, startLine: line, endLine: line, flags, args, heredocs: [] };
  if (kw === 'ONBUILD') {
    if (!args) throw new LineError(line, 'ONBUILD needs an instruction');
    const triggerWord = args.split(/\s/, 1)[0]!.toUpperCase();
    if (['ONBUILD', 'FROM', 'MAINTAINER'].includes(triggerWord)) throw new LineError(line, `${triggerWord} is not allowed as an ONBUILD trigger`);
    const trigger = parseInstruction(args, line, escape);
    ins.trigger = trigger;
    ins.heredocs = trigger.heredocs;
    return ins;
  }
  const json = parseJsonForm(args);
  if (json) ins.json = json;
  else if (HEREDOC_INSTRUCTIONS.has(kw)) ins.heredocs = heredocsOf(args, escape);
  if (!args) throw new LineError(line, `${kw} needs arguments`);
  return ins;
}

/** Leading `--name[=value]` words, as BuildKit's extractBuilderFlags: words starting with '--' until the first other word. */
export function splitFlags(text: string): { flags: Flag[]; rest: string } {
  const flags: Flag[] = [];
  let pos = 0;
  for (;;) {
    FLAG_AT.lastIndex = pos;
    const fm = FLAG_AT.exec(text);
    if (!fm) break;
    flags.push(fm[2] === undefined ? { name: fm[1]! } : { name: fm[1]!, value: unquote(fm[2]) });
    pos = FLAG_AT.lastIndex;
  }
  return { flags, rest: text.slice(pos) };
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
}

/** A flag value without its surrounding quotes; variables stay as written (BuildKit expands them per flag). */
function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]!) : v;
}

/** Exec form: a JSON array of strings (anything else is shell form, as in BuildKit). */
export function parseJsonForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch { /* shell form */ }
  return undefined;
}

/**
 * Reads a heredoc's body from `lines[from]` up to its delimiter line into `doc.content`; returns the index after
 * the delimiter, or undefined when no line ends it.
 */
export function readHeredocBody(doc: Heredoc, lines: readonly string[], from: number): number | undefined {
  const body: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const candidate = doc.chomp ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
    if (candidate === doc.name) {
      doc.content = body.map((l) => l + '\n').join('');
      return i + 1;
    }
    body.push(candidate);
  }
  return undefined;
}

/** The heredocs an instruction line opens (`<<EOF`, `<<-"EOF"`, `3<<EOF`), bodies still empty. */
export function heredocsOf(args: string, escape: string): Heredoc[] {
  const docs: Heredoc[] = [];
  for (const word of splitRawWords(args, escape)) {
    const m = HEREDOC_WORD.exec(word);
    if (!m || !m[3]) continue;
    const nameWord = m[3];
    const quoted = /["']/.test(nameWord);
    const name = expandWord(nameWord, () => undefined, escape).value;
    if (!name) continue;
    docs.push({ name, content: '', chomp: m[2] === '-', expand: !quoted, ...(m[1] ? { fd: Number(m[1]) } : {}) });
  }
  return docs;
}

function stagesOf(instructions: Instruction[], escape: string): { metaArgs: Instruction[]; stages: Stage[] } {
  const metaArgs: Instruction[] = [];
  const stages: Stage[] = [];
  const meta = new Map<string, string | undefined>();
  const lookup: Lookup = (n) => meta.get(n);
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      stages.push(stageOf(ins, stages, lookup, escape));
      continue;
    }
    if (!stages.length) {
      if (ins.keyword !== 'ARG') throw new LineError(ins.startLine, `${ins.keyword} before the first FROM (only ARG may come before FROM)`);
      metaArgs.push(ins);
      for (const { key, raw } of parseKeyValues(ins.args, escape, false)) {
        meta.set(key, raw === undefined ? meta.get(key) : expandWord(raw, lookup, escape).value);
      }
      continue;
    }
    stages[stages.length - 1]!.instructions.push(ins);
  }
  if (!stages.length) throw new LineError(instructions[instructions.length - 1]!.startLine, 'no FROM instruction: no build stage');
  return { metaArgs, stages };
}

function stageOf(from: Instruction, earlier: Stage[], lookup: Lookup, escape: string): Stage {
  const words = splitRawWords(from.args, escape);
  if (words.length !== 1 && !(words.length === 3 && words[1]!.toUpperCase() === 'AS')) {
    throw new LineError(from.startLine, "FROM takes an image and optionally 'AS name'");
  }
  let name: string | undefined;
  if (words.length === 3) {
    name = expandWord(words[2]!, lookup, escape).value.toLowerCase();
    if (!STAGE_NAME.test(name)) throw new LineError(from.startLine, `invalid stage name '${printable(name)}'`);
    if (earlier.some((s) => s.name === name)) throw new LineError(from.startLine, `duplicate stage name '${name}'`);
  }
  const platformFlag = from.flags.find((f) => f.name === 'platform')?.value;
  return {
    index: earlier.length,
    ...(name ? { name } : {}),
    from,
    base: imageRef(words[0]!, earlier, lookup, escape),
    ...(platformFlag ? { platform: platformFlag } : {}),
    instructions: [],
  };
}

/** An image reference as written in FROM (or COPY --from): variables expanded, stage names recognised. */
export function imageRef(raw: string, earlier: Stage[], lookup: Lookup, escape: string): ImageRef {
  const { value, unresolved } = expandWord(raw, lookup, escape);
  const lower = value.toLowerCase();
  const stage = earlier.find((s) => s.name === lower);
  const ref: ImageRef = { raw, resolved: value, unresolved, repository: value, scratch: lower === 'scratch' };
  if (stage) return { ...ref, stage: stage.index };
  let rest = value;
  const at = rest.indexOf('@');
  if (at >= 0) { ref.digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) { ref.tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  ref.repository = rest;
  return ref;
}

/** Index of the build's final stage: the last one (the default target). */
export function finalStage(df: Dockerfile): Stage {
  return df.stages[df.stages.length - 1]!;
}

/** The final stage and the stages it builds on (FROM <stage>), final first: what ships in the image. */
export function shippedStages(df: Dockerfile): Stage[] {
  const chain: Stage[] = [];
  let s: Stage | undefined = finalStage(df);
  while (s && !chain.includes(s)) {
    chain.push(s);
    s = s.base.stage === undefined ? undefined : df.stages[s.base.stage];
  }
  return chain;
}
