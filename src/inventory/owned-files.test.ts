import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dpkgAnalyzer } from '../analyze/dpkg/dpkg.js';
import { entriesFor, runAnalyzer } from '../analyze/npm/unpack-for-tests.js';
import type { LayerRef, Package } from './model.js';
import { countUnaccountedExecutables, dropOsOwned } from './owned-files.js';

const layer: LayerRef = { index: 0, diffId: 'sha256:test' };
const lang = (type: Package['type'], name: string, ...paths: string[]): Package =>
  ({ type, name, version: '1', purl: `pkg:${type}/${name}@1`, licenses: [], locations: paths.map((path) => ({ path, layer })) });

/** The real dpkg database of a Debian 12 machine (corpus src/pkgdb-snapshot.tar.gz), read by the dpkg analyzer. */
async function realDebPackages(): Promise<Package[]> {
  const root = mkdtempSync(join(tmpdir(), 'hullscan-owned-'));
  try {
    execFileSync('tar', ['-xzf', '/work/shared/corpus/src/pkgdb-snapshot.tar.gz', '-C', root]);
    const facts = await runAnalyzer(dpkgAnalyzer, entriesFor(dpkgAnalyzer, { root, layerOf: new Map(), layers: [layer] }));
    return facts.packages!;
  } finally { rmSync(root, { recursive: true, force: true }); }
}

test('language packages whose metadata a real dpkg database lists are dropped; the others stay', async () => {
  const debs = await realDebPackages();
  assert.equal(debs.length, 756);
  const site = '/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3.12/site-packages';
  const packages = [
    ...debs,
    lang('pypi', 'grpcio', `${site}/grpcio-1.71.0.dist-info/METADATA`),                       // google-cloud-cli's
    lang('maven', 'gettext', '/usr/share/java/gettext.jar'),                                    // gettext's
    lang('binary', 'bash', '/usr/bin/bash'),                                                    // listed as /bin/bash (merged /usr)
    lang('pypi', 'flask', '/usr/local/lib/python3.11/site-packages/flask-3.0.0.dist-info/METADATA'),  // pip-installed
    lang('pypi', 'grpcio-too', `${site}/grpcio-1.71.0.dist-info/METADATA`, '/app/requirements.txt'),  // also pinned by the app
  ];
  const kept = dropOsOwned(packages).filter((p) => p.type !== 'deb');
  assert.deepEqual(kept.map((p) => [p.name, p.locations.map((l) => l.path)]), [
    ['flask', ['/usr/local/lib/python3.11/site-packages/flask-3.0.0.dist-info/METADATA']],
    ['grpcio-too', ['/app/requirements.txt']],
  ]);
  assert.equal(dropOsOwned(packages).filter((p) => p.type === 'deb').length, 756);
  // The switch that turns the rule off.
  assert.equal(dropOsOwned(packages, { enabled: false }).length, packages.length);
});

test('unaccounted executables: neither OS-owned nor any package location', () => {
  const deb: Package = { ...lang('deb', 'coreutils'), files: ['/bin/ls', '/usr/bin/cat'] };
  const goBinary = lang('golang', 'stdlib', '/usr/local/bin/demo-go');
  const execs = ['/usr/bin/ls', '/usr/bin/cat', '/usr/local/bin/demo-go', '/opt/tool/bin/mystery', '/usr/local/bin/other', '/opt/tool/bin/mystery'];
  assert.equal(countUnaccountedExecutables(execs, [deb, goBinary]), 2);
});
