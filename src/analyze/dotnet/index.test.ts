import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dotnetAnalyzer } from './index.js';
import { entryOf, runAnalyzer } from '../npm/unpack-for-tests.js';
import type { FileEntry } from '../../image/types.js';

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const wanted = (entries: FileEntry[]) => entries.filter((e) => dotnetAnalyzer.wants(e.info.path, e.info));

test('deps.json: libraries of type package, not the projects', async () => {
  const facts = await runAnalyzer(dotnetAnalyzer, wanted([entryOf('/app/WebApi.deps.json', fixture('WebApi.deps.json'))]));
  assert.deepEqual(facts.packages!.map((p) => p.purl).sort(), [
    'pkg:nuget/Microsoft.OpenApi@1.2.3', 'pkg:nuget/Newtonsoft.Json@13.0.1', 'pkg:nuget/Swashbuckle.AspNetCore@6.5.0',
  ]);
  assert.ok(facts.packages!.every((p) => p.type === 'nuget' && p.locations[0]!.path === '/app/WebApi.deps.json'));
});

test('packages.lock.json: direct and transitive pins once across target frameworks, projects skipped', async () => {
  const facts = await runAnalyzer(dotnetAnalyzer, wanted([entryOf('/src/App/packages.lock.json', fixture('packages.lock.json'))]));
  assert.deepEqual(facts.packages!.map((p) => `${p.name}@${p.version}`).sort(), [
    'Avalonia.BuildServices@11.3.2', 'Avalonia.Native@12.1.3', 'Avalonia.Remote.Protocol@12.1.3', 'Avalonia@12.1.3',
    'CommunityToolkit.Mvvm@8.4.2', 'MicroCom.Runtime@0.11.6', 'Tmds.DBus.Protocol@0.94.1', 'Velopack@1.2.161',
  ]);
});

test('bad JSON is skipped with a warning naming the file', async () => {
  const facts = await runAnalyzer(dotnetAnalyzer, [entryOf('/app/x.deps.json', 'not json'), entryOf('/app/y.deps.json', fixture('WebApi.deps.json'))]);
  assert.equal(facts.packages!.length, 3);
  assert.match(facts.warnings[0]!, /^\/app\/x\.deps\.json: not valid JSON/);
});
