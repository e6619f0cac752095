import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { RegistryClient, parseChallenge } from './client.js';
import { openRegistryImage } from './image.js';
import { parseReference } from './reference.js';
import { startRegistry, haveRegistryTools, freePort, TEST_USER, TEST_PASSWORD, type TestRegistry } from './test-registry.js';

import { CORPUS, MULTIARCH_INDEX } from '../test-support.js';
const missing = haveRegistryTools();

async function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('parses WWW-Authenticate challenges', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"'), {
    scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
  });
  assert.equal(parseChallenge('Basic realm="x"')?.scheme, 'basic');
});

for (const auth of ['none', 'basic', 'token'] as const) {
  describe(`registry with auth=${auth}`, { skip: missing }, () => {
    let reg: TestRegistry;
    before(async () => {
      reg = await startRegistry(auth);
      await reg.push(`oci-archive:${CORPUS}/multiarch-index.oci.tar:latest`, 'multi:latest', true);
      await reg.push(`docker-archive:${CORPUS}/multiarch-two-images.docker.tar:hullscan/tiny:amd64`, 'tiny:amd64');
    });
    after(() => reg?.stop());

    const client = () => new RegistryClient({ insecure: [reg.host], credentials: auth === 'none' ? { dockerConfigDir: '/nonexistent' } : { username: TEST_USER, password: TEST_PASSWORD } });

    test('resolves the index to the asked platform and streams verified layers', async () => {
      const [img] = await openRegistryImage(`${reg.host}/multi:latest`, { client: client(), platform: 'linux/arm64' });
      assert.equal(img!.platform.architecture, 'arm64');
      assert.equal(img!.indexDigest, MULTIARCH_INDEX, 'the manifest list it was chosen from, as pushed by skopeo --all');
      assert.equal(img!.layers.length, 1);
      const blob = await readAll(await img!.layers[0]!.open());
      assert.equal('sha256:' + createHash('sha256').update(blob).digest('hex'), img!.layers[0]!.digest);
    });

    test('--platform all gives every platform; unknown platform lists the available ones', async () => {
      const all = await openRegistryImage(`${reg.host}/multi:latest`, { client: client(), platform: 'all' });
      assert.deepEqual(all.map((i) => i.platform.architecture).sort(), ['amd64', 'arm64']);
      assert.deepEqual(all.map((i) => i.indexDigest), [MULTIARCH_INDEX, MULTIARCH_INDEX]);
      await assert.rejects(openRegistryImage(`${reg.host}/multi:latest`, { client: client(), platform: 'linux/s390x' }), /available platforms: linux\/amd64, linux\/arm64\/v8/);
    });

    test('single-platform manifest by tag and by digest', async () => {
      const [byTag] = await openRegistryImage(`${reg.host}/tiny:amd64`, { client: client() });
      const [byDigest] = await openRegistryImage(`${reg.host}/tiny@${byTag!.digest}`, { client: client() });
      assert.equal(byDigest!.configDigest, byTag!.configDigest);
      assert.equal(byTag!.indexDigest, undefined, 'no index above a single manifest');
    });

    if (auth !== 'none') {
      test('wrong credentials are refused with a one-line AUTH error', async () => {
        const bad = new RegistryClient({ insecure: [reg.host], credentials: { username: TEST_USER, password: 'wrong' } });
        await assert.rejects(bad.getManifest(parseReference(`${reg.host}/tiny:amd64`)), (e: any) => e.code === 'AUTH' && !e.message.includes('\n'));
      });
    }
    if (auth === 'token') {
      test('tokens are cached per scope', async () => {
        const c = client();
        const before = reg.tokenRequests;
        await c.getManifest(parseReference(`${reg.host}/tiny:amd64`));
        await c.getManifest(parseReference(`${reg.host}/tiny:amd64`));
        assert.equal(reg.tokenRequests - before, 1);
      });
    }
  });
}

describe('redirects and tampering (small HTTP servers on 127.0.0.1)', () => {
  let registry: Server, cdn: Server;
  let regHost = '', cdnHost = '';
  const seenAuthOnCdn: (string | undefined)[] = [];
  const blob = Buffer.from('layer bytes');
  const digest = 'sha256:' + createHash('sha256').update(blob).digest('hex');
  before(async () => {
    const cdnPort = await freePort();
    cdnHost = `127.0.0.1:${cdnPort}`;
    cdn = createServer((req, res) => {
      seenAuthOnCdn.push(req.headers.authorization);
      res.end(req.url?.includes('tampered') ? Buffer.from('other bytes') : blob);
    }).listen(cdnPort, '127.0.0.1');
    const regPort = await freePort();
    regHost = `127.0.0.1:${regPort}`;
    registry = createServer((req, res) => {
      if (req.headers.authorization !== 'Basic ' + Buffer.from('u:p').toString('base64')) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
        return;
      }
      const target = req.url!.includes(digest) ? '/ok' : '/tampered';
      // `localhost` vs 127.0.0.1: another host name, as a CDN would be
      res.writeHead(307, { location: `http://localhost:${cdnPort}${target}` }).end();
    }).listen(regPort, '127.0.0.1');
  });
  after(() => { registry.close(); cdn.close(); });

  test('credentials are not forwarded when a blob download redirects to another host', async () => {
    const c = new RegistryClient({ insecure: [regHost], credentials: { username: 'u', password: 'p' } });
    const got = await readAll(await c.getBlob(parseReference(`${regHost}/x:1`), digest));
    assert.deepEqual(got, blob);
    assert.ok(seenAuthOnCdn.length > 0);
    assert.deepEqual(seenAuthOnCdn.filter(Boolean), []);
  });

  test('a blob whose bytes do not match its digest is rejected', async () => {
    const c = new RegistryClient({ insecure: [regHost], credentials: { username: 'u', password: 'p' } });
    const wrong = 'sha256:' + 'f'.repeat(64);
    await assert.rejects(readAll(await c.getBlob(parseReference(`${regHost}/x:1`), wrong)), (e: any) => e.code === 'DIGEST' && /digest mismatch/.test(e.message));
  });

  test('retries 503 and 429 honouring Retry-After', async () => {
    let calls = 0;
    const port = await freePort();
    const flaky = createServer((_req, res) => {
      calls++;
      if (calls === 1) return res.writeHead(503).end();
      if (calls === 2) return res.writeHead(429, { 'retry-after': '0' }).end();
      res.end(blob);
    }).listen(port, '127.0.0.1');
    try {
      const c = new RegistryClient({ insecure: [`127.0.0.1:${port}`], maxRetryDelayMs: 50 });
      assert.deepEqual(await readAll(await c.getBlob(parseReference(`127.0.0.1:${port}/x:1`), digest)), blob);
      assert.equal(calls, 3);
    } finally {
      flaky.close();
    }
  });
});
