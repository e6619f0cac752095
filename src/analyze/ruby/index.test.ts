import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rubyAnalyzer } from './index.js';
import { entryOf, runAnalyzer } from '../npm/unpack-for-tests.js';

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const SPECS = '/usr/local/bundle/specifications';

test('installed gem specifications, read without running Ruby', async () => {
  const files = ['graphql-guard-2.0.0.gemspec', 'formtastic-5.0.0.gemspec', 'rack-openid-1.3.1.gemspec']
    .map((f) => entryOf(`${SPECS}/${f}`, fixture(f)))
    .filter((e) => rubyAnalyzer.wants(e.info.path, e.info));
  const facts = await runAnalyzer(rubyAnalyzer, files);
  assert.deepEqual(facts.warnings, []);
  assert.deepEqual(facts.packages!.map((p) => [p.purl, p.licenses, p.locations[0]!.path]), [
    ['pkg:gem/graphql-guard@2.0.0', ['MIT'], `${SPECS}/graphql-guard-2.0.0.gemspec`],
    ['pkg:gem/formtastic@5.0.0', ['MIT'], `${SPECS}/formtastic-5.0.0.gemspec`],
    ['pkg:gem/rack-openid@1.3.1', [], `${SPECS}/rack-openid-1.3.1.gemspec`],
  ]);
});

test('Gemfile.lock: the GEM specs only (not GIT/PATH sources, not dependency lines), platform suffix dropped', async () => {
  const facts = await runAnalyzer(rubyAnalyzer, [entryOf('/app/Gemfile.lock', fixture('Gemfile.lock'))]);
  const ids = facts.packages!.map((p) => `${p.name}@${p.version}`);
  assert.equal(ids.length, 77);
  assert.equal(new Set(ids).size, 77);
  for (const id of ['rails@5.2.3', 'nokogiri@1.10.5', 'rack@2.0.7', 'websocket-extensions@0.1.4', 'actioncable@5.2.3']) assert.ok(ids.includes(id), id);
  for (const name of ['forked-gem', 'local-engine', 'bundler', 'tzinfo-data']) assert.ok(!ids.some((i) => i.startsWith(`${name}@`)), name);
});

test('a gem both installed and locked is one package with both locations; a spec without a name is skipped with a warning', async () => {
  const facts = await runAnalyzer(rubyAnalyzer, [
    entryOf(`${SPECS}/rack-2.0.7.gemspec`, 'Gem::Specification.new do |s|\n  s.name = "rack".freeze\n  s.version = "2.0.7"\n  s.licenses = ["MIT".freeze]\nend\n'),
    entryOf(`${SPECS}/broken.gemspec`, 'this is not a gem specification'),
    entryOf('/app/Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.0.7)\n\n'),
  ]);
  assert.deepEqual(facts.packages!.map((p) => [p.purl, p.locations.map((l) => l.path)]), [['pkg:gem/rack@2.0.7', [`${SPECS}/rack-2.0.7.gemspec`, '/app/Gemfile.lock']]]);
  assert.equal(facts.warnings.length, 1);
  assert.match(facts.warnings[0]!, /broken\.gemspec: no name\/version/);
});

test('wants: gemspecs under specifications/, Gemfile.lock', () => {
  const info = (path: string) => ({ path, kind: 'file' as const, size: 10, mode: 0o644, layer: { index: 0, diffId: 'sha256:x' } });
  for (const p of [`${SPECS}/a-1.gemspec`, '/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec', '/app/Gemfile.lock'])
    assert.ok(rubyAnalyzer.wants(p, info(p)), p);
  for (const p of ['/src/mygem/mygem.gemspec', '/app/Gemfile'])
    assert.ok(!rubyAnalyzer.wants(p, info(p)), p);
});
