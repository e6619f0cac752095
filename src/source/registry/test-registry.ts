// Test support: a real Debian `docker-registry` on 127.0.0.1, anonymous, behind htpasswd basic auth,
// or behind a small bearer-token server, with images pushed into it by skopeo.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createSign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RegistryAuth = 'none' | 'basic' | 'token';
export const TEST_USER = 'hullscan';
export const TEST_PASSWORD = 's3cret-pass';

export interface TestRegistry {
  host: string;                       // 127.0.0.1:PORT
  auth: RegistryAuth;
  /** skopeo copy SRC (transport:path) to HOST/NAME */
  push(src: string, name: string, all?: boolean): Promise<void>;
  tokenRequests: number;
  stop(): Promise<void>;
}

export function haveRegistryTools(): string | undefined {
  for (const tool of ['docker-registry', 'skopeo', 'htpasswd', 'openssl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (see .ci/run)`;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

async function waitForHttp(url: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`registry at ${url} did not start`);
}

export async function startRegistry(auth: RegistryAuth = 'none'): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let authBlock = '';
  let tokenServer: Server | undefined;
  const state = { tokenRequests: 0 };
  if (auth === 'basic') {
    const htpasswd = spawnSync('htpasswd', ['-Bbn', TEST_USER, TEST_PASSWORD], { encoding: 'utf8' });
    writeFileSync(join(dir, 'htpasswd'), htpasswd.stdout);
    authBlock = `auth:\n  htpasswd:\n    realm: hullscan-test\n    path: ${join(dir, 'htpasswd')}\n`;
  } else if (auth === 'token') {
    spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=hullscan-token', '-days', '2'], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const certDer = new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw;
    const tokenPort = await freePort();
    tokenServer = createServer((req, res) => {
      state.tokenRequests++;
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const basic = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (basic !== `${TEST_USER}:${TEST_PASSWORD}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      const access = url.searchParams.getAll('scope').map((scope) => {
        const [type, name, actions] = scope.split(':');
        return { type, name, actions: (actions ?? '').split(',') };
      });
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
      const claims = { iss: 'hullscan-test-issuer', sub: TEST_USER, aud: url.searchParams.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: String(Math.random()), access };
      const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
      const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `${signingInput}.${b64url(signature)}`, expires_in: 300 }));
    });
    await new Promise<void>((r) => tokenServer!.listen(tokenPort, '127.0.0.1', () => r()));
    authBlock = `auth:\n  token:\n    realm: http://127.0.0.1:${tokenPort}/token\n    service: hullscan-test\n    issuer: hullscan-test-issuer\n    rootcertbundle: ${join(dir, 'cert.pem')}\n`;
  }
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: ${host}\n${authBlock}`);
  const proc: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  await waitForHttp(`http://${host}/v2/`);
  const creds = auth === 'none' ? [] : ['--dest-creds', `${TEST_USER}:${TEST_PASSWORD}`];
  return {
    host,
    auth,
    get tokenRequests() { return state.tokenRequests; },
    set tokenRequests(v: number) { state.tokenRequests = v; },
    // async: the token server lives in this process and must keep answering while skopeo pushes
    push(src: string, name: string, all = false) {
      return new Promise<void>((resolve, reject) => {
        const p = spawn('skopeo', ['copy', '--quiet', ...(all ? ['--all'] : []), '--dest-tls-verify=false', ...creds, src, `docker://${host}/${name}`], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        p.stderr!.on('data', (d) => { stderr += d; });
        p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`skopeo copy ${src} failed: ${stderr.trim()}`))));
      });
    },
    async stop() {
      proc.kill();
      await new Promise<void>((r) => tokenServer ? tokenServer.close(() => r()) : r());
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
