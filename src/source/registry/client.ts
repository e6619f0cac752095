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
const MAX_TOKEN_BYTES = 1024 * 1024;

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

/** A blob GET with a Range header, as the registry (or its redirect target) answered it. */
export interface BlobRangeResponse { status: number; contentRange?: string; body: Readable }

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

/**
 * A pass-through stream that fails at its end when the bytes do not hash to `digest`, and at once when
 * they run past `expectedSize` (the descriptor's size), so a registry cannot stream without end.
 */
export function verifyDigest(digest: string, subject: string, expectedSize?: number): Transform {
  const [algo, want] = digest.split(':');
  if (algo !== 'sha256' && algo !== 'sha512') throw new HullscanError('DIGEST', `unsupported digest algorithm ${algo}`, { subject });
  const hash = createHash(algo);
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      size += chunk.length;
      if (expectedSize !== undefined && size > expectedSize) return cb(new HullscanError('DIGEST', `blob larger than the ${expectedSize} bytes its descriptor gives`, { subject }));
      hash.update(chunk);
      cb(null, chunk);
    },
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
  async getSmallBlob(ref: ImageReference, digest: string, limit: number, expectedSize?: number): Promise<Buffer> {
    const hit = this.cached(digest);
    if (hit) return hit;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of await this.getBlob(ref, digest, expectedSize)) {
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
    const body = await this.readSmall(res.body, MAX_MANIFEST_BYTES, 'manifest', subject);
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

  /**
   * A small body read whole, bounded in size and in total time: a server that dribbles bytes just
   * fast enough to dodge the idle timeout (slowloris) still fails at the deadline.
   */
  private async readSmall(body: AsyncIterable<Buffer> & { destroy?(): void }, limit: number, what: string, subject: string): Promise<Buffer> {
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => body.destroy?.(), timeoutMs);
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) throw new HullscanError('LIMIT', `${what} larger than ${limit} bytes`, { subject });
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof HullscanError) throw e;
      if (Date.now() >= deadline) throw new HullscanError('NETWORK', `${what} not received within ${duration(timeoutMs)}`, { subject });
      throw new HullscanError('NETWORK', `${what}: ${describeFailure(e, subject, timeoutMs).message}`, { subject });
    } finally {
      clearTimeout(timer);
      if (size > limit) body.destroy?.();
    }
    if (Date.now() >= deadline) throw new HullscanError('NETWORK', `${what} not received within ${duration(timeoutMs)}`, { subject });
    return Buffer.concat(chunks);
  }

  /** The blob's bytes as a stream that errors at its end unless they hash to `digest`. */
  async getBlob(ref: ImageReference, digest: string, expectedSize?: number): Promise<Readable> {
    const subject = `${ref.domain}/${ref.path}@${digest}`;
    const res = await this.fetch(ref, `/v2/${ref.path}/blobs/${digest}`, {}, subject);
    const verifier = verifyDigest(digest, subject, expectedSize);
    (res.body as Readable).on('error', (e) => verifier.destroy(e instanceof HullscanError ? e : new HullscanError('NETWORK', describeFailure(e, ref.domain, this.opts.timeoutMs ?? 30_000).message, { subject, cause: e }))).pipe(verifier);
    return verifier;
  }

  /**
   * The blob's bytes from offset `from` on (`Range: bytes=<from>-`, sent to redirect targets too), NOT verified:
   * the caller hashes the whole file it assembles. `status` 206 continues at the start `contentRange` names;
   * 200 is the whole blob (the registry or a redirect target ignored Range); 416 means `from` is past its end.
   */
  async getBlobFrom(ref: ImageReference, digest: string, from: number): Promise<BlobRangeResponse> {
    const subject = `${ref.domain}/${ref.path}@${digest}`;
    const headers: Record<string, string> = from > 0 ? { range: `bytes=${from}-` } : {};
    const res = await this.fetch(ref, `/v2/${ref.path}/blobs/${digest}`, headers, subject, [416]);
    const body = res.body as Readable;
    if (res.statusCode === 416) await res.body.dump(); // nothing the caller can use
    const contentRange = res.headers['content-range'];
    return { status: res.statusCode, ...(typeof contentRange === 'string' ? { contentRange } : {}), body };
  }

  private async fetch(ref: ImageReference, path: string, headers: Record<string, string>, subject: string, alsoAccept: number[] = []) {
    const origin = registryHost(ref.domain);
    for (const host of this.hostsFor(ref.domain)) {
      if (host === origin) return this.fetchFrom(host, ref, path, headers, subject, undefined, alsoAccept);
      try {
        return await this.fetchFrom(host, ref, path, headers, subject, 1, alsoAccept);
      } catch (e) {
        if (!(e instanceof HullscanError)) throw e;
        // a mirror that lacks the content or refuses us: the origin next; one that is down: never again
        if (e.code === 'NETWORK') this.deadMirrors.add(host);
      }
    }
    throw new HullscanError('NETWORK', 'no registry host to try', { subject });
  }

  /** `alsoAccept`: statuses besides 2xx handed back to the caller instead of thrown. */
  private async fetchFrom(host: string, ref: ImageReference, path: string, headers: Record<string, string>, subject: string, attempts?: number, alsoAccept: number[] = []) {
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
      if ((res.statusCode >= 200 && res.statusCode < 300) || alsoAccept.includes(res.statusCode)) return res;
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
    const res = await this.withRetries(() => request(url, { method, headers, body, headersTimeout: this.opts.timeoutMs ?? 30_000, bodyTimeout: this.opts.timeoutMs ?? 30_000 }), subject, undefined, url.host);
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new HullscanError('AUTH', `token server ${url.host} refused (HTTP ${res.statusCode})`, { subject });
    }
    let json: { token?: string; access_token?: string } = {};
    try {
      json = JSON.parse((await this.readSmall(res.body, MAX_TOKEN_BYTES, 'token response', subject)).toString('utf8')) as typeof json;
    } catch (e) {
      if (e instanceof HullscanError) throw e;
    }
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
      const res = await this.withRetries(() => request(current, { method: 'GET', headers: h, headersTimeout: this.opts.timeoutMs ?? 30_000, bodyTimeout: this.opts.timeoutMs ?? 30_000 }), subject, attempts, current.host);
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump();
        url = new URL(String(location), url);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HullscanError('NETWORK', `redirect to a ${url.protocol} URL refused`, { subject });
        continue;
      }
      return res;
    }
    throw new HullscanError('NETWORK', `more than ${MAX_REDIRECTS} redirects`, { subject });
  }

  /** Retries 429 / 5xx / connection errors with backoff, honouring Retry-After. */
  private async withRetries<T extends { statusCode: number; headers: Record<string, unknown>; body: { dump(): Promise<void> } }>(send: () => Promise<T>, subject: string, attemptsHere?: number, host = ''): Promise<T> {
    const attempts = attemptsHere ?? this.opts.attempts ?? 4;
    const maxDelay = this.opts.maxRetryDelayMs ?? 30_000;
    for (let attempt = 1; ; attempt++) {
      let res: T;
      try {
        res = await send();
      } catch (e) {
        const failure = describeFailure(e, host, this.opts.timeoutMs ?? 30_000);
        if (failure.final || attempt >= attempts) throw new HullscanError(failure.code, failure.message, { subject, cause: e });
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

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

const TLS_TRUST_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** A failed request as one line; `final` when retrying cannot help (TLS trouble). */
function describeFailure(e: unknown, host: string, timeoutMs: number): { code: 'NETWORK'; message: string; final: boolean } {
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const text = String(err.message ?? e);
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long|http request/i.test(text)) {
    return { code: 'NETWORK', final: true, message: `${host} does not speak HTTPS (plain HTTP?); registries are reached over HTTPS unless named with --insecure ${host}` };
  }
  if (TLS_TRUST_CODES.has(code)) return { code: 'NETWORK', final: true, message: `TLS certificate of ${host} is not trusted (${code}); add its CA with NODE_EXTRA_CA_CERTS` };
  if (code === 'ECONNREFUSED') return { code: 'NETWORK', final: false, message: `connection to ${host} refused` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'NETWORK', final: false, message: `cannot resolve ${host.replace(/:\d+$/, '')}` };
  if (/^UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT$/.test(code)) return { code: 'NETWORK', final: false, message: `${host} did not answer within ${duration(timeoutMs)}` };
  return { code: 'NETWORK', final: false, message: `${host}: ${text.split('\n')[0]!.slice(0, 200)}` };
}

function retryAfterMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
