import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasUrlPassword, isLiteralSecretValue, isSecretName } from './secret-names.js';

test('secret names: passwords, tokens, secrets, keys', () => {
  for (const n of ['DB_PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'PASSWD', 'DB_PASS', 'MYSQL_PWD', 'GITHUB_TOKEN',
    'NPM_TOKEN', 'JWT_SECRET', 'CLIENT_SECRET', 'SECRET_KEY_BASE', 'API_KEY', 'APIKEY', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_KEY',
    'ENCRYPTION_KEY', 'SSH_PRIVATE_KEY', 'dbPassword', 'apiToken', 'REGISTRY_CREDENTIALS']) {
    assert.ok(isSecretName(n), n);
  }
});

test('not secret names: about a secret, public keys, the working directory, unrelated words', () => {
  for (const n of ['PWD', 'OLDPWD', 'DB_PASSWORD_FILE', 'PASSWORD_MIN_LENGTH', 'TOKEN_URL', 'TOKEN_TTL', 'AWS_ACCESS_KEY_ID',
    'GPG_KEY', 'NODE_GPG_KEYS', 'PUBLIC_KEY', 'TOKENIZERS_PARALLELISM', 'PASSENGER_APP_ENV', 'PATH', 'NODE_ENV', 'KEY',
    'SECRET_NAME', 'MAX_TOKENS', 'LANG']) {
    assert.ok(!isSecretName(n), n);
  }
});

test('literal values: references, booleans, empty values and file paths are not secrets', () => {
  assert.ok(isLiteralSecretValue('hunter2-example'));
  assert.ok(isLiteralSecretValue('ghp_abc123'));
  for (const v of ['', '  ', '$DB_PASSWORD', '${TOKEN}', '${TOKEN:-}', 'true', 'false', '0', '/run/secrets/db']) assert.ok(!isLiteralSecretValue(v), v);
});

test('URLs with a password in their user info', () => {
  assert.ok(hasUrlPassword('postgres://app:s3cret@db:5432/app'));
  assert.ok(hasUrlPassword('https://user:tok@git.example.com/x.git'));
  assert.ok(!hasUrlPassword('postgres://app@db/app'));
  assert.ok(!hasUrlPassword('https://example.com/a:b@c'), 'the @ is in the path, not the user info');
  assert.ok(!hasUrlPassword('postgres://app:$DB_PASSWORD@db/app'));
});

// The Dockerfile check's cases (HS-DS-007 is one rule wherever it is checked).
test('secret names: words, not substrings', () => {
  for (const n of ['DB_PASSWORD', 'PASSWORD', 'MYSQL_ROOT_PASSWORD', 'GITHUB_TOKEN', 'API_KEY', 'apiKey', 'AWS_SECRET_ACCESS_KEY', 'client-secret', 'PGPASSWORD']) {
    assert.ok(isSecretName(n), n);
  }
  for (const n of ['PASSWORD_FILE', 'TOKEN_URL', 'KEYBOARD', 'TOKENIZER_MODEL', 'SECRETARY', 'PASSTHROUGH', 'NODE_ENV', 'SECRET_NAME']) {
    assert.ok(!isSecretName(n), n);
  }
});
