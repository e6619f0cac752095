// The Dockerfile rules: one small function per rule id of the shared catalogue (src/misconfig/rules.ts),
// listed in DOCKERFILE_CHECKS. Which stages a rule looks at is part of its meaning:
// - what ships (USER, HEALTHCHECK, EXPOSE, package caches, build tools, sudo installed) is judged on the
//   final stage and the stages it builds on (FROM <stage>);
// - what taints the build wherever it happens (floating or unpinned bases, ADD, curl | sh, secrets written
//   into the Dockerfile, sudo used) is judged on every stage.
// ONBUILD triggers run in other builds and are not judged here.
import type { Misconfiguration } from '../../analyze/types.js';
import { misconfiguration } from '../rules.js';
import { isSecretName } from '../secret-names.js';
import { opensSshPort } from '../ssh-port.js';
import { imageRef, type ImageRef, type Instruction, type Stage } from './parser.js';
import { basename, type Command } from './shell.js';
import { analyze, commandName, mountedAway, mountsOf, packageCommand, type Analysis, type RunStep, type Step } from './steps.js';
import { expandWord, hasVariable, parseKeyValues, splitRawWords } from './words.js';
import type { Dockerfile } from './parser.js';

export interface DockerfileCheck {
  /** The catalogue id this check reports. */
  id: string;
  check(a: Analysis): Misconfiguration[];
}

function at(a: Analysis, ins: Instruction, endLine = ins.endLine): Misconfiguration['location'] {
  return { path: a.df.path, startLine: ins.startLine, endLine };
}

function stageLabel(a: Analysis, s: Stage): string {
  if (s.name) return `stage '${s.name}'`;
  return a.df.stages.length === 1 ? 'the only stage' : `the stage at line ${s.from.startLine}`;
}

function finalLabel(a: Analysis): string {
  if (a.df.stages.length === 1) return 'the only stage';
  return a.final.name ? `the final stage '${a.final.name}'` : `the final stage (line ${a.final.from.startLine})`;
}

/** An image the build pulls: a FROM base, or an image named by COPY --from / RUN --mount=from=. */
interface ImageUse { label: string; ins: Instruction; ref: ImageRef }

function imageUses(a: Analysis): ImageUse[] {
  const uses: ImageUse[] = a.df.stages.filter((s) => s.base.stage === undefined && !s.base.scratch)
    .map((s) => ({ label: `${stageLabel(a, s)} is based on`, ins: s.from, ref: s.base }));
  for (const step of a.steps) {
    const froms = step.ins.keyword === 'COPY' ? step.ins.flags.filter((f) => f.name === 'from').map((f) => f.value ?? '')
      : step.ins.keyword === 'RUN' ? mountsOf(step.ins).map((m) => m.from ?? '') : [];
    for (const from of froms) {
      if (!from || /^\d+$/.test(from)) continue; // --from=0 is a stage index
      const ref = imageRef(from, a.df.stages, (n) => step.vars.get(n), a.df.escape);
      if (ref.stage !== undefined || ref.scratch) continue;
      uses.push({ label: `${step.ins.keyword} --from uses the image`, ins: step.ins, ref });
    }
  }
  return uses;
}

function shown(ref: ImageRef): string {
  return ref.resolved === ref.raw ? `'${ref.raw}'` : `'${ref.resolved}' (written ${ref.raw})`;
}

const latestTag: DockerfileCheck = {
  id: 'HS-DS-001',
  check: (a) => imageUses(a).flatMap(({ label, ins, ref: b }) => {
    if (b.digest) return [];
    if (b.tag === 'latest') return [misconfiguration('HS-DS-001', `${label} ${shown(b)}, the floating tag 'latest'`, at(a, ins))];
    if (b.tag !== undefined) return [];
    // Untagged, unless the name (or tag) comes from a build argument without a default: chosen at build time.
    const lastSegment = b.raw.slice(b.raw.lastIndexOf('/') + 1);
    if (b.unresolved.length && hasVariable(lastSegment, a.df.escape)) return [];
    if (!b.repository) return [];
    return [misconfiguration('HS-DS-001', `${label} ${shown(b)} without a tag, which means ':latest'`, at(a, ins))];
  }),
};

const digestPin: DockerfileCheck = {
  id: 'HS-DS-011',
  check: (a) => imageUses(a).flatMap(({ label, ins, ref }) => {
    if (ref.digest || ref.unresolved.length || !ref.repository) return [];
    return [misconfiguration('HS-DS-011', `${label} ${shown(ref)}, not pinned by digest`, at(a, ins))];
  }),
};

/** The last instruction of `keyword` that applies to the final stage (its own, then the stages it builds on). */
function lastInChain(a: Analysis, keyword: Instruction['keyword']): { ins: Instruction; stage: Stage } | undefined {
  for (const stage of a.shipped) {
    const found = [...stage.instructions].reverse().find((i) => i.keyword === keyword);
    if (found) return { ins: found, stage };
  }
  return undefined;
}

function stepOf(a: Analysis, ins: Instruction): Step | undefined {
  return a.steps.find((s) => s.ins === ins);
}

function finalSpan(a: Analysis): Misconfiguration['location'] {
  const s = a.final;
  const last = s.instructions[s.instructions.length - 1];
  return at(a, s.from, last?.endLine ?? s.from.endLine);
}

/** The base image of the shipped chain (the FROM that is not a stage). */
function rootBase(a: Analysis): Stage {
  return a.shipped[a.shipped.length - 1]!;
}

const rootUser: DockerfileCheck = {
  id: 'HS-DS-002',
  check: (a) => {
    const last = lastInChain(a, 'USER');
    if (!last) {
      const root = rootBase(a);
      // distroless ':nonroot' (and '-nonroot') images set USER 65532 themselves.
      if (/(^|[-_.])nonroot($|[-_.])/.test(root.base.tag ?? '')) return [];
      const base = root.base.scratch ? "'scratch' (uid 0)" : `${shown(root.base)} (root unless that image sets another user)`;
      return [misconfiguration('HS-DS-002', `no USER in ${finalLabel(a)}: the container runs as the user of ${base}`, finalSpan(a))];
    }
    const step = stepOf(a, last.ins);
    const { value, unresolved } = expandWord(splitRawWords(last.ins.args, a.df.escape)[0] ?? '', (n) => step?.vars.get(n), a.df.escape);
    if (unresolved.length) return [];
    const user = value.split(':')[0]!;
    if (user !== 'root' && !/^\+?0+$/.test(user)) return []; // uid parsing takes '+0' and '00' as 0
    return [misconfiguration('HS-DS-002', `the final stage's last USER is '${value}': the container runs as root`, at(a, last.ins))];
  },
};

const healthcheck: DockerfileCheck = {
  id: 'HS-DS-003',
  check: (a) => lastInChain(a, 'HEALTHCHECK') ? [] :
    [misconfiguration('HS-DS-003', `no HEALTHCHECK in ${finalLabel(a)}`, finalSpan(a))],
};

const REMOTE = /^(?:https?|ftp):\/\/|^git@|^git:\/\/|^ssh:\/\//i;
// ADD unpacks local tar archives (plain, gzip, bzip2, xz, zstd): that is the one reason to prefer it over COPY.
const TAR_ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lzma)$/i;

/** ADD's source words (all but the destination), expanded; heredoc sources as '<<NAME'. */
function addSources(a: Analysis, step: Step): { text: string; unresolved: boolean }[] {
  const ins = step.ins;
  const words = ins.json ?? splitRawWords(ins.args, a.df.escape);
  return words.slice(0, -1).map((w) => {
    if (ins.json) return { text: w, unresolved: false };
    if (/^\d*<<-?/.test(w)) return { text: w, unresolved: false };
    const e = expandWord(w, (n) => step.vars.get(n), a.df.escape);
    return { text: e.value, unresolved: e.unresolved.length > 0 };
  });
}

/** The user info of a URL may carry a token: https://user:tok@host/x -> https://*****@host/x. */
function withoutUserinfo(url: string): string {
  return url.replace(/\/\/[^\/@\s]*@/, '//*****@');
}

function addSteps(a: Analysis): Step[] {
  return a.steps.filter((s) => s.ins.keyword === 'ADD');
}

const addInsteadOfCopy: DockerfileCheck = {
  id: 'HS-DS-004',
  check: (a) => addSteps(a).flatMap((step) => {
    const local = addSources(a, step).filter((s) => !s.unresolved && !REMOTE.test(s.text) && !TAR_ARCHIVE.test(s.text));
    if (!local.length) return [];
    return [misconfiguration('HS-DS-004', `ADD of ${local.map((s) => `'${s.text}'`).join(', ')}, which is not a tar archive to unpack: use COPY`, at(a, step.ins))];
  }),
};

const addRemote: DockerfileCheck = {
  id: 'HS-DS-005',
  check: (a) => addSteps(a).flatMap((step) => {
    // ADD --checksum verifies what it fetched: the rule's own fix.
    if (step.ins.flags.some((f) => f.name === 'checksum' && f.value)) return [];
    const remote = addSources(a, step).filter((s) => REMOTE.test(s.text));
    if (!remote.length) return [];
    return [misconfiguration('HS-DS-005', `ADD fetches ${remote.map((s) => `'${withoutUserinfo(s.text)}'`).join(', ')} without a checksum`, at(a, step.ins))];
  }),
};

function shippedSteps(a: Analysis): Step[] {
  return a.steps.filter((s) => s.shipped && !s.ins.trigger);
}

const exposeSsh: DockerfileCheck = {
  id: 'HS-DS-006',
  check: (a) => shippedSteps(a).filter((s) => s.ins.keyword === 'EXPOSE').flatMap((step) => {
    const ports = splitRawWords(step.ins.args, a.df.escape).map((w) => expandWord(w, (n) => step.vars.get(n), a.df.escape).value);
    const ssh = ports.filter(opensSshPort);
    return ssh.length ? [misconfiguration('HS-DS-006', `EXPOSE ${ssh.join(' ')} opens the SSH port 22`, at(a, step.ins))] : [];
  }),
};

const NOT_A_VALUE = /^(?:true|false|yes|no|on|off|none|null|nil|0|1)$/i;


const secretsInEnvArg: DockerfileCheck = {
  id: 'HS-DS-007',
  check: (a) => {
    const out: Misconfiguration[] = [];
    const literal = (raw: string | undefined, vars: Map<string, string>): boolean => {
      if (raw === undefined) return false;
      const value = expandWord(raw, (n) => vars.get(n), a.df.escape).value;
      return value.length > 0 && !NOT_A_VALUE.test(value);
    };
    const meta = new Map<string, string>();
    for (const ins of a.df.metaArgs) {
      for (const { key, raw } of parseKeyValues(ins.args, a.df.escape, false)) {
        if (isSecretName(key) && literal(raw, meta)) out.push(misconfiguration('HS-DS-007', `ARG ${key} has a default value written in the Dockerfile (value redacted: *****)`, at(a, ins)));
        if (raw !== undefined) meta.set(key, expandWord(raw, (n) => meta.get(n), a.df.escape).value);
      }
    }
    for (const step of a.steps) {
      const { ins } = step;
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      for (const { key, raw } of parseKeyValues(ins.args, a.df.escape, ins.keyword === 'ENV')) {
        if (!isSecretName(key)) continue;
        if (ins.keyword === 'ARG') {
          if (literal(raw, step.vars)) out.push(misconfiguration('HS-DS-007', `ARG ${key} has a default value written in the Dockerfile (value redacted: *****)`, at(a, ins)));
          else if (step.shipped) {
            // BuildKit records every ARG in scope in the history of each later RUN ('|1 KEY=value /bin/sh -c ...').
            const run = a.runs.find((r) => r.stage === step.stage && r.ins.startLine > ins.startLine);
            if (run) out.push(misconfiguration('HS-DS-007', `ARG ${key} is in scope of RUN at line ${run.ins.startLine}: a value passed with --build-arg is recorded in the image history (use RUN --mount=type=secret)`, at(a, ins)));
          }
          continue;
        }
        if (raw === undefined || !literal(raw, step.vars)) continue;
        const fromArg = hasVariable(raw, a.df.escape);
        out.push(misconfiguration('HS-DS-007', fromArg
          ? `ENV ${key} gets a value from a build argument: it is stored in the image configuration (value redacted: *****)`
          : `ENV ${key} has a value written in the Dockerfile: it is stored in the image configuration (value redacted: *****)`, at(a, ins)));
      }
    }
    return out;
  },
};

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const INTERPRETERS = /^(?:sh|bash|dash|ash|zsh|ksh|mksh|python[0-9.]*|perl|ruby|node|php)$/;
// Bounded path prefix: an unbounded \S* before 'curl' is quadratic on a word of many '$('.
const SUBSTITUTED_DOWNLOAD = /(?:\$\(|<\(|`)\s{0,16}(?:[\w.\/-]{0,200}\/)?(curl|wget)\b/;

// PowerShell's form (Windows images): iex ((New-Object Net.WebClient).DownloadString(url)), iwr url | iex.
const POWERSHELL_DOWNLOAD_RUN = /\b(?:iex|Invoke-Expression)\b[^\n]{0,300}?\b(?:DownloadString|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b|\b(?:iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b[^|\n]{0,300}\|\s*(?:iex|Invoke-Expression)\b/i;

function pipedDownload(run: RunStep): string | undefined {
  if (run.scripts.some((s) => POWERSHELL_DOWNLOAD_RUN.test(s))) return 'Invoke-Expression of a download';
  for (const p of run.pipelines) {
    const names = p.commands.map(commandName);
    const d = names.findIndex((n) => DOWNLOADERS.has(n));
    if (d < 0) continue;
    const sh = names.findIndex((n, i) => i > d && INTERPRETERS.test(n));
    if (sh > 0) return `${names[d]} ... | ${names[sh]}`;
  }
  for (const c of run.commands) {
    const n = commandName(c);
    // The words are expanded from earlier assignments too: script=$(curl ...); bash <(echo "$script").
    if (!INTERPRETERS.test(n) && n !== 'eval' && n !== 'source' && n !== '.') continue;
    for (const w of [...c.raw.slice(1), ...c.words.slice(1)]) {
      const download = (w.includes('curl') || w.includes('wget')) && SUBSTITUTED_DOWNLOAD.exec(w);
      if (download) return `${n} runs the output of ${download[1]}`;
    }
  }
  return undefined;
}

const curlPipeShell: DockerfileCheck = {
  id: 'HS-DS-008',
  check: (a) => a.runs.flatMap((run) => {
    const what = pipedDownload(run);
    return what ? [misconfiguration('HS-DS-008', `RUN downloads a script and runs it unverified (${what})`, at(a, run.ins))] : [];
  }),
};

function shippedRuns(a: Analysis): RunStep[] {
  return a.runs.filter((r) => r.shipped);
}

// Only words shaped like package names are quoted: an argument can be a URL or a path that carries a token.
const PACKAGE_NAME = /^@?[a-z0-9][a-z0-9+._-]*$/;

/** ' curl git ...' (up to five names), or '' when no argument looks like a package name. */
function shownPackages(packages: string[]): string {
  const names = packages.filter((p) => PACKAGE_NAME.test(p));
  return names.length ? ` ${names.slice(0, 5).join(' ')}${packages.length > Math.min(names.length, 5) ? ' ...' : ''}` : '';
}

// The words apt reads as false (StringToBool in apt-pkg/contrib/strutl.cc).
const APT_FALSE = '(?:0|no|false|off|without|disable)\\b';
// Not \s*"?\s*: two blank runs side by side backtrack quadratically on a long run of blanks.
const RECOMMENDS_OFF = new RegExp(`APT::Install-Recommends\\s*(?:"\\s*)?${APT_FALSE}`, 'i');
const RECOMMENDS_OFF_OPTION = new RegExp(`APT::Install-Recommends=["']?${APT_FALSE}`, 'i');

const aptRecommends: DockerfileCheck = {
  id: 'HS-DS-009',
  check: (a) => {
    const runs = shippedRuns(a);
    // An apt.conf written in an earlier shipped step turns recommends off for the later ones.
    const offFrom = Math.min(...runs.filter((r) => r.scripts.some((x) => RECOMMENDS_OFF.test(x))).map((r) => r.ins.startLine));
    return runs.flatMap((run) => {
      if (offFrom < run.ins.startLine) return [];
      const bad = run.commands.map(packageCommand).filter((p) => p?.manager === 'apt' && p.action === 'install' &&
        !p.options.includes('--no-install-recommends') && !p.options.some((o) => RECOMMENDS_OFF_OPTION.test(o)));
      if (!bad.length) return [];
      return [misconfiguration('HS-DS-009', `${bad[0]!.command} install${shownPackages(bad[0]!.packages)} without --no-install-recommends`, at(a, run.ins))];
    });
  },
};

function removes(c: Command, path: RegExp): boolean {
  const n = commandName(c);
  if (n === 'rm') return c.words.slice(1).some((w) => path.test(w));
  if (n === 'find') return path.test(c.words[1] ?? '') && c.words.includes('-delete');
  return false;
}

const APT_LISTS = /^\/var\/lib\/apt\/lists(?:\/\*?)?$|^\/var\/lib\/apt\/lists\/\*/;
const APK_CACHE = /^\/var\/cache\/apk(?:\/\*?)?$|^\/etc\/apk\/cache(?:\/\*?)?$/;
const DNF_CACHE = /^\/var\/cache\/(?:yum|dnf)(?:\/\*?)?$/;

const packageCaches: DockerfileCheck = {
  id: 'HS-DS-010',
  check: (a) => shippedRuns(a).flatMap((run) => {
    const pkgs = run.commands.map(packageCommand);
    const problems: string[] = [];
    if (pkgs.some((p) => p?.manager === 'apt' && p.action === 'update') &&
        !run.commands.some((c) => removes(c, APT_LISTS)) && !mountedAway(run, '/var/lib/apt/lists')) {
      problems.push("'apt-get update' without 'rm -rf /var/lib/apt/lists/*' in the same RUN");
    }
    if (pkgs.some((p) => p?.manager === 'apk' && ['add', 'update', 'upgrade'].includes(p.action) && !p.options.includes('--no-cache')) &&
        !run.commands.some((c) => removes(c, APK_CACHE)) && !mountedAway(run, '/var/cache/apk') && !mountedAway(run, '/etc/apk/cache')) {
      const verb = pkgs.find((p) => p?.manager === 'apk' && !p.options.includes('--no-cache'))!.action;
      problems.push(`'apk ${verb}' without --no-cache`);
    }
    if (pkgs.some((p) => p?.manager === 'dnf' && ['install', 'update', 'upgrade', 'groupinstall', 'reinstall'].includes(p.action)) &&
        !pkgs.some((p) => p?.manager === 'dnf' && p.action === 'clean') &&
        !run.commands.some((c) => removes(c, DNF_CACHE)) && !mountedAway(run, '/var/cache/dnf') && !mountedAway(run, '/var/cache/yum')) {
      problems.push(`'${commandName(run.commands.find((c) => packageCommand(c)?.manager === 'dnf')!)} install' without '... clean all' in the same RUN`);
    }
    return problems.map((p) => misconfiguration('HS-DS-010', `${p}: the package index or cache stays in the layer`, at(a, run.ins)));
  }),
};

const BUILD_TOOL = /^(?:gcc|g\+\+|gcc-c\+\+|cpp|clang|llvm|make|cmake|ninja-build|build-essential|build-base|alpine-sdk|autoconf|automake|libtool|golang|golang-go|go|rustc|cargo|rust|gfortran|@development-tools|development tools)(?:-\d+(?:\.\d+)*)?$/;
const TOOLCHAIN_BASES = new Set(['golang', 'rust', 'gcc']);
const GO_TARBALL = /\bgo\d+(?:\.\d+)+\.linux-[a-z0-9]+\.tar\.gz\b/;

const buildTools: DockerfileCheck = {
  id: 'HS-DS-012',
  check: (a) => {
    const out: Misconfiguration[] = [];
    const single = a.df.stages.length === 1;
    const where = single ? 'a single-stage build' : `${finalLabel(a)}`;
    const root = rootBase(a);
    if (!root.base.scratch && TOOLCHAIN_BASES.has(basename(root.base.repository))) {
      out.push(misconfiguration('HS-DS-012', `${where} is based on the toolchain image ${shown(root.base)}: the compilers ship with the application`, at(a, root.from)));
    }
    // The runs of the shipped chain in build order (the base stage first).
    const runs = shippedRuns(a).sort((x, y) => x.ins.startLine - y.ins.startLine);
    const installs: { run: RunStep; tools: string[]; virtual?: string; manager: string }[] = [];
    // `apt-mark auto '.*'` then an autoremove removes every package installed before (the official images' pattern).
    const firstMarkAuto = Math.min(...runs.filter((r) => r.commands.some((x) => commandName(x) === 'apt-mark' && x.words[1] === 'auto')).map((r) => r.ins.startLine));
    for (const run of runs) {
      for (const c of run.commands) {
        const p = packageCommand(c);
        if (p && ['install', 'add', 'groupinstall'].includes(p.action)) {
          const tools = p.packages.filter((x) => BUILD_TOOL.test(x));
          if (tools.length) installs.push({ run, tools, manager: p.manager, ...(p.virtual ? { virtual: p.virtual } : {}) });
        } else if (p && ['remove', 'purge', 'del', 'erase', 'autoremove', 'groupremove'].includes(p.action)) {
          const autoRemove = p.action === 'autoremove' || p.options.some((o) => /^--auto-?remove$/.test(o));
          const markedAuto = firstMarkAuto <= run.ins.startLine;
          for (const inst of installs) {
            if (inst.manager !== p.manager) continue;
            if (inst.virtual && p.packages.includes(inst.virtual.toLowerCase())) inst.tools = [];
            inst.tools = inst.tools.filter((t) => !p.packages.includes(t));
            if (p.manager === 'apt' && autoRemove && markedAuto) inst.tools = [];
          }
        }
      }
    }
    for (const inst of installs.filter((i) => i.tools.length)) {
      out.push(misconfiguration('HS-DS-012', `${where} installs the build tools ${[...new Set(inst.tools)].join(', ')} and never removes them`, at(a, inst.run.ins)));
    }
    for (const run of runs) {
      const m = run.scripts.map((s) => GO_TARBALL.exec(s)).find(Boolean);
      if (m) out.push(misconfiguration('HS-DS-012', `${where} downloads the Go toolchain (${m[0]})`, at(a, run.ins)));
    }
    return out;
  },
};

/** A RUN that uses sudo; only the program is named (its arguments may hold a token). */
function sudoUsed(a: Analysis, run: RunStep): Misconfiguration | undefined {
  const used = run.commands.find((c) => c.sudo);
  if (!used) return undefined;
  return misconfiguration('HS-DS-013', `RUN uses sudo (sudo ${commandName(used) || '...'}); build steps already run as the USER set before them`, at(a, run.ins));
}

const sudo: DockerfileCheck = {
  id: 'HS-DS-013',
  check: (a) => a.runs.flatMap((run) => {
    const used = sudoUsed(a, run);
    if (used) return [used];
    const installed = run.shipped && run.commands.map(packageCommand).some((p) => p && ['install', 'add'].includes(p.action) && p.packages.includes('sudo'));
    return installed ? [misconfiguration('HS-DS-013', 'RUN installs sudo into the final image', at(a, run.ins))] : [];
  }),
};

/** Every Dockerfile check, in catalogue order. */
export const DOCKERFILE_CHECKS: readonly DockerfileCheck[] = [
  latestTag, rootUser, healthcheck, addInsteadOfCopy, addRemote, exposeSsh, secretsInEnvArg,
  curlPipeShell, aptRecommends, packageCaches, digestPin, buildTools, sudo,
];

/**
 * The checks of what RUN and ADD steps did, which an image's build history shows as well as a Dockerfile does.
 * sudo counts only as used there: whether it is installed, the image's files say (src/analyze/imageconfig/files.ts).
 */
export const HISTORY_CHECKS: readonly DockerfileCheck[] = [
  addRemote, curlPipeShell, aptRecommends, packageCaches,
  { id: 'HS-DS-013', check: (a) => a.runs.flatMap((run) => sudoUsed(a, run) ?? []) },
];

/** Runs the given checks on a parsed (or built) Dockerfile; findings sorted by line, then rule id. */
export function runChecks(df: Dockerfile, checks: readonly DockerfileCheck[]): Misconfiguration[] {
  const a = analyze(df);
  return sortFindings(checks.flatMap((c) => c.check(a)));
}

/** Runs every check on a parsed Dockerfile; findings sorted by line, then rule id. */
export function checkDockerfile(df: Dockerfile): Misconfiguration[] {
  return checkDockerfileWithIgnores(df).findings;
}

/**
 * Runs every check; findings of an instruction that a `# hullscan:ignore ID` comment line above it names are
 * set apart in `ignored`. A finding about a whole stage (no USER, no HEALTHCHECK) belongs to its FROM line.
 */
export function checkDockerfileWithIgnores(df: Dockerfile): { findings: Misconfiguration[]; ignored: Misconfiguration[] } {
  const a = analyze(df);
  const ignoredAt = new Map<number, string[]>();
  for (const ins of df.instructions) if (ins.ignore) ignoredAt.set(ins.startLine, ins.ignore);
  const all = sortFindings(DOCKERFILE_CHECKS.flatMap((c) => c.check(a)));
  const isIgnored = (f: Misconfiguration) => ignoredAt.get(f.location?.startLine ?? 0)?.includes(f.id) ?? false;
  return { findings: all.filter((f) => !isIgnored(f)), ignored: all.filter(isIgnored) };
}

function sortFindings(findings: Misconfiguration[]): Misconfiguration[] {
  return findings.sort((x, y) => (x.location?.startLine ?? 0) - (y.location?.startLine ?? 0) || x.id.localeCompare(y.id));
}

