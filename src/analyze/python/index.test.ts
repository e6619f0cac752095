import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pythonAnalyzer } from './index.js';
import { normalizePypiName } from './metadata.js';
import { entryOf, runAnalyzer, entriesFor, unpackImage } from '../npm/unpack-for-tests.js';
import type { FileEntry } from '../../image/types.js';

const MULTI_LANG = '/work/shared/corpus/multi-lang.docker.tar';
const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const ids = (pkgs: { name: string; version: string; dev?: boolean }[]) => pkgs.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`).sort();
const wanted = (entries: FileEntry[]) => entries.filter((e) => pythonAnalyzer.wants(e.info.path, e.info));

test('multi-lang: the three pip-style egg-info packages, with licences and the layer that added them', async () => {
  const img = unpackImage(MULTI_LANG, ['usr/local/lib/python3.11']);
  try {
    const facts = await runAnalyzer(pythonAnalyzer, entriesFor(pythonAnalyzer, img));
    assert.deepEqual(facts.warnings, []);
    assert.deepEqual(facts.packages!.map((p) => [p.name, p.version, p.purl, p.licenses, p.locations[0]!.path, p.locations[0]!.layer.index]).sort(), [
      ['jinja2', '3.1.2', 'pkg:pypi/jinja2@3.1.2', ['BSD-3-Clause'], '/usr/local/lib/python3.11/site-packages/Jinja2-3.1.2.egg-info/PKG-INFO', 4],
      ['requests', '2.28.1', 'pkg:pypi/requests@2.28.1', ['Apache 2.0'], '/usr/local/lib/python3.11/site-packages/requests-2.28.1.egg-info/PKG-INFO', 4],
      ['urllib3', '1.26.12', 'pkg:pypi/urllib3@1.26.12', ['MIT'], '/usr/local/lib/python3.11/site-packages/urllib3-1.26.12.egg-info/PKG-INFO', 4],
    ]);
  } finally { img.cleanup(); }
});

test("this machine's Python library tree: the same distributions pip lists, none of the stdlib's test data", async (t) => {
  const py = spawnSync('python3', ['-c', 'import sysconfig; p = sysconfig.get_paths(); print(p["purelib"]); print(p["stdlib"])']);
  const [dir, stdlib] = py.status === 0 ? py.stdout.toString().trim().split('\n') : [];
  const pip = dir && spawnSync('python3', ['-m', 'pip', 'list', '--format=json', '--path', dir, '--disable-pip-version-check']);
  if (!dir || !stdlib || !existsSync(dir) || !pip || pip.status !== 0) { t.skip('no python3 with pip here'); return; }
  // The whole library tree (stdlib, its test suite when installed, site-packages), as the walk would see it:
  // metadata shipped as test data or vendored inside packages would show up as packages pip does not list.
  // (find lists the tens of thousands of files far faster than a stat per file from here.)
  const root = existsSync(join(stdlib, 'site-packages')) ? stdlib : dir;
  const listing = execFileSync('find', [root, '-type', 'f', '-printf', '%P\t%s\t%m\n'], { maxBuffer: 1 << 28 }).toString();
  const entries: FileEntry[] = [];
  for (const line of listing.split('\n')) {
    const [rel, size, mode] = line.split('\t');
    if (!rel) continue;
    const info = { path: `/usr/local/lib/python/${rel}`, kind: 'file' as const, size: Number(size), mode: parseInt(mode!, 8), layer: { index: 0, diffId: 'sha256:test' } };
    if (pythonAnalyzer.wants(info.path, info)) entries.push(entryOf(info.path, readFileSync(join(root, rel))));
  }
  const facts = await runAnalyzer(pythonAnalyzer, entries);
  const pipSees = (JSON.parse(pip.stdout.toString()) as { name: string; version: string }[]).map((p) => `${normalizePypiName(p.name)}@${p.version}`).sort();
  assert.ok(pipSees.length > 0);
  assert.deepEqual(ids(facts.packages!), pipSees);
});

test('a real .egg archive, the egg-info file form, and a corrupt egg that is skipped with a warning', async () => {
  const facts = await runAnalyzer(pythonAnalyzer, wanted([
    entryOf('/usr/lib/python3/site-packages/Demo_Pkg.Name-1.2.3-py3.11.egg', fixture('Demo_Pkg.Name-1.2.3-py3.11.egg')),
    entryOf('/usr/lib/python3/site-packages/broken-1.0-py3.11.egg', Buffer.from('PK\x03\x04 this is not really a zip')),
    entryOf('/usr/lib/python3/site-packages/six-1.16.0.egg-info', 'Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n\nbody'),
  ]));
  assert.deepEqual(facts.packages!.map((p) => [p.name, p.version, p.licenses]).sort(), [
    ['demo-pkg-name', '1.2.3', ['MIT']],
    ['six', '1.16.0', ['MIT License']],
  ]);
  assert.equal(facts.warnings.length, 1);
  assert.match(facts.warnings[0]!, /^\/usr\/lib\/python3\/site-packages\/broken-1\.0-py3\.11\.egg: corrupt egg archive/);
});

test('licences: License-Expression first, a long License text falls back to the classifiers', async () => {
  const longText = 'Copyright (c) 2020\n        Permission is hereby granted, free of charge, to any person obtaining a copy';
  const facts = await runAnalyzer(pythonAnalyzer, [
    entryOf('/s/a-1.0.dist-info/METADATA', 'Name: a\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\nLicense: MIT\n'),
    entryOf('/s/b-2.0.dist-info/METADATA', `Name: b\nVersion: 2.0\nLicense: ${longText}\nClassifier: License :: OSI Approved :: BSD License\n`),
  ]);
  assert.deepEqual(facts.packages!.map((p) => p.licenses), [['MIT OR Apache-2.0'], ['BSD License']]);
});

test('PEP 503 names', () => {
  assert.equal(normalizePypiName('Friendly_Bard..Zope.Interface'), 'friendly-bard-zope-interface');
  assert.equal(normalizePypiName('PyYAML'), 'pyyaml');
});

test('poetry.lock (real, lock 1.1): every package, all in the dev category', async () => {
  const facts = await runAnalyzer(pythonAnalyzer, [entryOf('/app/poetry.lock', fixture('poetry.lock'))]);
  assert.deepEqual(ids(facts.packages!), ['atomicwrites@1.4.0 dev', 'attrs@21.4.0 dev', 'colorama@0.4.4 dev', 'iniconfig@1.1.1 dev', 'packaging@21.3 dev',
    'pluggy@0.13.1 dev', 'py@1.11.0 dev', 'pyparsing@3.0.9 dev', 'pytest@7.1.2 dev', 'tomli@2.0.1 dev']);
});

test('poetry 2 groups: packages outside "main" are dev', async () => {
  const lock = '[[package]]\nname = "Flask"\nversion = "3.0.3"\ngroups = ["main"]\n\n[[package]]\nname = "ruff"\nversion = "0.6.9"\ngroups = ["dev"]\n\n[metadata]\nlock-version = "2.1"\n';
  const facts = await runAnalyzer(pythonAnalyzer, [entryOf('/app/poetry.lock', lock)]);
  assert.deepEqual(ids(facts.packages!), ['flask@3.0.3', 'ruff@0.6.9 dev']);
});

test('Pipfile.lock (real): default packages, develop ones marked', async () => {
  const facts = await runAnalyzer(pythonAnalyzer, [entryOf('/app/Pipfile.lock', fixture('Pipfile.lock'))]);
  assert.deepEqual(ids(facts.packages!), ['certifi@2020.12.5', 'chardet@4.0.0', 'idna@2.10', 'requests@2.25.1', 'urllib3@1.26.4']);
  const dev = await runAnalyzer(pythonAnalyzer, [entryOf('/app/Pipfile.lock', '{"default":{},"develop":{"pytest":{"version":"==8.0.0"}}}')]);
  assert.deepEqual(ids(dev.packages!), ['pytest@8.0.0 dev']);
});

test('uv.lock: registry packages; the editable project is not one; dev group closure marked', async () => {
  const facts = await runAnalyzer(pythonAnalyzer, [entryOf('/app/uv.lock', fixture('uv.lock'))]);
  assert.deepEqual(ids(facts.packages!), ['certifi@2024.8.30', 'iniconfig@2.0.0 dev', 'pytest@8.3.3 dev', 'requests@2.32.3', 'urllib3@2.2.3']);
});

test('requirements*.txt: only exact pins', async () => {
  const text = [
    '# comment', '-r base.txt', '--index-url https://example.org/simple',
    'Django==4.2.1', 'requests[socks] == 2.31.0 ; python_version >= "3.8"', 'flask>=2.0', 'numpy', 'six==1.*',
    'cryptography==41.0.0 \\', '    --hash=sha256:0000', 'git+https://github.com/x/y.git#egg=y', 'attrs===23.1.0  # trailing comment',
  ].join('\n');
  const facts = await runAnalyzer(pythonAnalyzer, wanted([entryOf('/app/requirements-prod.txt', text)]));
  assert.deepEqual(ids(facts.packages!), ['attrs@23.1.0', 'cryptography@41.0.0', 'django@4.2.1', 'requests@2.31.0']);
});

test('a pin of an installed distribution is one package with both locations', async () => {
  const facts = await runAnalyzer(pythonAnalyzer, [
    entryOf('/venv/lib/python3.12/site-packages/Django-4.2.1.dist-info/METADATA', 'Name: Django\nVersion: 4.2.1\n'),
    entryOf('/app/requirements.txt', 'django==4.2.1\n'),
  ]);
  assert.equal(facts.packages!.length, 1);
  assert.deepEqual(facts.packages![0]!.locations.map((l) => l.path), ['/venv/lib/python3.12/site-packages/Django-4.2.1.dist-info/METADATA', '/app/requirements.txt']);
});

test('wants: cheap suffix checks only', () => {
  const info = (path: string) => ({ path, kind: 'file' as const, size: 10, mode: 0o644, layer: { index: 0, diffId: 'sha256:x' } });
  for (const p of ['/s/x-1.dist-info/METADATA', '/s/x.egg-info/PKG-INFO', '/s/x.egg-info', '/s/x.egg', '/s/x.egg/EGG-INFO/PKG-INFO', '/a/requirements.txt', '/a/requirements-dev.txt', '/a/poetry.lock', '/a/Pipfile.lock', '/a/uv.lock'])
    assert.ok(pythonAnalyzer.wants(p, info(p)), p);
  assert.ok(pythonAnalyzer.wants('/app/tests/venv/lib/python3.12/site-packages/x-1.dist-info/METADATA', info('/app/tests/venv/lib/python3.12/site-packages/x-1.dist-info/METADATA')));
  for (const p of ['/s/x-1.dist-info/RECORD', '/a/requirements.in', '/a/Pipfile', '/a/pyproject.toml',
    '/usr/lib/python3.11/test/test_importlib/data/example-21.12-py3.6.egg', '/usr/local/lib/python3.12/site-packages/pkg_resources/tests/data/my-test-package_unpacked-egg/my_test_package-1.0-py3.7.egg/EGG-INFO/PKG-INFO'])
    assert.ok(!pythonAnalyzer.wants(p, info(p)), p);
});
