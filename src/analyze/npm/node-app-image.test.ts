// node-app end to end: the product's own walk (openImage + analyzeImage: zstd layers, whiteouts, the
// opaque handlebars directory) feeds the npm analyzer; then the OS-owned rule, the unaccounted
// executables, and matching against the real GHSA records, each checked against an independent oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { openImage } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import { dpkgAnalyzer } from '../dpkg/dpkg.js';
import { osAnalyzer } from '../os/os.js';
import { binaryAnalyzer } from '../binary/index.js';
import { npmAnalyzer } from './index.js';
import { countUnaccountedExecutables, dropOsOwned } from '../../inventory/owned-files.js';
import type { Inventory, Package } from '../../inventory/model.js';
import { buildDb, openDb } from '../../vulndb/index.js';
import { matchInventory } from '../../match/index.js';
import { entriesFor, runAnalyzer, unpackImage } from './unpack-for-tests.js';

const NODE_APP = '/work/shared/corpus/node-app.oci-zstd.tar';
const GHSA_DIR = '/work/shared/vulndata/osv/npm';

async function scan() {
  const [image] = await openImage(NODE_APP);
  try {
    const analysis = await analyzeImage(image!, [osAnalyzer, dpkgAnalyzer, npmAnalyzer, binaryAnalyzer]);
    const facts = (name: string) => analysis.facts.find((f) => f.analyzer === name)!.facts;
    return { analysis, os: facts('os').os, packages: [...(facts('dpkg').packages ?? []), ...(facts('npm').packages ?? []), ...(facts('binary').packages ?? [])], executables: facts('binary').executables ?? [] };
  } finally { await image!.close(); }
}

let scanned: Awaited<ReturnType<typeof scan>> | undefined;
const once = async () => (scanned ??= await scan());

test('node-app through the layer walk: the 76 installed copies of the final tree, the same as the unpacked tree gives', { timeout: 120_000 }, async () => {
  const { packages, analysis } = await once();
  assert.deepEqual(analysis.warnings.filter((w) => w.startsWith('npm')), []);
  const npm = packages.filter((p) => p.type === 'npm' && !p.metadata?.rootProject);
  assert.equal(npm.length, 76);
  assert.equal(npm.find((p) => p.name === 'eslint'), undefined);
  assert.deepEqual(npm.filter((p) => p.name === 'handlebars').map((p) => [p.version, p.locations[0]!.layer.index]), [['4.7.7', 4]]);
  // The same tree unpacked with GNU tar (whiteouts applied by hand) is the reference for every copy and its layer.
  const img = unpackImage(NODE_APP, ['app']);
  try {
    const ref = (await runAnalyzer(npmAnalyzer, entriesFor(npmAnalyzer, img))).packages!;
    const key = (p: Package) => `${p.purl} ${p.locations[0]!.path} layer ${p.locations[0]!.layer.index}${p.dev ? ' dev' : ''}`;
    assert.deepEqual(packages.filter((p) => p.type === 'npm').map(key).sort(), ref.map(key).sort());
  } finally { img.cleanup(); }
});

test('node-app: nothing of the app is OS-owned; every executable of the image belongs to a Debian package', { timeout: 120_000 }, async () => {
  const { packages, executables } = await once();
  const kept = dropOsOwned(packages);
  assert.equal(kept.filter((p) => p.type === 'npm').length, packages.filter((p) => p.type === 'npm').length);
  assert.equal(kept.filter((p) => p.type === 'deb').length, 88);
  assert.ok(executables.length > 100, `${executables.length} ELF executables seen`);
  // Independent check: the image has no node binary (README), so nothing is identified from binaries...
  assert.deepEqual(packages.filter((p) => p.type === 'binary'), []);
  // ...and each ELF executable of the debootstrap base is listed by some dpkg .list file.
  assert.equal(countUnaccountedExecutables(executables, packages), 0);
});

/** OSV `affected` evaluation, written from the OSV schema, with the `semver` package as the npm comparator. */
function ghsaAffects(affected: { package: { ecosystem: string; name: string }; ranges?: { type: string; events: Record<string, string>[] }[]; versions?: string[] }, name: string, version: string): boolean {
  if (affected.package.ecosystem !== 'npm' || affected.package.name !== name) return false;
  if (affected.versions?.includes(version)) return true;
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    let start: string | undefined;
    for (const e of range.events) {
      if (e.introduced !== undefined) start = e.introduced;
      const inside = start !== undefined && (start === '0' || semver.gte(version, start));
      if (e.fixed !== undefined) { if (inside && semver.lt(version, e.fixed)) return true; start = undefined; }
      if (e.last_affected !== undefined) { if (inside && semver.lte(version, e.last_affected)) return true; start = undefined; }
    }
    if (start !== undefined && (start === '0' || semver.gte(version, start))) return true;
  }
  return false;
}

test('node-app × the GHSA records: every installed copy gets exactly the advisories whose ranges include it', { timeout: 180_000 }, async () => {
  const { packages, os } = await once();
  const npm = packages.filter((p) => p.type === 'npm' && !p.metadata?.rootProject);
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-npm-db-'));
  try {
    await buildDb({ from: [GHSA_DIR], out: join(dir, 'db.sqlite') });
    const db = openDb(join(dir, 'db.sqlite'));
    const inv: Inventory = { image: { reference: NODE_APP, names: [], configDigest: 'sha256:test', platform: 'linux/amd64', layers: [] }, os, packages: npm, secrets: [], misconfigurations: [], warnings: [] };
    const findings = matchInventory(inv, db);
    db.close();
    const got = new Set(findings.flatMap((f) => [f.id, ...f.aliases].filter((id) => id.startsWith('GHSA-')).map((id) => `${f.package.locations[0]!.path} ${f.package.version} ${id}`)));

    const records = readdirSync(GHSA_DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(GHSA_DIR, f), 'utf8')));
    const want = new Set<string>();
    for (const p of npm) for (const r of records) {
      if (r.withdrawn) continue;
      if ((r.affected ?? []).some((a: Parameters<typeof ghsaAffects>[0]) => ghsaAffects(a, p.name, p.version))) want.add(`${p.locations[0]!.path} ${p.version} ${r.id}`);
    }
    assert.ok(want.size > 20, `${want.size} expected findings`);
    assert.deepEqual([...got].sort(), [...want].sort());
    // Each copy counts: the old minimist 1.2.0 is vulnerable where the nested 1.2.8 is not.
    assert.ok([...want].some((k) => k.startsWith('/app/node_modules/minimist/package.json 1.2.0 ')));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
