// Secrets in the image configuration: Env entries and history created_by strings (ENV, ARG, RUN with
// build args, legacy `ENV NAME value`), by rule and by secret-looking names, mapped onto layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { LayerRef } from '../../inventory/model.js';
import { REDACTED } from './detect.js';
import { findImageConfigSecrets } from './image-config.js';
import { isSecretName as isSecretVariableName } from '../../misconfig/secret-names.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n: number) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('').replace(/^./, '7');
const layer = (index: number, createdBy: string): LayerRef => ({ index, diffId: `sha256:${String(index).repeat(64)}`, createdBy });

test('secret-looking variable names', () => {
  for (const n of ['DB_PASSWORD', 'PASSWORD', 'MYSQL_ROOT_PASSWORD', 'GITHUB_TOKEN', 'API_KEY', 'apiKey', 'AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET', 'REDIS_PASS', 'npm_token', 'SECRET_KEY_BASE']) {
    assert.ok(isSecretVariableName(n), n);
  }
  for (const n of ['PATH', 'PWD', 'HOME', 'PASSWORD_FILE', 'DB_PASSWORD_PATH', 'TOKEN_URL', 'GPG_KEY', 'KEY', 'NODE_ENV', 'PASSWORD_LENGTH', 'AWS_ACCESS_KEY_ID', 'TOKENIZERS_PARALLELISM', 'PASSENGER_VERSION']) {
    assert.ok(!isSecretVariableName(n), n);
  }
});

test('Env: a literal value of a secret name is found and redacted; references, files and placeholders are not', () => {
  const findings = findImageConfigSecrets({
    env: [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_ENV=production', 'DB_PASSWORD=hunter2-example',
      'PASSWORD_FILE=/run/secrets/db', 'API_TOKEN=${API_TOKEN}', 'ADMIN_PASSWORD=changeme', 'SECRET=', 'REDIS_PASS=s3cr3t',
    ],
  });
  assert.deepEqual(findings.map((f) => [f.rule, f.path, f.line, f.match, f.deleted, f.layer]), [
    ['generic-password', 'config:env', 3, `DB_PASSWORD=${REDACTED}`, false, undefined],
    ['generic-password', 'config:env', 8, `REDIS_PASS=${REDACTED}`, false, undefined],
  ]);
});

test('Env: provider tokens by their own rule, even under innocent names', () => {
  const token = 'ghp_' + rand(36);
  const findings = findImageConfigSecrets({ env: [`GH=${token}`, `GITHUB_TOKEN=${token}`] });
  assert.deepEqual(findings.map((f) => [f.rule, f.match]), [['github-pat', `GH=${REDACTED}`], ['github-pat', `GITHUB_TOKEN=${REDACTED}`]]);
  assert.ok(!JSON.stringify(findings).includes(token));
});

test('history: ENV, ARG and RUN build args, each on the layer its step made (none for empty_layer steps)', () => {
  const token = 'glpat-' + rand(20);
  const history = [
    { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
    { created_by: 'ENV NODE_ENV=production DB_PASSWORD=hunter2-example', empty_layer: true },
    { created_by: 'ARG NPM_TOKEN=' + token, empty_layer: true },
    { created_by: `RUN |1 NPM_TOKEN=${token} /bin/sh -c npm ci # buildkit` },
    { created_by: '/bin/sh -c #(nop)  ENV MYSQL_ROOT_PASSWORD my-r00t-pw' , empty_layer: true },
    { created_by: 'RUN /bin/sh -c echo $DB_PASSWORD # buildkit' },
  ];
  const layers = [layer(0, history[0]!.created_by), layer(1, history[3]!.created_by), layer(2, history[5]!.created_by)];
  const findings = findImageConfigSecrets({ history, layers });
  assert.deepEqual(findings.map((f) => [f.rule, f.path, f.layer?.index, f.match]), [
    ['generic-password', 'config:history', undefined, `ENV NODE_ENV=production DB_PASSWORD=${REDACTED}`],
    ['gitlab-pat', 'config:history', undefined, `ARG NPM_TOKEN=${REDACTED}`],
    ['gitlab-pat', 'config:history', 1, `RUN |1 NPM_TOKEN=${REDACTED} /bin/sh -c npm ci # buildkit`],
    ['generic-password', 'config:history', undefined, `/bin/sh -c #(nop)  ENV MYSQL_ROOT_PASSWORD ${REDACTED}`],
  ]);
  const json = JSON.stringify(findings);
  assert.ok(!json.includes('hunter2-example') && !json.includes(token) && !json.includes('my-r00t-pw'), json);
  // the layer's created_by is shown redacted too
  assert.equal(findings[2]!.layer!.createdBy, `RUN |1 NPM_TOKEN=${REDACTED} /bin/sh -c npm ci # buildkit`);
});

test('layers given as richer objects (a source\'s LayerBlobs) come back as plain LayerRefs', () => {
  const blob = { ...layer(0, 'RUN |1 API_TOKEN=Zq8lorem1psum /bin/sh -c make'), mediaType: 'application/x', size: 3, open: async () => undefined };
  const [f] = findImageConfigSecrets({ history: [{ created_by: blob.createdBy }], layers: [blob] });
  assert.deepEqual(f!.layer, { index: 0, diffId: blob.diffId, createdBy: `RUN |1 API_TOKEN=${REDACTED} /bin/sh -c make` });
});

test('history without the config history: the layers\' created_by strings', () => {
  const findings = findImageConfigSecrets({ layers: [layer(0, 'ADD x /'), layer(1, 'RUN |1 DB_PASSWORD=Zq8-lorem-ipsum /bin/sh -c make')] });
  assert.deepEqual(findings.map((f) => [f.layer?.index, f.match]), [[1, `RUN |1 DB_PASSWORD=${REDACTED} /bin/sh -c make`]]);
});

test('a name-only secret next to a rule finding is redacted in both', () => {
  const token = 'ghp_' + rand(36);
  const findings = findImageConfigSecrets({ history: [{ created_by: `ENV GH=${token} DB_PASSWORD=pw1234`, empty_layer: true }] });
  assert.deepEqual(findings.map((f) => [f.rule, f.match]), [
    ['github-pat', `ENV GH=${REDACTED} DB_PASSWORD=${REDACTED}`],
    ['generic-password', `ENV GH=${REDACTED} DB_PASSWORD=${REDACTED}`],
  ]);
});

test('the config\'s allow rules and disabled rules apply to config findings too', () => {
  const input = { env: ['DB_PASSWORD=hunter2-example'] };
  assert.deepEqual(findImageConfigSecrets(input, { allowRules: [{ id: 'env-ok', path: /^config:env$/ }] }), []);
  assert.deepEqual(findImageConfigSecrets(input, { disableRules: ['generic-password'] }), []);
});
