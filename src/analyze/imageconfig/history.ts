// Build history `created_by` strings back into Dockerfile instructions, so that the Dockerfile checks judge
// what the image's build ran. Builders write them differently:
//   classic docker:  "/bin/sh -c #(nop)  ENV A=b", "/bin/sh -c apt-get update", "|2 A=b C=d /bin/sh -c make"
//   BuildKit:        "ENV A=b", "RUN /bin/sh -c apt-get update # buildkit", "RUN |2 A=b C=d /bin/sh -c make # buildkit"
import {
  heredocsOf, INSTRUCTIONS, MAX_INSTRUCTIONS, MAX_VARIABLES, parseJsonForm, readHeredocBody, splitFlags, type Dockerfile,
  type Flag, type Heredoc, type Instruction as DockerfileInstruction,
} from '../../misconfig/dockerfile/parser.js';
import { expandWord, parseKeyValues } from '../../misconfig/dockerfile/words.js';

export interface Instruction {
  /** Upper-case Dockerfile keyword (RUN, ENV, ARG, ADD, COPY ...), or '' when the text is not recognisable. */
  keyword: string;
  /** The instruction's arguments after its flags; for RUN the shell command with build args and the shell prefix removed. */
  body: string;
  /** RUN only: build args the step ran with ("|2 TOKEN=... FOO=bar"), values as recorded. */
  buildArgs: [string, string][];
  /** Leading flags, as the Dockerfile parser reads them: --mount=type=cache,target=/var/lib/apt/lists, --checksum=... */
  flags: Flag[];
}

const SHELL_PREFIX = /^(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash|ash|dash)\s+-c\s+/;
const NOP = /^(?:\/bin\/)?sh\s+-c\s+#\(nop\)\s*/;

// One leading blank, not \s+: a regex that backtracks over a run of blanks is quadratic on untrusted text.
const BUILDKIT_MARK = /\s#\s*buildkit$/;

export function parseCreatedBy(createdBy: string): Instruction {
  let s = createdBy.trim();
  const mark = BUILDKIT_MARK.exec(s);
  if (mark) s = s.slice(0, mark.index).trimEnd();
  const nop = NOP.exec(s);
  if (nop) {
    s = s.slice(nop[0].length);
    return keywordAndBody(s);
  }
  if (SHELL_PREFIX.test(s) || /^\|\d+\s/.test(s)) return run(s);
  return keywordAndBody(s);
}

const KEYWORDS: ReadonlySet<string> = new Set(INSTRUCTIONS);

function keywordAndBody(s: string): Instruction {
  const m = /^([A-Za-z]+)(?:\s+|$)([\s\S]*)$/.exec(s);
  const keyword = m?.[1]!.toUpperCase();
  if (!m || !keyword || !KEYWORDS.has(keyword)) return { keyword: '', body: s, buildArgs: [], flags: [] };
  if (keyword === 'RUN') return run(m[2]!);
  const { flags, rest } = splitFlags(m[2]!.trim());
  return { keyword, body: rest.trim(), buildArgs: [], flags };
}

/** "[--mount=...] [|N K=V ...] [/bin/sh -c] command" */
function run(s: string): Instruction {
  // BuildKit flags (--mount=type=cache,..., --network=none) precede the build args
  const { flags, rest: afterFlags } = splitFlags(s.trim());
  let rest = afterFlags;
  const buildArgs: [string, string][] = [];
  const count = /^\|(\d+)\s+/.exec(rest);
  if (count) {
    rest = rest.slice(count[0].length);
    const n = Number(count[1]);
    // Values are recorded unquoted and may hold spaces: an assignment runs until the next NAME= or the shell.
    const shellAt = rest.search(/(?:^|\s)(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash|ash|dash)\s+-c\s/);
    let argText: string;
    if (shellAt >= 0) {
      argText = rest.slice(0, shellAt);
      rest = rest.slice(shellAt).trimStart();
    } else {
      const words = rest.split(/\s+/);
      argText = words.slice(0, n).join(' ');
      rest = words.slice(n).join(' ');
    }
    for (const word of argText.split(/\s+/)) {
      if (word === '') continue;
      const eq = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(word);
      if (eq) buildArgs.push([eq[0].slice(0, -1), word.slice(eq[0].length)]);
      else if (buildArgs.length > 0) buildArgs[buildArgs.length - 1]![1] += ' ' + word;
    }
  }
  rest = rest.replace(SHELL_PREFIX, '');
  return { keyword: 'RUN', body: rest, buildArgs, flags };
}

/**
 * ENV / ARG bodies: "A=b C='d e'" or the legacy one-variable form "A b c". ARG without a default has no value
 * and is left out. Quotes and escapes are removed; references ($X, ${X}) stay as written.
 */
export function parseAssignments(body: string): [string, string][] {
  const legacy = !!body.trim() && !body.trim().split(/\s/, 1)[0]!.includes('=');
  const out: [string, string][] = [];
  for (const { key, raw } of parseKeyValues(body, '\\', legacy)) {
    if (raw === undefined || (legacy && raw === '')) continue;
    out.push([key, expandWord(raw, (name) => '$' + name).value]);
  }
  return out;
}

/** One history step, as the checks see it. */
export interface HistoryInstruction {
  /** 1-based position in the config history. */
  step: number;
  instruction: Instruction;
}

/**
 * The build history as a one-stage Dockerfile in which history step N is line N, for the Dockerfile checks of
 * what RUN and ADD steps did. ENV and ARG steps, and each RUN's recorded build args, give the variables its shell
 * saw; other steps do not matter to those checks and are left out. Untrusted: the parser's limits on instructions and
 * variables apply (history past them is not examined).
 */
export function historyDockerfile(steps: readonly HistoryInstruction[]): Dockerfile {
  const instructions: DockerfileInstruction[] = [];
  let variables = 0;
  for (const { step, instruction: h } of steps.slice(0, MAX_INSTRUCTIONS)) {
    const at = { startLine: step, endLine: step, heredocs: [] };
    if (h.keyword === 'ENV' || h.keyword === 'ARG') {
      variables += parseKeyValues(h.body, '\\', h.keyword === 'ENV').length;
      if (variables <= MAX_VARIABLES) instructions.push({ keyword: h.keyword, ...at, flags: [], args: h.body });
    } else if (h.keyword === 'RUN') {
      // The build args are in the step's environment: an ARG with the recorded values, quoted to stay as they are.
      const buildArgs = h.buildArgs.slice(0, Math.max(0, MAX_VARIABLES - variables));
      variables += buildArgs.length;
      if (buildArgs.length) {
        instructions.push({ keyword: 'ARG', ...at, flags: [], args: buildArgs.map(([k, v]) => `${k}="${v.replace(/[\\"$]/g, '\\$&')}"`).join(' ') });
      }
      const json = parseJsonForm(h.body);
      instructions.push({ keyword: 'RUN', ...at, flags: h.flags, ...(json ? { args: h.body, json } : runWithHeredocs(h.body)) });
    } else if (h.keyword === 'ADD') {
      instructions.push({ keyword: 'ADD', ...at, flags: h.flags, args: h.body });
    }
  }
  const from: DockerfileInstruction = { keyword: 'FROM', startLine: 0, endLine: 0, flags: [], args: 'scratch', heredocs: [] };
  return {
    path: 'image history', directives: {}, escape: '\\', warnings: [], metaArgs: [], instructions: [from, ...instructions],
    stages: [{ index: 0, from, base: { raw: 'scratch', resolved: 'scratch', unresolved: [], repository: 'scratch', scratch: true }, instructions }],
  };
}

/**
 * BuildKit records `RUN bash <<EOF` as the command line, then each heredoc's body and delimiter line: split as the
 * Dockerfile parser does, so that a heredoc fed to a shell is checked as a script. Text that does not end with its
 * last delimiter is a plain script (a lone `RUN <<EOF` is recorded as its body).
 */
function runWithHeredocs(body: string): { args: string; heredocs: Heredoc[] } {
  const plain = { args: body, heredocs: [] };
  const newline = body.indexOf('\n');
  const firstLine = body.slice(0, Math.max(newline, 0));
  if (newline < 0 || !firstLine.includes('<<')) return plain;
  const lines = body.split('\n');
  const heredocs = heredocsOf(firstLine, '\\');
  let next: number | undefined = 1;
  for (const doc of heredocs) if (next !== undefined) next = readHeredocBody(doc, lines, next);
  return heredocs.length && next === lines.length ? { args: firstLine, heredocs } : plain;
}
