// The Docker Engine client against a recorded exchange: a small HTTP server on a unix socket that
// answers as dockerd does (/_ping, /images/{name}/json, /images/{name}/get with a real docker-archive
// from the corpus), reached through DOCKER_HOST=unix://… — a real protocol peer, not a stub of our code.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanImage } from '../scan.js';
import type { Inventory } from '../inventory/model.js';
import { daemonAvailable, daemonEndpoint } from './daemon.js';
import { resolveImage } from './resolve.js';

const CORPUS = '/work/shared/corpus';
const ARCHIVE = `${CORPUS}/multi-lang.docker.tar`;
const NAME = 'hullscan/multi-lang:latest';

const packageSet = (inv: Inventory) => inv.packages.map((p) => `${p.type} ${p.name} ${p.version} ${p.locations[0]?.path} L${p.locations[0]?.layer.index}`).sort();

describe('Docker Engine API over a unix socket (recorded exchange)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-dockerd-'));
  const sock = join(dir, 'docker.sock');
  const env = { DOCKER_HOST: `unix://${sock}` };
  const seen: string[] = [];
  let server: Server;
  let mode: 'ok' | 'truncated' | 'error' = 'ok';
  before(async () => {
    const dockerHeaders = { 'api-version': '1.43', 'docker-experimental': 'false', ostype: 'linux', server: 'Docker/24.0.7 (linux)' };
    server = createServer((req, res) => {
      // dockerd routes both /vX.Y/... and unversioned paths; names arrive URL-encoded
      const path = decodeURIComponent(new URL(req.url!, 'http://docker').pathname.replace(/^\/v\d+\.\d+/, ''));
      seen.push(`${req.method} ${path}`);
      if (path === '/_ping') return res.writeHead(200, { ...dockerHeaders, 'content-type': 'text/plain; charset=utf-8' }).end('OK');
      const m = /^\/images\/(.+)\/(json|get)$/.exec(path);
      if (!m || (m[1] !== NAME && m[1] !== 'hullscan/multi-lang')) {
        return res.writeHead(404, { ...dockerHeaders, 'content-type': 'application/json' }).end(JSON.stringify({ message: `No such image: ${m?.[1] ?? path}` }) + '\n');
      }
      if (m[2] === 'json') {
        return res.writeHead(200, { ...dockerHeaders, 'content-type': 'application/json' }).end(JSON.stringify({ Id: 'sha256:92f0caa12d7c1e4249aed214d4f17e6334f5a22729d2f02dbe74d06445a5c6ca', RepoTags: [NAME], Os: 'linux', Architecture: 'amd64' }));
      }
      if (mode === 'error') return res.writeHead(500, { ...dockerHeaders, 'content-type': 'application/json' }).end('{"message":"write /var/lib/docker/tmp: no space left on device"}\n');
      res.writeHead(200, { ...dockerHeaders, 'content-type': 'application/x-tar' });
      const stream = createReadStream(ARCHIVE, mode === 'truncated' ? { end: 5_000_000 } : {});
      stream.pipe(res);
    });
    await new Promise<void>((r) => server.listen(sock, () => r()));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('DOCKER_HOST selects the socket; _ping answers', async () => {
    assert.deepEqual(daemonEndpoint('docker', env), { kind: 'docker', socketPath: sock });
    assert.equal(await daemonAvailable(daemonEndpoint('docker', env)), true);
    assert.equal(await daemonAvailable(daemonEndpoint('docker', { DOCKER_HOST: `unix://${dir}/nothing.sock` })), false);
  });

  test('docker:NAME streams /images/{name}/get into the archive reader: the archive inventory', async () => {
    const [fromArchive] = await scanImage(ARCHIVE, { skipMatch: true });
    const [fromDaemon] = await scanImage(`docker:${NAME}`, { skipMatch: true, env });
    assert.deepEqual(packageSet(fromDaemon!.inventory), packageSet(fromArchive!.inventory));
    assert.ok(fromDaemon!.inventory.packages.length > 10);
    assert.ok(seen.includes(`GET /images/${NAME}/get`));
  });

  test('without a prefix the daemon is asked whether it has the image before the export', async () => {
    seen.length = 0;
    const images = await resolveImage(NAME, { env, imageSrc: ['docker'] });
    try {
      assert.equal(images.length, 1);
      assert.equal(images[0]!.layers.length, 5);
    } finally {
      await Promise.all(images.map((i) => i.close()));
    }
    assert.deepEqual(seen, ['GET /_ping', `GET /images/${NAME}/json`, `GET /images/${NAME}/get`]);
  });

  test('daemon failures are one-line errors', async () => {
    const oneLine = (code: string, re: RegExp) => (e: any) => e.code === code && !e.message.includes('\n') && re.test(e.message);
    await assert.rejects(resolveImage('hullscan/absent:1', { env, imageSrc: ['docker'] }), oneLine('NOT_FOUND', /docker: no such image/));
    await assert.rejects(resolveImage('docker:hullscan/absent:1', { env }), oneLine('NOT_FOUND', /no such image in the docker daemon/));
    mode = 'error';
    await assert.rejects(resolveImage(`docker:${NAME}`, { env }), oneLine('NETWORK', /docker daemon answered HTTP 500: .*no space left on device/));
    mode = 'truncated';
    await assert.rejects(scanImage(`docker:${NAME}`, { skipMatch: true, env }), oneLine('INPUT', new RegExp(`^docker:${NAME}: the archive the docker daemon exported: truncated archive`)));
    mode = 'ok';
    await assert.rejects(resolveImage(`docker:${NAME}`, { env: { DOCKER_HOST: `unix://${dir}/nothing.sock` } }), oneLine('NETWORK', /cannot reach the docker daemon at .*nothing\.sock/));
  });
});
