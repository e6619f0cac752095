// Each built-in rule: a positive case (found, redacted, right line) and a negative case (the look-alike
// that is not a secret). Token values are made at run time (random, of the provider's real shape), so
// the repository holds no secret-shaped strings and a rule cannot pass on a memorised value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeAllowRules, activeRules } from './config.js';
import { compileRules, findSecrets, REDACTED } from './detect.js';
import { BUILTIN_RULES } from './rules.js';

const compiled = compileRules(activeRules(), activeAllowRules());

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function rand(n: number, alphabet = ALNUM): string {
  let s = '';
  while (s.length < n) s += alphabet[randomInt(alphabet.length)];
  // a digit somewhere, as real tokens of this length practically always have
  return /\d/.test(s) || !/\d/.test(alphabet) ? s : s.slice(0, -1) + String(randomInt(10));
}
const b64 = (n: number) => randomBytes(n).toString('base64');

/** Scan `text` at `path`; every finding's match must be free of the secret. */
function scan(text: string, path = '/app/config/settings.conf', secret?: string) {
  const found = findSecrets(text, compiled, path);
  for (const f of found) {
    assert.ok(f.match.includes(REDACTED), `match of ${f.rule} is redacted: ${f.match}`);
    if (secret) assert.ok(!f.match.includes(secret), `secret leaked in ${f.match}`);
  }
  return found.map((f) => ({ rule: f.rule, line: f.line, match: f.match }));
}

function expectOne(text: string, rule: string, opts: { path?: string; secret?: string; line?: number; match?: string } = {}) {
  const found = scan(text, opts.path, opts.secret);
  assert.deepEqual(found.map((f) => f.rule), [rule], `expected exactly ${rule} in ${JSON.stringify(text.slice(0, 200))}, got ${JSON.stringify(found)}`);
  if (opts.line !== undefined) assert.equal(found[0]!.line, opts.line);
  if (opts.match !== undefined) assert.equal(found[0]!.match, opts.match);
}
function expectNone(text: string, path?: string) {
  assert.deepEqual(scan(text, path), []);
}
/** Not this rule (a generic rule may still report the assignment). */
function expectNotRule(text: string, rule: string, path?: string) {
  assert.deepEqual(scan(text, path).filter((f) => f.rule === rule), []);
}

test('every built-in rule has an id, a title, keywords and a global regex with indices', () => {
  const ids = new Set<string>();
  for (const r of BUILTIN_RULES) {
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    ids.add(r.id);
    assert.ok(r.title && r.category && r.keywords.length > 0, r.id);
    assert.ok(r.regex.global && r.regex.hasIndices, `${r.id} regex flags`);
    for (const k of r.keywords) assert.equal(k, k.toLowerCase(), `${r.id} keyword ${k} is lower case`);
  }
});

test('aws-access-key-id: AKIA/ASIA ids; not a shorter id, not lower case', () => {
  const id = 'AKIA' + rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
  expectOne(`[default]\naws_access_key_id = ${id}\n`, 'aws-access-key-id', { secret: id, line: 2, match: `aws_access_key_id = ${REDACTED}` });
  expectOne(`export AWS_ACCESS_KEY_ID="ASIA${id.slice(4)}"`, 'aws-access-key-id', { secret: id.slice(4) });
  expectNone(`id = AKIA${id.slice(4, 15)}\n`);
  expectNone(`id = ${id.toLowerCase()}\n`);
  expectNone(`Visiting ASIA and AKIA-related docs\n`);
});

test('aws-secret-access-key: 40 base64 characters after the key name; not 39, not a placeholder', () => {
  const key = rand(36) + '/+' + rand(2);
  expectOne(`aws_secret_access_key = ${key}\n`, 'aws-secret-access-key', { secret: key, match: `aws_secret_access_key = ${REDACTED}` });
  expectOne(`{"AWS_SECRET_ACCESS_KEY": "${key}"}`, 'aws-secret-access-key', { secret: key });
  expectNotRule(`aws_secret_access_key = ${key.slice(1)}\n`, 'aws-secret-access-key');
  expectNone(`aws_secret_access_key = ${'x'.repeat(40)}\n`);
});

test('gcp-service-account: the private_key of a service-account JSON; not without client_email', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const json = JSON.stringify({ type: 'service_account', project_id: 'demo', private_key_id: rand(40), private_key: pem, client_email: 'svc@demo.iam.gserviceaccount.com' }, null, 2);
  const body = pem.split('\n')[1]!;
  expectOne(json, 'gcp-service-account', { secret: body, line: 5 });
  // the same key in other JSON is still a private key, found by the private-key rule
  const other = JSON.stringify({ type: 'something_else', private_key: pem });
  assert.deepEqual(scan(other, undefined, body).map((f) => f.rule), ['private-key']);
});

test('azure: storage connection string AccountKey and azure*key assignments; not a short key', () => {
  const key = b64(64);
  assert.equal(key.length, 88);
  expectOne(`DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${key};EndpointSuffix=core.windows.net`, 'azure-storage-account-key', { secret: key });
  expectOne(`AZURE_STORAGE_KEY=${key}\n`, 'azure-storage-key', { secret: key, match: `AZURE_STORAGE_KEY=${REDACTED}` });
  expectNone(`AccountKey=${b64(30)};`);
});

test('private-key: PEM RSA/EC/PKCS8/ENCRYPTED/OPENSSH/PGP bodies; not a public key or a certificate, not an elided example', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const cases = [
    rsa.export({ type: 'pkcs1', format: 'pem' }).toString(),
    rsa.export({ type: 'pkcs8', format: 'pem' }).toString(),
    rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
    ec.export({ type: 'sec1', format: 'pem' }).toString(),
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${b64(300).match(/.{1,64}/g)!.join('\n')}\n=${b64(3)}\n-----END PGP PRIVATE KEY BLOCK-----\n`,
  ];
  for (const pem of cases) {
    const body = pem.split('\n').find((l) => /^[A-Za-z0-9+/]{40,}/.test(l))!;
    expectOne(`# key\n${pem}`, 'private-key', { secret: body, line: 2 });
  }
  assert.equal(scan(`${cases[0]}`)[0]!.match, `-----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----`);
  const pub = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  expectNone(pub);
  expectNone('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n');
  expectNone('Look for "-----BEGIN PRIVATE KEY-----" at the start of the file.\n');
});

test('private-key: an OpenSSH key made by ssh-keygen; its .pub is not a secret', (t) => {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'hullscan-secret-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', join(dir, 'id_ed25519')]);
  } catch {
    t.skip('ssh-keygen is not installed (Debian package openssh-client)');
    return;
  }
  try {
    const key = readFileSync(join(dir, 'id_ed25519'), 'utf8');
    assert.match(key, /BEGIN OPENSSH PRIVATE KEY/);
    expectOne(key, 'private-key', { path: '/root/.ssh/id_ed25519', secret: key.split('\n')[1]! });
    expectNone(readFileSync(join(dir, 'id_ed25519.pub'), 'utf8'), '/root/.ssh/id_ed25519.pub');
    expectNone(readFileSync(join(dir, 'id_ed25519.pub'), 'utf8'), '/root/.ssh/authorized_keys');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('putty-private-key: a .ppk private section; not a header alone', () => {
  const priv = b64(96).match(/.{1,64}/g)!;
  const ppk = ['PuTTY-User-Key-File-3: ssh-rsa', 'Encryption: none', 'Comment: demo', 'Public-Lines: 2', b64(48), b64(24),
    `Private-Lines: ${priv.length}`, ...priv, `Private-MAC: ${randomBytes(32).toString('hex')}`, ''].join('\n');
  expectOne(ppk, 'putty-private-key', { path: '/home/u/key.ppk', secret: priv[0]!, line: 1 });
  expectNone('PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n');
});

test('github: ghp_, gho_, ghu_, ghs_, ghr_ and github_pat_ tokens; not too short, not placeholders', () => {
  const cases: [string, string][] = [
    ['ghp_' + rand(36), 'github-pat'], ['gho_' + rand(36), 'github-oauth'], ['ghu_' + rand(36), 'github-app-token'],
    ['ghs_' + rand(36), 'github-app-token'], ['ghr_' + rand(36), 'github-refresh-token'],
    ['github_pat_' + rand(22) + '_' + rand(59), 'github-fine-grained-pat'],
  ];
  for (const [token, rule] of cases) expectOne(`git clone https://x:${token}@github.com/o/r.git\n`, rule, { secret: token });
  expectNotRule(`token: ghp_${rand(30)}\n`, 'github-pat');
  expectNone(`token: ghp_${'x'.repeat(36)}\n`);
});

test('gitlab-pat: glpat- tokens; not other lengths', () => {
  const token = 'glpat-' + rand(20);
  expectOne(`GITLAB_TOKEN=${token}\n`, 'gitlab-pat', { secret: token, match: `GITLAB_TOKEN=${REDACTED}` });
  expectNone(`glpat-${rand(12)}\n`);
});

test('slack: xox tokens and incoming webhooks; not the bare prefix or an example path', () => {
  const token = `xoxb-${randomInt(1e11, 1e12)}-${randomInt(1e11, 1e12)}-${rand(24)}`;
  expectOne(`SLACK_BOT_TOKEN=${token}\n`, 'slack-token', { secret: token });
  const hook = `https://hooks.slack.com/services/T${rand(8).toUpperCase()}/B${rand(8).toUpperCase()}/${rand(24)}`;
  expectOne(`url: ${hook}\n`, 'slack-webhook', { secret: hook.slice(34) });
  expectNone('set SLACK_TOKEN to xoxb-...\n');
  expectNone('https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX\n');
});

test('stripe: sk_live_ and rk_live_ keys; not test keys', () => {
  const sk = 'sk_live_' + rand(24), rk = 'rk_live_' + rand(24);
  expectOne(`stripe.api_key = "${sk}"\n`, 'stripe-secret-key', { secret: sk });
  expectOne(`STRIPE_KEY=${rk}\n`, 'stripe-restricted-key', { secret: rk });
  expectNone(`STRIPE=sk_test_${rand(24)}\n`);
});

test('npm: npm_ access tokens anywhere, _authToken in .npmrc; not env references, not other files', () => {
  const token = 'npm_' + rand(36);
  expectOne(`//registry.npmjs.org/:_authToken=${token}\n`, 'npm-access-token', { path: '/root/.npmrc', secret: token });
  const legacy = `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`;
  expectOne(`registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${legacy}\n`, 'npmrc-auth-token', { path: '/app/.npmrc', secret: legacy, line: 2 });
  expectNone('//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', '/app/.npmrc');
  expectNotRule(`//registry.npmjs.org/:_authToken=${legacy}\n`, 'npmrc-auth-token', '/app/notes.txt');
  expectNone('"scripts": { "x": "echo $npm_package_version" }\n');
});

test('pypi-upload-token: pypi-AgEIcHlwaS5vcmc tokens; not the prefix alone', () => {
  const token = 'pypi-AgEIcHlwaS5vcmc' + rand(70, ALNUM + '_-');
  expectOne(`[pypi]\nusername = __token__\npassword = ${token}\n`, 'pypi-upload-token', { path: '/root/.pypirc', secret: token, line: 3 });
  expectNotRule('password = pypi-AgEIcHlwaS5vcmc\n', 'pypi-upload-token', '/root/.pypirc');
});

test('docker-config-auth: base64 user:password under auths in config.json; not in other files, not without a password', () => {
  const auth = Buffer.from(`robot:${rand(20)}`).toString('base64');
  const config = JSON.stringify({ auths: { 'registry.example.com': { auth } } }, null, 2);
  expectOne(config, 'docker-config-auth', { path: '/root/.docker/config.json', secret: auth, line: 4 });
  expectNone(config, '/app/data/export.json');
  expectNone(JSON.stringify({ auths: { 'r.example.com': { auth: Buffer.from('justauser').toString('base64') } } }), '/root/.docker/config.json');
});

test('jwt-token: three base64url parts with a JSON header naming alg; not random dotted base64', () => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: '1234567890', name: 'demo', iat: 1516239022 })}.${randomBytes(32).toString('base64url')}`;
  expectOne(`Authorization: Bearer ${jwt}\n`, 'jwt-token', { secret: jwt });
  expectNone(`x = eyJ${rand(20)}.eyJ${rand(20)}.${rand(30)}\n`);
});

test('generic-password: literal random values; not changeme, ${VAR}, <password>, code or short examples', () => {
  const pw = 'Tr0ub4dor&' + rand(6);
  expectOne(`db:\n  password: "${pw}"\n`, 'generic-password', { path: '/etc/app/config.yml', secret: pw, line: 2, match: `password: "${REDACTED}"` });
  expectOne(`DB_PASSWORD=hunter2-example\n`, 'generic-password', { path: '/app/.env', secret: 'hunter2-example' });
  for (const line of [
    'password = changeme', 'password = ${PASSWORD}', 'password: <password>', 'PASSWORD=$DB_PASSWORD',
    'password = getpass.getpass()', 'self.password = kwargs.password', 'password: "********"', 'password_file = /run/secrets/db',
    "password: 'rapunz3l'", 'password = os.environ["DB_PASSWORD"]', 'passwd=None', 'password: {{ .Values.password }}',
  ]) expectNone(`${line}\n`, '/etc/app/config.yml');
});

test('generic-secret: secret/token/api key assignments with random values; not identifiers, code or placeholders', () => {
  const key = rand(32);
  expectOne(`API_KEY=${key}\n`, 'generic-secret', { path: '/srv/app/.env', secret: key, match: `API_KEY=${REDACTED}` });
  expectOne(`{"client_secret": "${key}"}`, 'generic-secret', { path: '/srv/app/client.json', secret: key });
  for (const line of [
    '_M_token = _S_token_subexpr_no_group_begin;', 'nextLastSignificantToken = "?NonExpressionParenEnd";', 'token_type: bearer',
    'secret = os.urandom(32)', 'api_key: YOUR_API_KEY_HERE', 't.version=t.Syntax=t.tokenize=t.parse=void 0', 'token_url: https://auth.example.com/token',
  ]) expectNone(`${line}\n`, '/srv/app/settings.py');
});

test('built-in allow rules: generic examples in docs and library trees are dropped, provider tokens there are not', () => {
  const key = rand(32);
  expectNone(`API_KEY=${key}\n`, '/app/node_modules/lib/README.md');
  expectNone(`API_KEY=${key}\n`, '/usr/lib/python3/dist-packages/x/conf.py');
  const token = 'ghp_' + rand(36);
  expectOne(`token: ${token}\n`, 'github-pat', { path: '/app/node_modules/lib/README.md', secret: token });
});

test('a secret twice on one line is redacted twice; long lines are cut around the secret', () => {
  const token = 'ghp_' + rand(36);
  const found = scan(`a=${token} b=${token}\n`, undefined, token);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.match, `a=${REDACTED} b=${REDACTED}`);
  const long = scan(`${'x'.repeat(5000)} ${token} ${'y'.repeat(5000)}`, undefined, token);
  assert.ok(long[0]!.match.length < 200, `cut: ${long[0]!.match.length}`);
});

test('hostile text: 512 KB files made of rule prefixes scan in linear time (bounded, no catastrophic backtracking)', () => {
  const MB = 1 << 19;
  const rep = (s: string) => s.repeat(Math.ceil(MB / s.length)).slice(0, MB);
  const texts = {
    'BEGIN lines without END': rep(`-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(64)}\n`),
    'JWT-shaped parts': rep('eyJhbGciOiJIUzI1NiJ9.'),
    'Slack prefixes': rep('xoxb-1234567-'),
    'PuTTY headers': rep('PuTTY-User-Key-File-2: x\n'),
    'assignments': rep('db_password=aws_secret_access_key='),
    'one endless line': `password: ${'a'.repeat(MB)}`,
  };
  for (const [name, text] of Object.entries(texts)) {
    for (const path of ['/app/file.txt', '/app/.npmrc']) {
      const t0 = performance.now();
      findSecrets(text, compiled, path);
      const ms = performance.now() - t0;
      // about 0.05-0.2 s each on a loaded 2-core machine; the quadratic versions took 1-8 s
      assert.ok(ms < 1500, `${name} at ${path}: ${ms.toFixed(0)} ms`);
    }
  }
});
