// multi-lang end to end: the product's walk feeds the python analyzer; the three egg-info packages are
// not dpkg-owned (copied by hand) and so survive the OS-owned rule; matched against the real PyPI
// advisories they get exactly what Python's own `packaging` says their ranges include.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openImage } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import { dpkgAnalyzer } from '../dpkg/dpkg.js';
import { osAnalyzer } from '../os/os.js';
import { golangAnalyzer } from '../golang/index.js';
import { binaryAnalyzer } from '../binary/index.js';
import { npmAnalyzer } from '../npm/index.js';
import { pythonAnalyzer } from './index.js';
import { countUnaccountedExecutables, dropOsOwned } from '../../inventory/owned-files.js';
import type { Inventory } from '../../inventory/model.js';
import { buildDb, openDb } from '../../vulndb/index.js';
import { matchInventory } from '../../match/index.js';

const MULTI_LANG = '/work/shared/corpus/multi-lang.docker.tar';
const PYPI = '/work/shared/vulndata/osv/pypi';

async function scan() {
  const [image] = await openImage(MULTI_LANG);
  try {
    const analysis = await analyzeImage(image!, [osAnalyzer, dpkgAnalyzer, pythonAnalyzer, npmAnalyzer, binaryAnalyzer, golangAnalyzer]);
    const all = analysis.facts.flatMap((f) => f.facts.packages ?? []);
    const executables = analysis.facts.flatMap((f) => f.facts.executables ?? []);
    return { analysis, os: analysis.facts.find((f) => f.analyzer === 'os')!.facts.os, packages: all, executables };
  } finally { await image!.close(); }
}

let scanned: Awaited<ReturnType<typeof scan>> | undefined;
const once = async () => (scanned ??= await scan());

test('multi-lang through the layer walk: 3 PyPI packages, kept by the OS-owned rule; no npm or binary packages', { timeout: 120_000 }, async () => {
  const { packages } = await once();
  const kept = dropOsOwned(packages);
  assert.deepEqual(kept.filter((p) => p.type === 'pypi').map((p) => `${p.purl} ${p.locations[0]!.layer.index}`).sort(), [
    'pkg:pypi/jinja2@3.1.2 4', 'pkg:pypi/requests@2.28.1 4', 'pkg:pypi/urllib3@1.26.12 4',
  ]);
  assert.deepEqual(kept.filter((p) => p.type === 'npm' || p.type === 'binary'), []);
});

test('multi-lang: the executables no cataloger accounts for are exactly none (the two Go binaries are the golang analyzer\'s)', { timeout: 120_000 }, async () => {
  const { packages, executables } = await once();
  assert.ok(executables.includes('/usr/local/bin/demo-go') && executables.includes('/usr/bin/docker-registry'));
  assert.equal(countUnaccountedExecutables(executables, packages), 0);
  // Without the Go analyzer's packages, exactly those two would be unaccounted.
  assert.equal(countUnaccountedExecutables(executables, packages.filter((p) => p.type !== 'golang')), 2);
});

/** The oracle, in Python: PYSEC records evaluated with `packaging` (the PyPA version rules). */
const ORACLE = String.raw`
import json, os, sys, yaml
from packaging.version import Version
from packaging.utils import canonicalize_name
root, pkgs = sys.argv[1], json.loads(sys.argv[2])
out = []
for name, version in pkgs:
    v = Version(version)
    d = os.path.join(root, name)
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        rec = yaml.safe_load(open(os.path.join(d, f)))
        if rec.get('withdrawn'): continue
        hit = False
        for a in rec.get('affected', []):
            p = a.get('package', {})
            if p.get('ecosystem') != 'PyPI' or canonicalize_name(p.get('name', '')) != name: continue
            if version in a.get('versions', []): hit = True
            for r in a.get('ranges', []):
                if r.get('type') != 'ECOSYSTEM': continue
                start = None
                for e in r.get('events', []):
                    if 'introduced' in e: start = e['introduced']
                    inside = start is not None and (start == '0' or Version(start) <= v)
                    if 'fixed' in e:
                        if inside and v < Version(e['fixed']): hit = True
                        start = None
                    if 'last_affected' in e:
                        if inside and v <= Version(e['last_affected']): hit = True
                        start = None
                if start is not None and (start == '0' or Version(start) <= v): hit = True
        if hit: out.append(name + '@' + version + ' ' + rec['id'])
print(json.dumps(out))
`;

test('multi-lang × the PyPI advisories: exactly the records whose ranges include each package (checked with packaging)', { timeout: 180_000 }, async (t) => {
  const probe = spawnSync('python3', ['-c', 'import packaging.version, yaml']);
  if (probe.status !== 0) { t.skip('python3 with packaging and PyYAML is not available'); return; }
  const { packages, os } = await once();
  const pypi = packages.filter((p) => p.type === 'pypi');
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-pypi-db-'));
  try {
    await buildDb({ from: pypi.map((p) => join(PYPI, p.name)), out: join(dir, 'db.sqlite') });
    const db = openDb(join(dir, 'db.sqlite'));
    const inv: Inventory = { image: { reference: MULTI_LANG, names: [], configDigest: 'sha256:test', platform: 'linux/amd64', layers: [] }, os, packages: pypi, secrets: [], misconfigurations: [], warnings: [] };
    const findings = matchInventory(inv, db);
    db.close();
    const got = new Set(findings.flatMap((f) => [f.id, ...f.aliases].filter((id) => id.startsWith('PYSEC-')).map((id) => `${f.package.name}@${f.package.version} ${id}`)));
    const oracle = spawnSync('python3', ['-c', ORACLE, PYPI, JSON.stringify(pypi.map((p) => [p.name, p.version]))]);
    assert.equal(oracle.status, 0, oracle.stderr.toString());
    const want = JSON.parse(oracle.stdout.toString()) as string[];
    assert.ok(want.length > 0);
    assert.deepEqual([...got].sort(), [...want].sort());
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
