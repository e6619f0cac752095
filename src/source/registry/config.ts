// Registry settings from configuration files, merged under the command-line flags:
//   hullscan: $HULLSCAN_CONFIG, else $XDG_CONFIG_HOME/hullscan/config.yaml (~/.config/hullscan/config.yaml)
//     registry-mirrors:            # per registry domain, tried in order before it
//       docker.io: [mirror.local:5000, "http://10.0.0.5:5000"]
//     insecure-registries: [registry.lab:5000]   # reached over plain HTTP
//   docker: /etc/docker/daemon.json `registry-mirrors` (docker applies them to Docker Hub only) and
//     `insecure-registries`.
// A mirror written as http://host is plain HTTP because the user named it so; bare hosts are HTTPS.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { HullscanError } from '../../errors.js';
import { DEFAULT_DOMAIN } from './reference.js';

export interface RegistrySettings {
  /** Mirrors per registry domain, in the order to try them (host[:port]). */
  mirrors: Record<string, string[]>;
  /** Hosts the user named to be reached over plain HTTP. */
  insecure: string[];
}

export interface RegistryConfigFiles {
  /** hullscan config file; default $HULLSCAN_CONFIG or $XDG_CONFIG_HOME/hullscan/config.yaml. */
  hullscanConfig?: string;
  /** docker daemon config; default /etc/docker/daemon.json. */
  dockerDaemonJson?: string;
  env?: NodeJS.ProcessEnv;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

export function defaultHullscanConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.HULLSCAN_CONFIG || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'hullscan', 'config.yaml');
}

function readOptional(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  if (text.length > MAX_CONFIG_BYTES) throw new HullscanError('LIMIT', `larger than ${MAX_CONFIG_BYTES} bytes`, { subject: path });
  return text;
}

/** `host[:port]`, `https://host` or `http://host` (plain HTTP) as a host and whether it is insecure. */
export function parseRegistryHost(value: string, subject: string): { host: string; insecure: boolean } {
  const m = /^(?:(https?):\/\/)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:\d{1,5})?\/?$/.exec(value.trim());
  if (!m) throw new HullscanError('USAGE', `'${value}' is not a registry host (host[:port] or http(s)://host[:port])`, { subject });
  return { host: m[2]! + (m[3] ?? ''), insecure: m[1] === 'http' };
}

function stringList(v: unknown, path: string, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new HullscanError('INPUT', `${what} must be a list of strings`, { subject: path });
  return v as string[];
}

function addMirror(out: RegistrySettings, domain: string, value: string, subject: string): void {
  const { host, insecure } = parseRegistryHost(value, subject);
  const list = (out.mirrors[domain] ??= []);
  if (!list.includes(host)) list.push(host);
  if (insecure && !out.insecure.includes(host)) out.insecure.push(host);
}

/** Mirrors and insecure registries from the hullscan config and docker's daemon.json (missing files are fine). */
export function loadRegistrySettings(files: RegistryConfigFiles = {}): RegistrySettings {
  const out: RegistrySettings = { mirrors: {}, insecure: [] };
  const ownPath = files.hullscanConfig ?? defaultHullscanConfigPath(files.env);
  const own = readOptional(ownPath);
  if (own !== undefined) {
    let doc: unknown;
    try {
      doc = parseYaml(own, { maxAliasCount: 100 });
    } catch (e) {
      throw new HullscanError('INPUT', `not valid YAML: ${(e as Error).message.split('\n')[0]!.replace(/:\s*$/, '')}`, { subject: ownPath });
    }
    if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) throw new HullscanError('INPUT', 'expected a mapping at the top', { subject: ownPath });
    const cfg = (doc ?? {}) as Record<string, unknown>;
    const mirrors = cfg['registry-mirrors'];
    if (mirrors !== undefined && mirrors !== null) {
      if (typeof mirrors !== 'object' || Array.isArray(mirrors)) throw new HullscanError('INPUT', 'registry-mirrors must map a registry domain to a list of mirror hosts', { subject: ownPath });
      for (const [domain, hosts] of Object.entries(mirrors)) {
        for (const h of stringList(hosts, ownPath, `registry-mirrors.${domain}`)) addMirror(out, domain === 'index.docker.io' ? DEFAULT_DOMAIN : domain, h, ownPath);
      }
    }
    for (const h of stringList(cfg['insecure-registries'], ownPath, 'insecure-registries')) out.insecure.push(parseRegistryHost(h, ownPath).host);
  }
  const daemonPath = files.dockerDaemonJson ?? '/etc/docker/daemon.json';
  const daemon = readOptional(daemonPath);
  if (daemon !== undefined) {
    let cfg: Record<string, unknown>;
    try {
      cfg = JSON.parse(daemon) as Record<string, unknown>;
    } catch {
      throw new HullscanError('INPUT', 'not valid JSON', { subject: daemonPath });
    }
    for (const h of stringList(cfg['registry-mirrors'], daemonPath, 'registry-mirrors')) addMirror(out, DEFAULT_DOMAIN, h, daemonPath);
    // docker's insecure-registries may hold CIDR ranges; only plain host[:port] entries are taken
    for (const h of stringList(cfg['insecure-registries'], daemonPath, 'insecure-registries')) {
      if (!h.includes('/')) out.insecure.push(parseRegistryHost(h, daemonPath).host);
    }
  }
  return out;
}

/** Flags first (`--registry-mirror domain=host`, `--insecure host`), then the config files' entries. */
export function mergeRegistrySettings(flags: { mirrors?: string[]; insecure?: string[] }, config: RegistrySettings): RegistrySettings {
  const out: RegistrySettings = { mirrors: {}, insecure: [] };
  for (const m of flags.mirrors ?? []) {
    const eq = m.indexOf('=');
    if (eq <= 0) throw new HullscanError('USAGE', `'${m}' is not domain=mirror-host`, { subject: '--registry-mirror' });
    addMirror(out, m.slice(0, eq), m.slice(eq + 1), '--registry-mirror');
  }
  for (const [domain, hosts] of Object.entries(config.mirrors)) {
    const list = (out.mirrors[domain] ??= []);
    for (const h of hosts) if (!list.includes(h)) list.push(h);
  }
  for (const h of [...(flags.insecure ?? []).map((x) => parseRegistryHost(x, '--insecure').host), ...config.insecure]) {
    if (!out.insecure.includes(h)) out.insecure.push(h);
  }
  return out;
}
