// Registry credentials the way docker finds them: flags/env first, then ~/.docker/config.json
// (`auths`, `credHelpers`, `credsStore` via docker-credential-<name>).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEFAULT_DOMAIN } from './reference.js';

export interface Credentials { username: string; password: string; identityToken?: string }

export interface CredentialOptions {
  username?: string;
  password?: string;
  /** Directory holding config.json; default $DOCKER_CONFIG or ~/.docker. */
  dockerConfigDir?: string;
  env?: NodeJS.ProcessEnv;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Keys docker uses for Docker Hub in config.json. */
const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

function configKeysFor(domain: string): string[] {
  if (domain === DEFAULT_DOMAIN) return HUB_KEYS;
  return [domain, `https://${domain}`, `http://${domain}`, `https://${domain}/v1/`, `https://${domain}/v2/`];
}

function readDockerConfig(dir: string): DockerConfig | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
}

function fromHelper(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Credentials | undefined {
  // docker's helper protocol: `get`, the server URL on stdin, {"ServerURL","Username","Secret"} on stdout
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) return undefined; // a helper name is a file name suffix, never a path
  const res = spawnSync(`docker-credential-${helper}`, ['get'], { input: serverUrl, encoding: 'utf8', timeout: 10_000, env, maxBuffer: 1024 * 1024 });
  if (res.status !== 0 || !res.stdout) return undefined;
  try {
    const out = JSON.parse(res.stdout) as { Username?: string; Secret?: string };
    if (!out.Secret) return undefined;
    // A helper that returns "<token>" as the user name holds an identity token.
    if (out.Username === '<token>') return { username: '', password: '', identityToken: out.Secret };
    return { username: out.Username ?? '', password: out.Secret };
  } catch {
    return undefined;
  }
}

/** Credentials for a registry domain, or undefined for anonymous access. */
export function findCredentials(domain: string, opts: CredentialOptions = {}): Credentials | undefined {
  const env = opts.env ?? process.env;
  if (opts.username !== undefined && opts.password !== undefined) return { username: opts.username, password: opts.password };
  if (env.HULLSCAN_USERNAME && env.HULLSCAN_PASSWORD) return { username: env.HULLSCAN_USERNAME, password: env.HULLSCAN_PASSWORD };
  const dir = opts.dockerConfigDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const config = readDockerConfig(dir);
  if (!config) return undefined;
  const keys = configKeysFor(domain);
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean);
  if (helper) return fromHelper(helper, keys[0]!, env);
  for (const k of keys) {
    const entry = config.auths?.[k];
    if (!entry) continue;
    if (entry.identitytoken) return { username: '', password: '', identityToken: entry.identitytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  }
  if (config.credsStore) return fromHelper(config.credsStore, keys[0]!, env);
  return undefined;
}
