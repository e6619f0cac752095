// Checks of an image's configuration and build history (CIS Docker Benchmark section 4 where it applies).
// Pure: the caller passes the image metadata and the detected OS; nothing is read here.
import type { ImageMeta, LayerRef, OSInfo } from '../../inventory/model.js';
import { misconfiguration } from '../../misconfig/rules.js';
import { parseReference } from '../../source/registry/reference.js';
import type { Misconfiguration } from '../types.js';
import { eolRelease, isPastEol } from './eol.js';
import { historyDockerfile, parseAssignments, parseCreatedBy, type Instruction } from './history.js';
import { hasUrlPassword, isLiteralSecretValue, isSecretName } from '../../misconfig/secret-names.js';
import { HISTORY_CHECKS, runChecks } from '../../misconfig/dockerfile/checks.js';
import { opensSshPort } from '../../misconfig/ssh-port.js';

export interface ImageConfigOptions {
  /** Today, for the age and end-of-life checks; default the current time. */
  now?: Date;
  /** Images built more than this many days before `now` are reported (HS-IMG-006); default 365. */
  maxAgeDays?: number;
}

export const DEFAULT_MAX_AGE_DAYS = 365;

/** History text beyond this is not examined (real steps are a few KiB; the config is untrusted input). */
const MAX_CREATED_BY = 256 * 1024;

/** The string entries of what the config claims is a string list (the config is untrusted JSON). */
const strings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);

export function checkImageConfig(meta: ImageMeta, os: OSInfo | undefined, opts: ImageConfigOptions = {}): Misconfiguration[] {
  const now = opts.now ?? new Date();
  return [
    ...checkUser(meta),
    ...checkHealthcheck(meta),
    ...checkPorts(meta),
    ...checkEnvSecrets(meta),
    ...checkHistory(meta),
    ...checkReferences(meta),
    ...checkEol(os, now),
    ...checkAge(meta, now, opts.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS),
  ];
}

// --- user, healthcheck, ports -------------------------------------------------------------------------

/** USER as the runtime sees it: empty means root; 'name[:group]' or 'uid[:gid]'; only the user part counts. */
export function runsAsRoot(user: string | undefined): boolean {
  const u = (user ?? '').trim().split(':')[0]!.trim();
  return u === '' || u === 'root' || /^0+$/.test(u);
}

function checkUser(meta: ImageMeta): Misconfiguration[] {
  if (meta.user !== undefined && typeof meta.user !== 'string') return [];
  if (!runsAsRoot(meta.user)) return [];
  const msg = meta.user?.trim() ? `USER is '${meta.user.trim()}': the container runs as root (uid 0)` : 'no USER is set: the container runs as root (uid 0)';
  return [misconfiguration('HS-DS-002', msg)];
}

function checkHealthcheck(meta: ImageMeta): Misconfiguration[] {
  const test = Array.isArray(meta.healthcheck?.test) ? meta.healthcheck.test : undefined;
  // HEALTHCHECK NONE is a deliberate choice (a probe lives in the orchestrator): not reported.
  if (test && test.length > 0) return [];
  return [misconfiguration('HS-DS-003', 'the image configuration has no HEALTHCHECK')];
}

function checkPorts(meta: ImageMeta): Misconfiguration[] {
  const ssh = strings(meta.exposedPorts).filter(opensSshPort);
  return ssh.length ? [misconfiguration('HS-DS-006', `port ${ssh.join(', ')} (SSH) is exposed`)] : [];
}

// --- secrets in ENV, ARG and build args -------------------------------------------------------------

/** Why a NAME=value pair is a secret, or undefined. The value itself never appears in the reason. */
function secretReason(name: string, value: string): string | undefined {
  if (isSecretName(name) && isLiteralSecretValue(value)) return 'has a literal value';
  if (hasUrlPassword(value)) return 'holds a URL with a password';
  return undefined;
}

function checkEnvSecrets(meta: ImageMeta): Misconfiguration[] {
  const out: Misconfiguration[] = [];
  for (const entry of strings(meta.env)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    const why = secretReason(name, entry.slice(eq + 1));
    if (why) out.push(misconfiguration('HS-DS-007', `ENV ${name} ${why} in the image configuration (value redacted)`));
  }
  return out;
}

// --- build history ------------------------------------------------------------------------------------

export interface HistoryStep {
  /** 1-based position in the config history, as `docker history` lists it bottom-up. */
  step: number;
  instruction: Instruction;
  /** The layer the step made; undefined for empty-layer steps (ENV, ARG, EXPOSE ...). */
  layer?: LayerRef;
}

/** The config history with each non-empty step matched to its layer, in order (as the image sources do). */
export function historySteps(meta: ImageMeta): HistoryStep[] {
  const layers = (meta.layers ?? []).filter((l) => !l.empty);
  let next = 0;
  return (Array.isArray(meta.history) ? meta.history : []).map((h, i) => {
    const layer = h?.emptyLayer ? undefined : layers[next++];
    const ref = layer ? { index: layer.index, diffId: layer.diffId, ...(layer.digest ? { digest: layer.digest } : {}), ...(layer.createdBy ? { createdBy: layer.createdBy } : {}) } : undefined;
    const createdBy = typeof h?.createdBy === 'string' ? h.createdBy.slice(0, MAX_CREATED_BY) : '';
    return { step: i + 1, instruction: parseCreatedBy(createdBy), ...(ref ? { layer: ref } : {}) };
  });
}

function checkHistory(meta: ImageMeta): Misconfiguration[] {
  const steps = historySteps(meta);
  // What RUN and ADD steps did is judged by the Dockerfile checks, on the history read as a Dockerfile (step N = line N).
  const stepFindings = new Map<number, Misconfiguration[]>();
  for (const f of runChecks(historyDockerfile(steps), HISTORY_CHECKS)) {
    const line = f.location?.startLine ?? 0;
    stepFindings.set(line, [...(stepFindings.get(line) ?? []), f]);
  }
  const out: Misconfiguration[] = [];
  for (const s of steps) {
    const { keyword, body } = s.instruction;
    const where = s.layer ? { layer: s.layer } : undefined;
    const at = `history step ${s.step} (${keyword || 'unknown instruction'})`;
    const add = (id: string, message: string) => out.push(misconfiguration(id, `${at}: ${message}`, where));
    if (keyword === 'ENV' || keyword === 'ARG') {
      for (const [name, value] of parseAssignments(body)) {
        const why = secretReason(name, value);
        if (why) add('HS-DS-007', `${keyword} ${name} ${why} (value redacted)`);
      }
    } else if (keyword === 'RUN') {
      for (const [name, value] of s.instruction.buildArgs) {
        const why = secretReason(name, value);
        if (why) add('HS-DS-007', `build arg ${name} ${why} and is recorded in the history (value redacted)`);
      }
    }
    for (const f of stepFindings.get(s.step) ?? []) add(f.id, f.message);
  }
  return out;
}

// --- references: ':latest' or untagged ---------------------------------------------------------------

const ARCHIVE_TRANSPORTS = /^(?:docker-archive|oci|oci-archive|archive):/;
const REGISTRY_TRANSPORTS = /^(?:docker:\/\/|registry:|docker:|podman:)/;
const BARE_TAG = /^[\w][\w.-]{0,127}$/;

/** The tag of an image reference: 'latest' for an untagged one, undefined when pinned by digest or not a reference. */
export function floatingTag(ref: string): { tag: string; untagged: boolean } | undefined {
  if (ref.length > 1024) return undefined;   // longer than any valid reference
  if (ARCHIVE_TRANSPORTS.test(ref)) return undefined;
  const r = ref.replace(REGISTRY_TRANSPORTS, '');
  if (/^[./~]/.test(r) || /\.tar(?:\.\w+)?(?::|$)/.test(r)) return undefined;   // a file or directory
  try {
    const parsed = parseReference(r);
    if (parsed.digest) return undefined;
    const lastSlash = r.lastIndexOf('/');
    return { tag: parsed.tag!, untagged: r.lastIndexOf(':') <= lastSlash };
  } catch {
    return undefined;
  }
}

function checkReferences(meta: ImageMeta): Misconfiguration[] {
  const out: Misconfiguration[] = [];
  const given = typeof meta.reference === 'string' ? floatingTag(meta.reference) : undefined;
  const names = strings(meta.names);
  if (given && given.tag === 'latest') {
    out.push(misconfiguration('HS-DS-001', given.untagged ? `the image reference '${meta.reference}' has no tag (means ':latest')` : `the image reference '${meta.reference}' uses ':latest'`));
  } else if (!given && !isRegistryReference(String(meta.reference)) && names.length > 0) {
    // An archive: judge the names it carries (RepoTags, OCI ref names, which may be a bare tag).
    const tags = names.map((n) => (BARE_TAG.test(n) && !n.includes(':') ? { tag: n } : floatingTag(n)));
    const pinned = tags.some((t) => t === undefined || t.tag !== 'latest');
    if (!pinned) out.push(misconfiguration('HS-DS-001', `the image is only tagged ${names.map((n) => `'${n}'`).join(', ')}`));
  }
  const label = meta.labels?.['org.opencontainers.image.base.name'];
  const base = typeof label === 'string' ? label : undefined;
  const baseTag = base ? floatingTag(base) : undefined;
  if (base && baseTag?.tag === 'latest') {
    out.push(misconfiguration('HS-DS-001', `the base image '${base}' (label org.opencontainers.image.base.name) ${baseTag.untagged ? 'has no tag' : "uses ':latest'"}`));
  }
  return out;
}

function isRegistryReference(ref: string): boolean {
  return REGISTRY_TRANSPORTS.test(ref) || (floatingTag(ref) !== undefined) || /@sha\d+:/.test(ref);
}

// --- end of life, age -----------------------------------------------------------------------------------

function checkEol(os: OSInfo | undefined, now: Date): Misconfiguration[] {
  if (!os) return [];
  const release = eolRelease(os);
  if (!release || !isPastEol(release, now)) return [];
  const regular = release.security ? `; regular security support ended ${release.security}` : '';
  return [misconfiguration('HS-IMG-005', `${osLabel(os, release.version, release.codename)} reached end of life on ${release.eol} (${release.decides}${regular})`)];
}

function osLabel(os: OSInfo, version: string, codename?: string): string {
  const family: Record<string, string> = {
    debian: 'Debian', ubuntu: 'Ubuntu', alpine: 'Alpine Linux', rhel: 'Red Hat Enterprise Linux', centos: 'CentOS',
    rocky: 'Rocky Linux', almalinux: 'AlmaLinux', amzn: 'Amazon Linux',
  };
  return `${family[os.family] ?? os.name} ${version}${codename ? ` (${codename})` : ''}`;
}

/** Builds that pin timestamps for reproducibility write 1970 (or 0001): such a date says nothing about age. */
const EARLIEST_REAL_BUILD = Date.parse('2000-01-01T00:00:00Z');
const DAY = 86_400_000;

function checkAge(meta: ImageMeta, now: Date, maxAgeDays: number): Misconfiguration[] {
  if (typeof meta.created !== 'string' || !meta.created) return [];
  const created = Date.parse(meta.created);
  if (!Number.isFinite(created) || created < EARLIEST_REAL_BUILD || created > now.getTime()) return [];
  const days = Math.floor((now.getTime() - created) / DAY);
  if (days <= maxAgeDays) return [];
  return [misconfiguration('HS-IMG-006', `the image was built ${days} days ago (${meta.created.slice(0, 10)}), more than ${maxAgeDays} days`)];
}
