// OCI distribution client: manifests and blobs by tag or digest, token/basic auth, retries,
// redirects that never carry credentials to another host, and digests verified while streaming.
import { request } from 'undici';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { HullscanError } from '../../errors.js';
import { findCredentials, type CredentialOptions, type Credentials } from './credentials.js';
import { registryHost, type ImageReference } from './reference.js';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const SCHEMA1 = ['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws'];
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface RegistryClientOptions {
  credentials?: CredentialOptions;
  /** Registries (host[:port]) the user named as plain HTTP; every other one is HTTPS. */
  insecure?: string[];
  /** Mirrors per registry domain, tried in order before it (e.g. docker.io → ['mirror.local:5000']). */
  mirrors?: Record<string, string[]>;
  /** Attempts per request on 429 / 5xx / network errors. */
  attempts?: number;
  /** Upper bound for one Retry-After / backoff wait. */
  maxRetryDelayMs?: number;
  timeoutMs?: number;
  /** Cache folder: manifests fetched by digest and config blobs are kept under blobs/ (content-addressed). */
  cacheDir?: string;
}

export interface FetchedManifest { mediaType: string; digest: string; body: Buffer }

interface Challenge { scheme: string; params: Record<string, string> }

/** Parses `Bearer realm="https://auth",service="registry",scope="repository:x:pull"`. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let p; (p = re.exec(m[2]!)); ) params[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  return { scheme: m[1]!.toLowerCase(), params };
}

function basicHeader(c: Credentials): string {
  return 'Basic ' + Buffer.from(`${c.username}:${c.password}`).toString('base64');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A pass-through stream that fails at its end when the bytes do not hash to `digest`. */
export function verifyDigest(digest: string, subject: string): Transform {
  const [algo, want] = digest.split(':');
  if (algo !== 'sha256' && algo !== 'sha512') throw new HullscanError('DIGEST', `unsupported digest algorithm ${algo}`, { subject });
  const hash = createHash(algo);
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) { hash.update(chunk); cb(null, chunk); },
    flush(cb: TransformCallback) {
      const got = hash.digest('hex');
      cb(got === want ? null : new HullscanError('DIGEST', `digest mismatch: expected ${digest}, got ${algo}:${got}`, { subject }));
    },
  });
}

export class RegistryClient {
  private readonly tokens = new Map<string, { header: string; expires: number }>();
  private readonly creds = new Map<string, Credentials | undefined>();
  /** Mirrors that could not be reached: not asked again by this client. */
  private readonly deadMirrors = new Set<string>();

  constructor(private readonly opts: RegistryClientOptions = {}) {}

  private scheme(host: string): string {
    return this.opts.insecure?.includes(host) ? 'http' : 'https';
  }

  /** A mirror gets only what docker's config.json holds for it, never the flags' or env's credentials. */
  private credentialsFor(domain: string, mirror = false): Credentials | undefined {
    const key = `${mirror ? 'mirror' : 'origin'}|${domain}`;
    if (!this.creds.has(key)) {
      const o = this.opts.credentials ?? {};
      const { HULLSCAN_USERNAME: _u, HULLSCAN_PASSWORD: _p, ...envWithout } = o.env ?? process.env;
      this.creds.set(key, findCredentials(domain, mirror ? { dockerConfigDir: o.dockerConfigDir, env: envWithout } : o));
    }
    return this.creds.get(key);
  }

  /** Hosts to try for a domain: its live mirrors, then itself. */
  private hostsFor(domain: string): string[] {
    return [...(this.opts.mirrors?.[domain] ?? []).filter((m) => !this.deadMirrors.has(m)), registryHost(domain)];
  }

  /** Content-addressed cache: a hit is re-verified against its digest, so a corrupt file is just a miss. */
  private cached(digest: string): Buffer | undefined {
    if (!this.opts.cacheDir || !digest.startsWith('sha256:')) return undefined;
    try {
      const body = readFileSync(join(this.opts.cacheDir, 'blobs', 'sha256', digest.slice(7)));
      return 'sha256:' + createHash('sha256').update(body).digest('hex') === digest ? body : undefined;
    } catch {
      return undefined;
    }
  }

  private remember(digest: string, body: Buffer): void {
    if (!this.opts.cacheDir || !digest.startsWith('sha256:')) return;
    try {
      const dir = join(this.opts.cacheDir, 'blobs', 'sha256');
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `${digest.slice(7)}.${process.pid}.tmp`);
      writeFileSync(tmp, body);
      renameSync(tmp, join(dir, digest.slice(7)));
    } catch {
      // a cache that cannot be written is only slower
    }
  }

  /** A small blob (an image config) read whole, from the cache when it holds it. */
  async getSmallBlob(ref: ImageReference, digest: string, limit: number): Promise<Buffer> {
    const hit = this.cached(digest);
    if (hit) return hit;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of await this.getBlob(ref, digest)) {
      size += (c as Buffer).length;
      if (size > limit) throw new HullscanError('LIMIT', `larger than ${limit} bytes`, { subject: digest });
      chunks.push(c as Buffer);
    }
    const body = Buffer.concat(chunks);
    this.remember(digest, body);
    return body;
  }

  async getManifest(ref: ImageReference, reference = ref.digest ?? ref.tag ?? 'latest'): Promise<FetchedManifest> {
    const subject = `${ref.domain}/${ref.path}:${reference}`;
    const hit = reference.startsWith('sha256:') ? this.cached(reference) : undefined;
    if (hit) {
      const parsed = JSON.parse(hit.toString('utf8')) as { mediaType?: string };
      return { mediaType: parsed.mediaType ?? MANIFEST_MEDIA_TYPES[1]!, digest: reference, body: hit };
    }
    const res = await this.fetch(ref, `/v2/${ref.path}/manifests/${reference}`, { accept: [...MANIFEST_MEDIA_TYPES, ...SCHEMA1].join(', ') }, subject);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MAX_MANIFEST_BYTES) throw new HullscanError('LIMIT', `manifest larger than ${MAX_MANIFEST_BYTES} bytes`, { subject });
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    let mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { mediaType?: string; schemaVersion?: number };
      if (parsed.schemaVersion === 1) mediaType = SCHEMA1[0]!;
      else if (parsed.mediaType) mediaType = parsed.mediaType;
    } catch {
      throw new HullscanError('INPUT', 'manifest is not valid JSON', { subject });
    }
    if (SCHEMA1.includes(mediaType)) {
      throw new HullscanError('INPUT', 'Docker schema 1 manifests are deprecated and not supported; re-push the image with a current client', { subject });
    }
    const digest = 'sha256:' + createHash('sha256').update(body).digest('hex');
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new HullscanError('DIGEST', `manifest digest mismatch: expected ${reference}, got ${digest}`, { subject });
    }
    this.remember(digest, body);
    return { mediaType, digest, body };
  }

  /** The blob's bytes as a stream that errors at its end unless they hash to `digest`. */
  async getBlob(ref: ImageReference, digest: string): Promise<Readable> {
    const subject = `${ref.domain}/${ref.path}@${digest}`;
    const res = await this.fetch(ref, `/v2/${ref.path}/blobs/${digest}`, {}, subject);
    const verifier = verifyDigest(digest, subject);
    (res.body as Readable).on('error', (e) => verifier.destroy(e)).pipe(verifier);
    return verifier;
  }

  private async fetch(ref: ImageReference, path: string, headers: Record<string, string>, subject: string) {
    const origin = registryHost(ref.domain);
    for (const host of this.hostsFor(ref.domain)) {
      if (host === origin) return this.fetchFrom(host, ref, path, headers, subject);
      try {
        return await this.fetchFrom(host, ref, path, headers, subject, 1);
      } catch (e) {
        if (!(e instanceof HullscanError)) throw e;
        // a mirror that lacks the content or refuses us: the origin next; one that is down: never again
        if (e.code === 'NETWORK') this.deadMirrors.add(host);
      }
    }
    throw new HullscanError('NETWORK', 'no registry host to try', { subject });
  }

  private async fetchFrom(host: string, ref: ImageReference, path: string, headers: Record<string, string>, subject: string, attempts?: number) {
    const scope = `repository:${ref.path}:pull`;
    const tokenKey = `${host}|${scope}`;
    let auth = this.cachedToken(tokenKey);
    for (let authRound = 0; authRound < 2; authRound++) {
      const res = await this.requestFollowingRedirects(`${this.scheme(host)}://${host}${path}`, headers, auth, subject, attempts);
      if (res.statusCode === 401 && authRound === 0) {
        const challenge = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
        await res.body.dump();
        auth = await this.authorize(challenge, ref, host, scope, subject);
        if (auth) this.tokens.set(tokenKey, { header: auth, expires: Date.now() + 50_000 });
        continue;
      }
      if (res.statusCode >= 200 && res.statusCode < 300) return res;
      const text = (await res.body.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
      if (res.statusCode === 401 || res.statusCode === 403) throw new HullscanError('AUTH', `access denied (HTTP ${res.statusCode})${text ? `: ${text}` : ''}`, { subject });
      if (res.statusCode === 404) throw new HullscanError('NOT_FOUND', `not found in registry (HTTP 404)`, { subject });
      throw new HullscanError('NETWORK', `registry answered HTTP ${res.statusCode}${text ? `: ${text}` : ''}`, { subject });
    }
    throw new HullscanError('AUTH', 'authentication failed', { subject });
  }

  private cachedToken(key: string): string | undefined {
    const t = this.tokens.get(key);
    return t && t.expires > Date.now() ? t.header : undefined;
  }

  private async authorize(challenge: Challenge | undefined, ref: ImageReference, host: string, scope: string, subject: string): Promise<string | undefined> {
    // the origin's credentials never go to a mirror (another host): a mirror gets only its own
    const creds = host === registryHost(ref.domain) ? this.credentialsFor(ref.domain) : this.credentialsFor(host, true);
    if (!challenge) throw new HullscanError('AUTH', 'registry requires authentication but sent no WWW-Authenticate challenge', { subject });
    if (challenge.scheme === 'basic') {
      if (!creds || creds.identityToken) throw new HullscanError('AUTH', 'registry requires credentials (use --username/--password or docker login)', { subject });
      return basicHeader(creds);
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
      throw new HullscanError('AUTH', `unsupported authentication challenge "${challenge.scheme}"`, { subject });
    }
    const url = new URL(challenge.params.realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? scope);
    const headers: Record<string, string> = {};
    let method: 'GET' | 'POST' = 'GET';
    let body: string | undefined;
    if (creds?.identityToken) {
      // OAuth2 refresh-token grant, as docker does with identity tokens.
      method = 'POST';
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, service: challenge.params.service ?? '', scope: challenge.params.scope ?? scope, client_id: 'hullscan' }).toString();
    } else if (creds) {
      headers.authorization = basicHeader(creds);
    }
    const res = await this.withRetries(() => request(url, { method, headers, body, headersTimeout: this.opts.timeoutMs ?? 30_000, bodyTimeout: this.opts.timeoutMs ?? 30_000 }), subject);
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new HullscanError('AUTH', `token server ${url.host} refused (HTTP ${res.statusCode})`, { subject });
    }
    const json = (await res.body.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = json.token ?? json.access_token;
    if (!token) throw new HullscanError('AUTH', `token server ${url.host} returned no token`, { subject });
    return `Bearer ${token}`;
  }

  /** Follows redirects by hand so Authorization is sent only to the host it was meant for. */
  private async requestFollowingRedirects(startUrl: string, headers: Record<string, string>, auth: string | undefined, subject: string, attempts?: number) {
    let url = new URL(startUrl);
    const authHost = url.host;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const h: Record<string, string> = { ...headers, 'user-agent': 'hullscan/0.1' };
      if (auth && url.host === authHost) h.authorization = auth;
      const current = url;
      const res = await this.withRetries(() => request(current, { method: 'GET', headers: h, headersTimeout: this.opts.timeoutMs ?? 30_000, bodyTimeout: this.opts.timeoutMs ?? 30_000 }), subject, attempts);
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump();
        url = new URL(String(location), url);
        continue;
      }
      return res;
    }
    throw new HullscanError('NETWORK', `more than ${MAX_REDIRECTS} redirects`, { subject });
  }

  /** Retries 429 / 5xx / connection errors with backoff, honouring Retry-After. */
  private async withRetries<T extends { statusCode: number; headers: Record<string, unknown>; body: { dump(): Promise<void> } }>(send: () => Promise<T>, subject: string, attemptsHere?: number): Promise<T> {
    const attempts = attemptsHere ?? this.opts.attempts ?? 4;
    const maxDelay = this.opts.maxRetryDelayMs ?? 30_000;
    for (let attempt = 1; ; attempt++) {
      let res: T;
      try {
        res = await send();
      } catch (e) {
        if (attempt >= attempts) throw new HullscanError('NETWORK', (e as Error).message, { subject, cause: e });
        await sleep(Math.min(maxDelay, 200 * 2 ** attempt));
        continue;
      }
      if ((res.statusCode === 429 || res.statusCode >= 500) && attempt < attempts) {
        await res.body.dump();
        await sleep(Math.min(maxDelay, retryAfterMs(res.headers['retry-after']) ?? 200 * 2 ** attempt));
        continue;
      }
      return res;
    }
  }
}

function retryAfterMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
