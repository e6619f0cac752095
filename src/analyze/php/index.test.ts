import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { phpAnalyzer } from './index.js';
import { entryOf, runAnalyzer } from '../npm/unpack-for-tests.js';
import type { FileEntry } from '../../image/types.js';

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const wanted = (entries: FileEntry[]) => entries.filter((e) => phpAnalyzer.wants(e.info.path, e.info));
const ids = (pkgs: { purl: string; dev?: boolean; licenses: string[] }[]) => pkgs.map((p) => `${p.purl}${p.dev ? ' dev' : ''} ${p.licenses.join('|')}`).sort();

test('Composer 1 installed.json (a list)', async () => {
  const facts = await runAnalyzer(phpAnalyzer, wanted([entryOf('/var/www/vendor/composer/installed.json', fixture('installed-v1.json'))]));
  assert.deepEqual(ids(facts.packages!), [
    'pkg:composer/sebastian/recursion-context@3.0.0 BSD-3-Clause',
    'pkg:composer/sebastian/resource-operations@2.0.1 BSD-3-Clause',
    'pkg:composer/sebastian/version@2.0.1 BSD-3-Clause',
  ]);
});

test('Composer 2 installed.json: dev packages marked, v-tags normalised, branches skipped; composer.lock beside it unused', async () => {
  const facts = await runAnalyzer(phpAnalyzer, wanted([
    entryOf('/var/www/vendor/composer/installed.json', fixture('installed-v2.json')),
    entryOf('/var/www/composer.lock', fixture('composer.lock')),
  ]));
  assert.deepEqual(ids(facts.packages!), [
    'pkg:composer/monolog/monolog@2.9.1 MIT',
    'pkg:composer/phpunit/phpunit@10.3.2 dev BSD-3-Clause',
    'pkg:composer/psr/log@3.0.0 MIT',
    'pkg:composer/symfony/console@6.3.4 MIT',
  ]);
  assert.ok(facts.packages!.every((p) => p.locations[0]!.path === '/var/www/vendor/composer/installed.json'));
});

test('composer.lock alone: packages and packages-dev', async () => {
  const facts = await runAnalyzer(phpAnalyzer, wanted([entryOf('/srv/app/composer.lock', fixture('composer.lock'))]));
  assert.deepEqual(ids(facts.packages!), [
    'pkg:composer/guzzlehttp/guzzle@7.4.5 MIT',
    'pkg:composer/guzzlehttp/psr7@2.4.0 MIT',
    'pkg:composer/phpunit/phpunit@9.5.21 dev BSD-3-Clause',
  ]);
});

test('bad JSON is skipped with a warning naming the file', async () => {
  const facts = await runAnalyzer(phpAnalyzer, [entryOf('/srv/app/composer.lock', '{"packages": [')]);
  assert.deepEqual(facts.packages, []);
  assert.match(facts.warnings[0]!, /^\/srv\/app\/composer\.lock: not valid JSON/);
});
