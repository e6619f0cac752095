import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { npmAnalyzer } from './index.js';
import { entriesFor, entryOf, runAnalyzer, unpackImage } from './unpack-for-tests.js';

const NODE_APP = '/work/shared/corpus/node-app.oci-zstd.tar';
const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const ids = (pkgs: { name: string; version: string; dev?: boolean }[]) => pkgs.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`).sort();

test('node-app: every installed copy in the final node_modules, as npm itself sees the same tree', async () => {
  const img = unpackImage(NODE_APP, ['app']);
  try {
    const facts = await runAnalyzer(npmAnalyzer, entriesFor(npmAnalyzer, img));
    assert.deepEqual(facts.warnings, []);
    const installed = facts.packages!.filter((p) => !p.metadata?.rootProject);
    assert.equal(installed.length, 76);
    const root = facts.packages!.filter((p) => p.metadata?.rootProject);
    assert.deepEqual(root.map((p) => `${p.name}@${p.version} ${p.locations[0]!.path}`), ['hullscan-demo-node-app@1.0.0 /app/package.json']);
    assert.deepEqual(ids(installed.filter((p) => p.name === 'minimist')), ['minimist@1.2.0', 'minimist@1.2.8']);
    assert.equal(installed.filter((p) => p.name === 'ms').length, 3);
    // Only lower, deleted layers held these.
    assert.equal(installed.find((p) => p.name === 'eslint'), undefined);
    assert.deepEqual(ids(installed.filter((p) => p.name === 'handlebars')), ['handlebars@4.7.7']);
    // Provenance: handlebars was re-installed by the last layer; express came with `npm ci`.
    assert.equal(installed.find((p) => p.name === 'handlebars')!.locations[0]!.layer.index, 4);
    assert.equal(installed.find((p) => p.name === 'express')!.locations[0]!.layer.index, 2);
    assert.equal(installed.find((p) => p.name === 'express')!.purl, 'pkg:npm/express@4.17.1');

    // The oracle: npm's own reading of the same unpacked tree (without its hidden lockfile, so that
    // it walks the real directories).
    if (spawnSync('npm', ['--version']).status !== 0) return;
    rmSync(join(img.root, 'app/node_modules/.package-lock.json'), { force: true });
    const out = execFileSync('npm', ['query', '*'], { cwd: join(img.root, 'app'), stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const npmSees = (JSON.parse(out) as { name: string; version: string; location: string }[])
      .filter((n) => n.location !== '').map((n) => `${n.name}@${n.version} /app/${n.location}/package.json`).sort();
    const weSee = installed.map((p) => `${p.name}@${p.version} ${p.locations[0]!.path}`).sort();
    assert.deepEqual(weSee, npmSees);
  } finally { img.cleanup(); }
});

test('package roots only: files inside a package and marker package.json files are not packages', async () => {
  const files = [
    entryOf('/app/node_modules/x/package.json', '{"name":"x","version":"1.0.0","license":"ISC"}'),
    entryOf('/app/node_modules/x/lib/esm/package.json', '{"type":"module"}'),
    entryOf('/app/node_modules/x/dist/package.json', '{"name":"x-dist","version":"9.9.9"}'),
    entryOf('/app/node_modules/@s/y/package.json', '{"name":"@s/y","version":"2.0.0","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}'),
    entryOf('/app/node_modules/x/node_modules/z/package.json', '{"name":"z","version":"3.0.0"}'),
    entryOf('/app/node_modules/.bin/package.json', '{"name":"nope","version":"0.0.0"}'),
  ].filter((e) => npmAnalyzer.wants(e.info.path, e.info));
  const facts = await runAnalyzer(npmAnalyzer, files);
  assert.deepEqual(facts.packages!.map((p) => [p.name, p.version, p.purl, p.licenses]).sort(), [
    ['@s/y', '2.0.0', 'pkg:npm/%40s/y@2.0.0', ['MIT', 'Apache-2.0']],
    ['x', '1.0.0', 'pkg:npm/x@1.0.0', ['ISC']],
    ['z', '3.0.0', 'pkg:npm/z@3.0.0', []],
  ]);
});

test('a package.json that is not JSON is skipped with a warning naming it; the rest goes on', async () => {
  const facts = await runAnalyzer(npmAnalyzer, [
    entryOf('/app/node_modules/bad/package.json', '{"name": "bad", "version": '),
    entryOf('/app/node_modules/good/package.json', '{"name":"good","version":"1.0.0"}'),
    entryOf('/srv/yarn.lock', '__metadata:\n  version: 8\n"a@npm:1": [unclosed'),
  ]);
  assert.deepEqual(ids(facts.packages!), ['good@1.0.0']);
  assert.equal(facts.warnings.length, 2);
  assert.match(facts.warnings[0]!, /^\/app\/node_modules\/bad\/package\.json: not valid JSON/);
  assert.match(facts.warnings[1]!, /^\/srv\/yarn\.lock: unreadable lockfile/);
});

// Real lockfiles written by the real tools for one project (see testdata/README.md).
const EXPECTED = ['@types/ms@0.7.31', 'debug@4.3.4', 'minimist@1.2.8 dev', 'ms@2.0.0 dev', 'ms@2.1.2'];
for (const [file, imagePath] of [
  ['package-lock-v1.json', '/srv/package-lock.json'], ['package-lock-v2.json', '/srv/package-lock.json'], ['package-lock-v3.json', '/srv/package-lock.json'],
  ['yarn-v1.lock', '/srv/yarn.lock'], ['yarn-berry.lock', '/srv/yarn.lock'],
  ['pnpm-v6.yaml', '/srv/pnpm-lock.yaml'], ['pnpm-v9.yaml', '/srv/pnpm-lock.yaml'],
] as const) {
  test(`lockfile ${file}: every locked package, dev ones marked, plus the marked root project`, async () => {
    const facts = await runAnalyzer(npmAnalyzer, [entryOf('/srv/package.json', fixture('package.json')), entryOf(imagePath, fixture(file))]);
    assert.deepEqual(facts.warnings, []);
    assert.deepEqual(ids(facts.packages!.filter((p) => !p.metadata?.rootProject)), EXPECTED);
    assert.ok(facts.packages!.every((p) => p.metadata?.rootProject || p.locations[0]!.path === imagePath));
    assert.deepEqual(ids(facts.packages!.filter((p) => p.metadata?.rootProject)), ['lockfile-fixture@1.0.0']);
  });
}

test('a lockfile is not used when the project has an installed node_modules (only its dev flags are)', async () => {
  const facts = await runAnalyzer(npmAnalyzer, [
    entryOf('/srv/package-lock.json', fixture('package-lock-v3.json')),
    entryOf('/srv/node_modules/minimist/package.json', '{"name":"minimist","version":"1.2.8"}'),
    entryOf('/srv/node_modules/debug/package.json', '{"name":"debug","version":"4.3.4"}'),
  ]);
  assert.deepEqual(ids(facts.packages!), ['debug@4.3.4', 'minimist@1.2.8 dev']);
});

test('wants: package.json anywhere, lockfiles outside node_modules, nothing else', () => {
  const info = (path: string) => ({ path, kind: 'file' as const, size: 10, mode: 0o644, layer: { index: 0, diffId: 'sha256:x' } });
  for (const p of ['/a/package.json', '/a/node_modules/b/package.json', '/a/yarn.lock', '/a/pnpm-lock.yaml', '/a/package-lock.json', '/a/node_modules/.package-lock.json'])
    assert.ok(npmAnalyzer.wants(p, info(p)), p);
  for (const p of ['/a/node_modules/b/package-lock.json', '/a/package.json5', '/a/xpackage.json', '/usr/bin/node'])
    assert.ok(!npmAnalyzer.wants(p, info(p)), p);
});

test('package roots: npm and pnpm layouts yes, test fixtures a package ships with node_modules of their own no', async () => {
  const { installedPackagePath } = await import('./package-json.js');
  assert.deepEqual(installedPackagePath('/app/node_modules/a/package.json'), { project: '/app', name: 'a' });
  assert.deepEqual(installedPackagePath('/app/node_modules/a/node_modules/@s/b/package.json'), { project: '/app', name: '@s/b' });
  assert.deepEqual(installedPackagePath('/app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json'), { project: '/app', name: 'ms' });
  assert.deepEqual(installedPackagePath('/app/node_modules/.pnpm/@s+b@1.0.0/node_modules/@s/b/package.json'), { project: '/app', name: '@s/b' });
  assert.deepEqual(installedPackagePath('/node_modules/a/package.json'), { project: '/', name: 'a' });
  for (const p of [
    '/app/node_modules/resolve/test/resolver/baz/node_modules/foo/package.json',   // shipped test fixture
    '/app/node_modules/a/lib/package.json', '/app/node_modules/@s/package.json', '/app/node_modules/.bin/package.json',
    '/app/node_modules/a/node_modules/package.json', '/app/package.json',
  ]) assert.equal(installedPackagePath(p), undefined, p);
});

test('a real pnpm-installed tree (.pnpm store): each package once, dev ones marked from the lockfile beside it', async () => {
  const root = new URL('testdata/pnpm-installed', import.meta.url).pathname;
  const listing = execFileSync('find', [root, '-type', 'f', '-printf', '%P\n']).toString().split('\n').filter(Boolean);
  const entries = listing.map((rel) => entryOf(`/srv/${rel.replace(/(^|\/)_node_modules\//g, '$1node_modules/')}`, readFileSync(join(root, rel))))
    .filter((e) => npmAnalyzer.wants(e.info.path, e.info));
  const facts = await runAnalyzer(npmAnalyzer, entries);
  assert.deepEqual(facts.warnings, []);
  // What `pnpm ls --depth Infinity` listed for the real tree (testdata/README.md).
  assert.deepEqual(ids(facts.packages!.filter((p) => !p.metadata?.rootProject)), EXPECTED);
  assert.ok(facts.packages!.filter((p) => !p.metadata?.rootProject).every((p) => p.locations[0]!.path.startsWith('/srv/node_modules/.pnpm/')));
});
