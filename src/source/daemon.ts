// Images held by a local Docker Engine or Podman service, through their Docker-compatible API on a
// unix socket: the image is looked up, then `GET /images/{name}/get` is streamed into a temporary
// docker-archive that the archive reader opens (and deletes on close).
import { Client } from 'undici';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HullscanError } from '../errors.js';
import { openImage } from './index.js';
import type { ImageSource, OpenOptions } from './types.js';

export type DaemonKind = 'docker' | 'podman';

/** The API endpoint of a daemon: a unix socket path, or an http URL for tcp:// hosts. */
export interface DaemonEndpoint { kind: DaemonKind; socketPath?: string; url?: string }

export function daemonEndpoint(kind: DaemonKind, env: NodeJS.ProcessEnv = process.env): DaemonEndpoint {
  const host = kind === 'docker' ? env.DOCKER_HOST : env.CONTAINER_HOST ?? env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return { kind, socketPath: host.slice('unix://'.length) };
  if (host?.startsWith('tcp://')) return { kind, url: `http://${host.slice('tcp://'.length)}` };
  if (kind === 'docker') return { kind, socketPath: '/var/run/docker.sock' };
  const runtime = env.XDG_RUNTIME_DIR && process.getuid?.() !== 0 ? env.XDG_RUNTIME_DIR : '/run';
  return { kind, socketPath: join(runtime, 'podman', 'podman.sock') };
}

function clientFor(ep: DaemonEndpoint): Client {
  return ep.socketPath
    ? new Client('http://localhost', { socketPath: ep.socketPath, headersTimeout: 10_000, bodyTimeout: 0 })
    : new Client(ep.url!, { headersTimeout: 10_000, bodyTimeout: 0 });
}

/** GET `path` on the daemon; true on 200, false on any other answer or when nothing listens. */
async function answers200(ep: DaemonEndpoint, path: string, timeoutMs = 10_000): Promise<boolean> {
  const client = clientFor(ep);
  try {
    const res = await client.request({ method: 'GET', path, headersTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/** Does a daemon answer on this endpoint? */
export function daemonAvailable(ep: DaemonEndpoint): Promise<boolean> {
  return answers200(ep, '/_ping', 2_000);
}

/** Is `name` an image the daemon has? */
export function daemonHasImage(ep: DaemonEndpoint, name: string): Promise<boolean> {
  return answers200(ep, `/images/${encodeURIComponent(name)}/json`);
}

/** Exports `name` from the daemon and opens it as a docker-archive; the temporary file goes on close(). */
export async function openDaemonImage(ep: DaemonEndpoint, name: string, opts: OpenOptions = {}): Promise<ImageSource[]> {
  const subject = `${ep.kind}:${name}`;
  const client = clientFor(ep);
  const dir = await mkdtemp(join(tmpdir(), 'hullscan-daemon-'));
  const file = join(dir, 'image.tar');
  try {
    const res = await client.request({ method: 'GET', path: `/images/${encodeURIComponent(name)}/get` }).catch((e: Error) => {
      throw new HullscanError('NETWORK', `cannot reach the ${ep.kind} daemon at ${ep.socketPath ?? ep.url}: ${e.message}`, { subject });
    });
    if (res.statusCode === 404) {
      await res.body.dump();
      throw new HullscanError('NOT_FOUND', `no such image in the ${ep.kind} daemon`, { subject });
    }
    if (res.statusCode !== 200) {
      const text = (await res.body.text().catch(() => '')).slice(0, 200).trim();
      throw new HullscanError('NETWORK', `${ep.kind} daemon answered HTTP ${res.statusCode}${text ? `: ${text}` : ''}`, { subject });
    }
    await pipeline(res.body, createWriteStream(file));
    const images = await openImage(file, { ...opts, name: opts.name ?? (name.includes('@') || name.startsWith('sha256:') ? undefined : name) })
      .catch(() => openImage(file, { platform: opts.platform }))
      .catch((e: unknown) => {
        // name the image, not the temporary file it was exported to
        if (!(e instanceof HullscanError)) throw e;
        const problem = e.subject && e.message.startsWith(`${e.subject}: `) ? e.message.slice(e.subject.length + 2) : e.message;
        throw new HullscanError(e.code, `the archive the ${ep.kind} daemon exported: ${problem}`, { subject, cause: e });
      });
    return images.map((img, i) => ({
      ...img,
      reference: name,
      close: async () => {
        await img.close();
        if (i === images.length - 1) await rm(dir, { recursive: true, force: true });
      },
    }));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await client.close().catch(() => {});
  }
}
