// What a Dockerfile does, step by step, as the rules need it: the variables known at each instruction
// (ARG and ENV), the shell commands each RUN runs (shell form, exec form and heredoc scripts), its
// --mount flags, and which stages end up in the built image.
import { finalStage, shippedStages, type Dockerfile, type Instruction, type Stage } from './parser.js';
import { basename, commandsOf, isShell, parseShell, type Command, type Pipeline } from './shell.js';
import { expandWord, parseKeyValues, splitRawWords } from './words.js';

export interface Mount {
  type: string;
  target?: string;
  /** from=: a stage or an image to mount from. */
  from?: string;
}

export interface Step {
  ins: Instruction;
  stage: Stage;
  /** The stage is the final one or one it builds on: its files and settings ship. */
  shipped: boolean;
  /** ARG and ENV values known before this instruction (build-time defaults); shared, do not modify. */
  vars: Map<string, string>;
}

export interface RunStep extends Step {
  /** The shell scripts the step runs: the command line and heredoc bodies that are shell scripts. */
  scripts: string[];
  pipelines: Pipeline[];
  commands: Command[];
  mounts: Mount[];
}

export interface Analysis {
  df: Dockerfile;
  steps: Step[];
  runs: RunStep[];
  /** Final stage first, then what it builds on. */
  shipped: Stage[];
  final: Stage;
}

export function analyze(df: Dockerfile): Analysis {
  const shipped = shippedStages(df);
  const meta = new Map<string, string>();
  for (const ins of df.metaArgs) {
    for (const { key, raw } of parseKeyValues(ins.args, df.escape, false)) {
      if (raw !== undefined) meta.set(key, expandWord(raw, (n) => meta.get(n), df.escape).value);
    }
  }
  const steps: Step[] = [];
  const runs: RunStep[] = [];
  const stageVars = new Map<number, Map<string, string>>();
  for (const stage of df.stages) {
    // A stage built on another inherits its ENV (ARGs do not carry over).
    const inheritedEnv = stage.base.stage !== undefined ? stageVars.get(stage.base.stage) : undefined;
    // Copy on write: steps share the map until an ARG or ENV changes it.
    let vars = new Map(inheritedEnv ?? []);
    const env = new Map(inheritedEnv ?? []);
    for (const ins of stage.instructions) {
      const step: Step = { ins, stage, shipped: shipped.includes(stage), vars };
      steps.push(step);
      if (ins.keyword === 'ARG' || ins.keyword === 'ENV') vars = new Map(vars);
      const lookup = (n: string) => vars.get(n);
      if (ins.keyword === 'ARG') {
        for (const { key, raw } of parseKeyValues(ins.args, df.escape, false)) {
          if (env.has(key)) continue; // ENV wins over ARG of the same name
          const value = raw !== undefined ? expandWord(raw, lookup, df.escape).value : meta.get(key);
          if (value !== undefined) vars.set(key, value);
        }
      } else if (ins.keyword === 'ENV') {
        for (const { key, raw } of parseKeyValues(ins.args, df.escape, true)) {
          const value = expandWord(raw ?? '', lookup, df.escape).value;
          vars.set(key, value);
          env.set(key, value);
        }
      } else if (ins.keyword === 'RUN') {
        runs.push(runStep(step, df));
      }
    }
    stageVars.set(stage.index, env);
  }
  return { df, steps, runs, shipped, final: finalStage(df) };
}

function runStep(step: Step, df: Dockerfile): RunStep {
  const { ins } = step;
  const scripts: string[] = [];
  if (ins.json) {
    // Exec form: no shell, unless the command is one (["sh", "-c", "..."]); quoting keeps each word whole.
    scripts.push(ins.json.map(shellQuote).join(' '));
  } else {
    scripts.push(ins.args);
    for (const script of heredocScripts(ins, df.escape)) scripts.push(script);
  }
  const lookup = (n: string) => step.vars.get(n);
  const pipelines = scripts.flatMap((s) => parseShell(s, lookup));
  return { ...step, scripts, pipelines, commands: commandsOf(pipelines), mounts: mountsOf(ins) };
}

function shellQuote(w: string): string {
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * Heredoc bodies that run as shell scripts: `RUN <<EOF` alone (BuildKit runs the body as the script,
 * unless its #! names another interpreter) and a heredoc fed to a shell (`RUN bash <<EOF`, `sh -e <<EOF`).
 * A heredoc fed to anything else (`cat <<EOF > /etc/x`) is data.
 */
function heredocScripts(ins: Instruction, escape: string): string[] {
  // The command of each &&/||/;/| segment that holds a <<NAME, computed once per line.
  const feeds = new Map<string, { command?: string; hasC: boolean }>();
  let wholeLine = true;
  for (const segment of ins.args.split(/&&|\|\||;|\|/)) {
    const words = splitRawWords(segment, escape);
    const names = words.map((w) => heredocWordName(w, escape));
    if (names.some((n) => n === undefined)) wholeLine = false;
    const rest = words.filter((w, k) => names[k] === undefined && !/^\d*[<>]/.test(w));
    const feed = {
      command: rest.find((w) => !/^(sudo|env|-\S*)$/.test(w) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)),
      hasC: rest.includes('-c'),
    };
    for (const n of names) if (n !== undefined && !feeds.has(n)) feeds.set(n, feed);
  }
  const out: string[] = [];
  for (const doc of ins.heredocs) {
    const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(doc.content.slice(0, 256));
    if (shebang) {
      const interp = basename(shebang[1]!) === 'env' ? shebang[2] ?? '' : shebang[1]!;
      if (!isShell(interp)) continue;
    }
    const feed = feeds.get(doc.name);
    if (wholeLine || (feed?.command !== undefined && isShell(feed.command) && !feed.hasC)) out.push(doc.content);
  }
  return out;
}

function heredocWordName(word: string, escape: string): string | undefined {
  const m = /^\d*<<-?(.+)$/.exec(word);
  return m ? expandWord(m[1]!, () => undefined, escape).value : undefined;
}

/** RUN --mount=type=cache,target=/var/lib/apt/lists (type defaults to bind). */
export function mountsOf(ins: Instruction): Mount[] {
  return ins.flags.filter((f) => f.name === 'mount' && f.value).map((f) => {
    const fields = new Map<string, string>();
    for (const part of f.value!.split(',')) {
      const eq = part.indexOf('=');
      fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1).trim());
    }
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    const from = fields.get('from');
    return { type: fields.get('type') ?? 'bind', ...(target ? { target: target.replace(/\/+$/, '') || '/' } : {}), ...(from ? { from } : {}) };
  });
}

/** Whether a cache or tmpfs mount keeps `path` (or a parent of it) out of the layer. */
export function mountedAway(run: RunStep, path: string): boolean {
  return run.mounts.some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined && (path === m.target || path.startsWith(m.target + '/')));
}

/** The command name without its directory, e.g. 'apt-get'. */
export function commandName(cmd: Command): string {
  return basename(cmd.words[0] ?? '');
}

export interface PackageCommand {
  manager: 'apt' | 'apk' | 'dnf';
  /** The command as run: apt-get, apt, apk, dnf, yum, microdnf. */
  command: string;
  /** install, add, update, remove, purge, del, autoremove, clean ... */
  action: string;
  /** Options given anywhere after the command name. */
  options: string[];
  /** Package arguments (words split again after variable expansion), versions and architectures stripped. */
  packages: string[];
  /** apk add --virtual NAME. */
  virtual?: string;
}

// Options that take the next word as their value (when not written --opt=value).
const VALUED: Record<PackageCommand['manager'], Set<string>> = {
  apt: new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '-a', '--host-architecture']),
  apk: new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '-t', '--virtual', '--repositories-file']),
  dnf: new Set(['-c', '--config', '--installroot', '--releasever', '--setopt', '-x', '--exclude', '--enablerepo', '--disablerepo', '--repo', '--repoid']),
};
const MANAGERS: Record<string, PackageCommand['manager']> = {
  'apt-get': 'apt', apt: 'apt', apk: 'apk', dnf: 'dnf', yum: 'dnf', microdnf: 'dnf', tdnf: 'dnf',
};

/** An apt-get/apt, apk or dnf/yum/microdnf command, parsed; undefined for other commands. */
export function packageCommand(cmd: Command): PackageCommand | undefined {
  const manager = MANAGERS[commandName(cmd)];
  if (!manager) return undefined;
  const options: string[] = [];
  const rest: string[] = [];
  let virtual: string | undefined;
  const words = cmd.words;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-') && w !== '-') {
      options.push(w);
      if (VALUED[manager].has(w) && i + 1 < words.length) {
        const value = words[++i]!;
        options.push(value);
        if (manager === 'apk' && (w === '--virtual' || w === '-t')) virtual = value;
      } else if (manager === 'apk' && w.startsWith('--virtual=')) virtual = w.slice('--virtual='.length);
      continue;
    }
    rest.push(w);
  }
  const [action = '', ...pkgs] = rest;
  const packages = pkgs.flatMap((p) => p.split(/\s+/)).filter(Boolean).map(packageName);
  return { manager, command: commandName(cmd), action: action.toLowerCase(), options, packages, ...(virtual ? { virtual } : {}) };
}

function packageName(spec: string): string {
  return spec.replace(/[=<>~].*$/, '').replace(/:[a-z0-9]+$/, '').toLowerCase();
}
