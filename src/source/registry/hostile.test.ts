// Registries that misbehave, each a small real HTTP server on 127.0.0.1: plain HTTP without
// --insecure, schema-1 manifests, huge manifests and token answers, endless redirects, slowloris.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { RegistryClient } from './client.js';
import { openRegistryImage } from './image.js';
import { parseReference } from './reference.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real schema-1 signed manifest, as old docker registries served it (docker distribution docs example). */
const SCHEMA1_MANIFEST = JSON.stringify({
  name: 'hello-world', tag: 'latest', architecture: 'amd64',
  fsLayers: [
    { blobSum: 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef' },
    { blobSum: 'sha256:cc8567d70002e957612902a8e985ea129d831ebe04057d88fb644857caa45d11' },
  ],
  history: [
    { v1Compatibility: '{"id":"e45a5af57b00862e5ef5782a9925979a02ba2b12dff832fd0991335f4a11e5c5","parent":"31cbccb51277105ba3ae35ce33c22b69c9e3f1002e76e4c736a2e8ebff9d7b5d","created":"2014-12-31T22:57:59.178729048Z","container_config":{"Cmd":["/bin/sh","-c","#(nop) CMD [/hello]"]},"architecture":"amd64","os":"linux","Size":0}' },
    { v1Compatibility: '{"id":"31cbccb51277105ba3ae35ce33c22b69c9e3f1002e76e4c736a2e8ebff9d7b5d","created":"2014-12-31T22:57:59.178729048Z","container_config":{"Cmd":["/bin/sh","-c","#(nop) ADD file:4abd3bff60458ca3b079d7b131ce26b2719055a030dfa96ff827da2b7c7038a7 in /"]},"architecture":"amd64","os":"linux","Size":960}' },
  ],
  schemaVersion: 1,
  signatures: [{
    header: { jwk: { crv: 'P-256', kid: 'OD6I:6DRK:JXEJ:KBM4:255X:NSAA:MUSF:E4VM:ZI6W:CUN2:L4Z6:LSF4', kty: 'EC', x: '3gAwX48IQ5oaYQAYSxor6rYYc_6yjuLCjtQ9LUakg4A', y: 't72ge6kIA1XOjqjVoEOiPPAURltJFBMGDSQvEGVB010' }, alg: 'ES256' },
    signature: 'XREm0L8WNn27Ga_iE_vRnTxVMhhYY0Zst_FfkKopg6gWSoTOZTuW4rK0fg_IqnKkEKlbD83tD46LKEGi5aIVFg',
    protected: 'eyJmb3JtYXRMZW5ndGgiOjY2MjgsImZvcm1hdFRhaWwiOiJDbjAiLCJ0aW1lIjoiMjAxNS0wNC0wOFQxODo1Mjo1OVoifQ',
  }],
}, null, 3);

describe('hostile or misconfigured registries', () => {
  let server: Server;
  let host = '';
  const routes = new Map<string, Handler>();
  before(async () => {
    server = createServer((req, res) => {
      const name = req.url!.split('/')[2] ?? '';
      const h = routes.get(name);
      if (h) h(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => { server.closeAllConnections(); server.close(); });

  const client = (o: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
    new RegistryClient({ insecure: [host], credentials: { dockerConfigDir: '/nonexistent', env: {} }, maxRetryDelayMs: 20, ...o });
  const oneLine = (code: string, re: RegExp) => (e: any) => {
    assert.equal(e.code, code, e.message);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, re);
    return true;
  };

  test('a plain-HTTP registry not named with --insecure: one clear line, no retries', async () => {
    routes.set('plain', (_q, res) => res.end('{}'));
    const t0 = Date.now();
    await assert.rejects(new RegistryClient({ credentials: { dockerConfigDir: '/nonexistent' } }).getManifest(parseReference(`${host}/plain:1`)),
      oneLine('NETWORK', new RegExp(`^${host}/plain:1: ${host} does not speak HTTPS \\(plain HTTP\\?\\); registries are reached over HTTPS unless named with --insecure ${host}$`)));
    assert.ok(Date.now() - t0 < 2000);
    // named: plain HTTP is used for it, and for it only
    const named = new RegistryClient({ insecure: [host], credentials: { dockerConfigDir: '/nonexistent' } });
    assert.equal((await named.getManifest(parseReference(`${host}/plain:1`))).body.toString(), '{}');
  });

  test('schema-1 manifests are rejected with a clear message', async () => {
    routes.set('old', (_q, res) => res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' }).end(SCHEMA1_MANIFEST));
    await assert.rejects(openRegistryImage(`${host}/old:latest`, { client: client() }), oneLine('INPUT', /schema 1 manifests are deprecated and not supported; re-push the image/));
    // also when the server mislabels it as JSON
    routes.set('old2', (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(SCHEMA1_MANIFEST));
    await assert.rejects(openRegistryImage(`${host}/old2:latest`, { client: client() }), oneLine('INPUT', /schema 1/));
  });

  test('a huge manifest stops at the size limit', async () => {
    routes.set('huge', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const write = () => { while (res.write(chunk)); };
      res.on('drain', write);
      write();
      res.on('close', () => res.off('drain', write));
    });
    await assert.rejects(client().getManifest(parseReference(`${host}/huge:1`)), oneLine('LIMIT', /manifest larger than 4194304 bytes/));
  });

  test('endless redirects stop after 5 hops', async () => {
    let hops = 0;
    routes.set('loop', (req, res) => { hops++; res.writeHead(302, { location: req.url + 'x' }).end(); });
    await assert.rejects(client().getManifest(parseReference(`${host}/loop:1`)), oneLine('NETWORK', /more than 5 redirects/));
    assert.equal(hops, 6);
    routes.set('fileurl', (_q, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await assert.rejects(client().getManifest(parseReference(`${host}/fileurl:1`)), oneLine('NETWORK', /redirect to a file: URL refused/));
  });

  test('slowloris: headers never come, or the body dribbles forever, within the timeout', async () => {
    routes.set('mute', () => { /* never answers */ });
    let t0 = Date.now();
    await assert.rejects(client({ timeoutMs: 300, attempts: 1 }).getManifest(parseReference(`${host}/mute:1`)), oneLine('NETWORK', /did not answer within 300 ms/));
    assert.ok(Date.now() - t0 < 3000);
    routes.set('drip', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.write('{');
      const t = setInterval(() => res.write(' '), 100); // always faster than the idle timeout
      res.on('close', () => clearInterval(t));
    });
    t0 = Date.now();
    await assert.rejects(client({ timeoutMs: 500, attempts: 1 }).getManifest(parseReference(`${host}/drip:1`)), oneLine('NETWORK', /manifest not received within/));
    assert.ok(Date.now() - t0 < 3000);
  });

  test('a token server answering without end or with a huge body', async () => {
    const tokenServer = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url!.includes('huge')) {
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const write = () => { while (res.write(chunk)); };
        res.on('drain', write);
        write();
      } else res.end('{"nothing":"here"}');
    });
    await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', () => r()));
    const tokenHost = `127.0.0.1:${(tokenServer.address() as { port: number }).port}`;
    try {
      routes.set('tok', (req, res) => res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${tokenHost}/${req.url!.includes('huge') ? 'huge' : 'small'}",service="x"` }).end());
      await assert.rejects(client().getManifest(parseReference(`${host}/tok:huge`)), oneLine('LIMIT', /token response larger than/));
      await assert.rejects(client().getManifest(parseReference(`${host}/tok:1`)), oneLine('AUTH', /returned no token/));
    } finally {
      tokenServer.closeAllConnections();
      tokenServer.close();
    }
  });

  test('a blob streaming past its descriptor size is cut off at once', async () => {
    let sent = 0;
    routes.set('endless', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const write = () => { while (sent < 1e9 && res.write(chunk)) sent += chunk.length; };
      res.on('drain', write);
      write();
    });
    const blob = await client().getBlob(parseReference(`${host}/endless:1`), 'sha256:' + 'a'.repeat(64), 100_000);
    await assert.rejects((async () => { for await (const _ of blob) { /* drain */ } })(), oneLine('DIGEST', /blob larger than the 100000 bytes its descriptor gives/));
    assert.ok(sent < 50e6, `${sent} bytes sent before the cut`);
  });

  test('a registry that keeps failing gives up after its attempts, with the status in one line', async () => {
    let calls = 0;
    routes.set('down', (_q, res) => { calls++; res.writeHead(503, { 'retry-after': '1' }).end('<html>\n<body>down for maintenance</body>\n</html>'); });
    await assert.rejects(client({ attempts: 3, maxRetryDelayMs: 10 }).getManifest(parseReference(`${host}/down:1`)), oneLine('NETWORK', /registry answered HTTP 503/));
    assert.equal(calls, 3);
  });
});
