import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from './client.js';
import { findCredentials, type CredentialOptions } from './credentials.js';
import { parseReference } from './reference.js';
import { startRegistry, haveRegistryTools, TEST_USER, TEST_PASSWORD, type TestRegistry } from './test-registry.js';

const CORPUS = '/work/shared/corpus';
const missing = haveRegistryTools();
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A temp folder with a docker config.json and a real `docker-credential-hullscantest` helper on PATH. */
function dockerHome(config: object, helperSecret = TEST_PASSWORD): { dir: string; env: NodeJS.ProcessEnv; helperLog: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-creds-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const helperLog = join(dir, 'helper.log');
  // The credential-helper protocol: action as argument, server URL on stdin, JSON on stdout;
  // an unknown server is exit 1 with "credentials not found in native keychain".
  writeFileSync(join(dir, 'bin', 'docker-credential-hullscantest'), `#!/bin/sh
[ "$1" = get ] || exit 2
read -r url
echo "$1 $url" >> '${helperLog}'
case "$url" in
  127.0.0.1:*) printf '{"ServerURL":"%s","Username":"${TEST_USER}","Secret":"${helperSecret}"}\\n' "$url" ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`);
  chmodSync(join(dir, 'bin', 'docker-credential-hullscantest'), 0o755);
  return { dir, env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}` }, helperLog };
}

describe('credentials against a real htpasswd registry', { skip: missing }, () => {
  let reg: TestRegistry;
  const homes: string[] = [];
  before(async () => {
    reg = await startRegistry('basic');
    await reg.push(`docker-archive:${CORPUS}/multiarch-two-images.docker.tar:hullscan/tiny:amd64`, 'tiny:amd64');
  });
  after(async () => {
    await reg?.stop();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  });

  const fetchWith = (credentials: CredentialOptions) =>
    new RegistryClient({ insecure: [reg.host], credentials, attempts: 1 }).getManifest(parseReference(`${reg.host}/tiny:amd64`));
  const isAuthError = (e: any) => e.code === 'AUTH' && !e.message.includes('\n');

  test('config.json auths (base64 user:password)', async () => {
    const home = dockerHome({ auths: { [reg.host]: { auth: b64(`${TEST_USER}:${TEST_PASSWORD}`) } } });
    homes.push(home.dir);
    const m = await fetchWith({ dockerConfigDir: home.dir, env: home.env });
    assert.match(m.digest, /^sha256:[0-9a-f]{64}$/);
    const wrong = dockerHome({ auths: { [`https://${reg.host}`]: { auth: b64(`${TEST_USER}:nope`) } } });
    homes.push(wrong.dir);
    await assert.rejects(fetchWith({ dockerConfigDir: wrong.dir, env: wrong.env }), isAuthError);
  });

  test('config.json credHelpers runs docker-credential-<name> with the server URL on stdin', async () => {
    const home = dockerHome({ credHelpers: { [reg.host]: 'hullscantest' } });
    homes.push(home.dir);
    await fetchWith({ dockerConfigDir: home.dir, env: home.env });
    assert.deepEqual(readFileSync(home.helperLog, 'utf8').trim().split('\n'), [`get ${reg.host}`]);
  });

  test('config.json credsStore is asked when no auths entry or helper names the registry', async () => {
    const home = dockerHome({ credsStore: 'hullscantest', auths: { [reg.host]: {} } });
    homes.push(home.dir);
    await fetchWith({ dockerConfigDir: home.dir, env: home.env });
    assert.equal(readFileSync(home.helperLog, 'utf8').trim(), `get ${reg.host}`);
    const lying = dockerHome({ credsStore: 'hullscantest' }, 'wrong-secret');
    homes.push(lying.dir);
    await assert.rejects(fetchWith({ dockerConfigDir: lying.dir, env: lying.env }), isAuthError);
  });

  test('HULLSCAN_USERNAME / HULLSCAN_PASSWORD', async () => {
    await fetchWith({ dockerConfigDir: '/nonexistent', env: { HULLSCAN_USERNAME: TEST_USER, HULLSCAN_PASSWORD: TEST_PASSWORD } });
    await assert.rejects(fetchWith({ dockerConfigDir: '/nonexistent', env: { HULLSCAN_USERNAME: TEST_USER, HULLSCAN_PASSWORD: 'x' } }), isAuthError);
  });

  test('flags win over env vars and config.json; env vars win over config.json', async () => {
    const wrongHome = dockerHome({ auths: { [reg.host]: { auth: b64(`${TEST_USER}:wrong`) } } });
    const rightHome = dockerHome({ auths: { [reg.host]: { auth: b64(`${TEST_USER}:${TEST_PASSWORD}`) } } });
    homes.push(wrongHome.dir, rightHome.dir);
    const wrongEnv = { HULLSCAN_USERNAME: TEST_USER, HULLSCAN_PASSWORD: 'wrong' };
    await fetchWith({ username: TEST_USER, password: TEST_PASSWORD, dockerConfigDir: wrongHome.dir, env: wrongEnv });
    await assert.rejects(fetchWith({ username: TEST_USER, password: 'wrong', dockerConfigDir: rightHome.dir, env: { HULLSCAN_USERNAME: TEST_USER, HULLSCAN_PASSWORD: TEST_PASSWORD } }), isAuthError);
    await assert.rejects(fetchWith({ dockerConfigDir: rightHome.dir, env: wrongEnv }), isAuthError);
  });

  test('no credentials anywhere: one-line AUTH error naming the remedy', async () => {
    await assert.rejects(fetchWith({ dockerConfigDir: '/nonexistent', env: {} }), (e: any) => isAuthError(e) && /--username/.test(e.message));
  });
});

test('Docker Hub credentials are found under the keys docker writes', () => {
  const home = dockerHome({ auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') } } });
  try {
    assert.deepEqual(findCredentials('docker.io', { dockerConfigDir: home.dir, env: home.env }), { username: 'hubuser', password: 'hubpass' });
    assert.equal(findCredentials('ghcr.io', { dockerConfigDir: home.dir, env: home.env }), undefined);
  } finally {
    rmSync(home.dir, { recursive: true, force: true });
  }
});

test('identity tokens, and a helper that does not know the server means anonymous', () => {
  const home = dockerHome({ auths: { 'quay.io': { identitytoken: 'refresh-me' } }, credHelpers: { 'ghcr.io': 'hullscantest' } });
  try {
    assert.deepEqual(findCredentials('quay.io', { dockerConfigDir: home.dir, env: home.env }), { username: '', password: '', identityToken: 'refresh-me' });
    assert.equal(findCredentials('ghcr.io', { dockerConfigDir: home.dir, env: home.env }), undefined);
    assert.equal(readFileSync(home.helperLog, 'utf8').trim(), 'get ghcr.io');
  } finally {
    rmSync(home.dir, { recursive: true, force: true });
  }
});

test('a helper name that is a path is never run', () => {
  const home = dockerHome({ credsStore: '../../bin/sh' });
  try {
    assert.equal(findCredentials('example.com', { dockerConfigDir: home.dir, env: home.env }), undefined);
  } finally {
    rmSync(home.dir, { recursive: true, force: true });
  }
});
