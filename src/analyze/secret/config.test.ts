// The secret config file: Trivy's shape (allow-rules, disable-rules, enable-builtin-rules, rules),
// its effect on what is found, and one-line errors naming the file for bad configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { isHullscanError } from '../../errors.js';
import { activeAllowRules, activeRules, loadSecretConfig, type SecretConfig } from './config.js';
import { compileRules, findSecrets } from './detect.js';
import { createSecretAnalyzer, secretAnalyzer } from './analyzer.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n: number) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('').replace(/^./, '7');

const dir = mkdtempSync(join(tmpdir(), 'hullscan-secret-config-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function configFile(text: string): string {
  const path = join(dir, `secret-${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}
function rulesFound(config: SecretConfig, text: string, path: string): string[] {
  return findSecrets(text, compileRules(activeRules(config), activeAllowRules(config)), path).map((f) => f.rule);
}

const ghp = 'ghp_' + rand(36);
const aws = 'AKIA' + rand(16).toUpperCase().replace(/[^A-Z0-9]/g, 'Q');
const text = `gh=${ghp}\nk=${aws}\n`;

test('allow-rules by path: findings under the path are dropped, elsewhere kept', () => {
  const config = loadSecretConfig(configFile('allow-rules:\n  - id: fixtures\n    description: test fixtures\n    path: ^/app/testdata/\n'));
  assert.deepEqual(rulesFound(config, text, '/app/testdata/creds.txt'), []);
  assert.deepEqual(rulesFound(config, text, '/app/creds.txt').sort(), ['aws-access-key-id', 'github-pat']);
  // Trivy's relative spelling of paths works too
  const relative = loadSecretConfig(configFile('allow-rules:\n  - id: fixtures\n    path: ^app/testdata/\n'));
  assert.deepEqual(rulesFound(relative, text, '/app/testdata/creds.txt'), []);
  assert.deepEqual(rulesFound(relative, text, '/srv/app/testdata/creds.txt').sort(), ['aws-access-key-id', 'github-pat']);
});

test('allow-rules by rule id (optionally with a path) and by the secret regex', () => {
  const byRule = loadSecretConfig(configFile('allow-rules:\n  - id: no-aws-here\n    rules: [aws-access-key-id]\n    path: \\.txt$\n'));
  assert.deepEqual(rulesFound(byRule, text, '/app/creds.txt'), ['github-pat']);
  assert.deepEqual(rulesFound(byRule, text, '/app/creds.env').sort(), ['aws-access-key-id', 'github-pat']);
  const byRegex = loadSecretConfig(configFile('allow-rules:\n  - id: known-key\n    regex: ^AKIA\n'));
  assert.deepEqual(rulesFound(byRegex, text, '/app/creds.txt'), ['github-pat']);
});

test('disable-rules and enable-builtin-rules choose the rules that run', () => {
  const disabled = loadSecretConfig(configFile('disable-rules:\n  - github-pat\n'));
  assert.deepEqual(rulesFound(disabled, text, '/app/a'), ['aws-access-key-id']);
  const only = loadSecretConfig(configFile('enable-builtin-rules: [github-pat]\n'));
  assert.deepEqual(rulesFound(only, text, '/app/a'), ['github-pat']);
  assert.deepEqual(activeRules(only).map((r) => r.id), ['github-pat']);
});

test('custom rules with Go/RE2 spellings ((?i), (?P<secret>)) and disable-allow-rules', () => {
  const config = loadSecretConfig(configFile([
    'rules:',
    '  - id: internal-token',
    '    category: Internal',
    '    title: Internal service token',
    '    severity: high',
    '    keywords: [itok_]',
    "    regex: (?i)itok_(?P<secret>[a-z0-9]{16})",
    'disable-allow-rules: [documentation-examples]',
  ].join('\n')));
  const found = findSecrets('x = ITOK_abcdef0123456789\n', compileRules(activeRules(config), activeAllowRules(config)), '/app/x');
  assert.deepEqual(found.map((f) => [f.rule, f.match]), [['internal-token', 'x = ITOK_*****']]);
  assert.equal(activeRules(config).find((r) => r.id === 'internal-token')!.severity, 'HIGH');
  assert.ok(!activeAllowRules(config).some((r) => r.id === 'documentation-examples'));
});

test('an empty config file is the defaults', () => {
  assert.deepEqual(loadSecretConfig(configFile('')), {});
});

test('bad configs: one-line HullscanErrors naming the file', () => {
  const cases: [string, RegExp][] = [
    ['allow-rules: [', /not YAML/],
    ['- just a list', /mapping/],
    ['allow-rule:\n  - path: x\n', /unknown key 'allow-rule'/],
    ['allow-rules:\n  - id: nothing\n', /needs a 'path', a 'regex' or 'rules'/],
    ['allow-rules:\n  - path: "(unclosed"\n', /invalid regex/],
    ['disable-rules: [no-such-rule]\n', /unknown rule 'no-such-rule'/],
    ['enable-builtin-rules: [nope]\n', /unknown rule 'nope'/],
    ['rules:\n  - id: x\n', /'regex' is required/],
    ['rules:\n  - id: x\n    regex: "a(b"\n', /invalid regex/],
    ['rules:\n  - id: x\n    regex: ab\n    severity: huge\n', /unknown severity/],
    ['disable-allow-rules: [nope]\n', /unknown allow rule 'nope'/],
  ];
  for (const [yaml, why] of cases) {
    const path = configFile(yaml);
    assert.throws(() => loadSecretConfig(path), (e: unknown) => {
      assert.ok(isHullscanError(e), `HullscanError for ${JSON.stringify(yaml)}`);
      assert.equal(e.code, 'INPUT');
      assert.ok(e.message.startsWith(`${path}: `), e.message);
      assert.match(e.message, why);
      assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
      return true;
    });
  }
  assert.throws(() => loadSecretConfig(join(dir, 'missing.yaml')), (e: unknown) => isHullscanError(e) && e.code === 'NOT_FOUND' && e.message.includes('missing.yaml'));
});

test('an analyzer made from a config has another version (cached layer results of the defaults are not reused)', () => {
  const a = createSecretAnalyzer(loadSecretConfig(configFile('disable-rules: [github-pat]\n')));
  const b = createSecretAnalyzer(loadSecretConfig(configFile('disable-rules: [gitlab-pat]\n')));
  assert.equal(a.name, 'secret');
  assert.equal(a.wantsDeleted, true);
  assert.notEqual(a.version, secretAnalyzer.version);
  assert.notEqual(a.version, b.version);
  assert.equal(createSecretAnalyzer(loadSecretConfig(configFile('disable-rules: [github-pat]\n'))).version, a.version);
});
