// Requirement-list advisories (RubySec, RustSec native) stored by the real DB build and evaluated with
// the ecosystems' own requirement semantics; the fix reported is the lowest patched version above.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Inventory, Package, PackageType } from '../inventory/model.js';
import { tempDir } from '../inventory/testing/corpus.js';
import { buildDb, openDb, type VulnDb } from '../vulndb/index.js';
import { matchInventory } from './index.js';

const VULNDATA = '/work/shared/vulndata';
const LAYER = { index: 0, diffId: 'sha256:' + '0'.repeat(64) };
const pkg = (type: PackageType, name: string, version: string): Package =>
  ({ type, name, version, purl: `pkg:${type}/${name}@${version}`, licenses: [], locations: [{ path: '/x', layer: LAYER }] });
const inv = (packages: Package[]): Inventory => ({
  image: { reference: 't', names: [], configDigest: 'sha256:t', platform: 'linux/amd64', layers: [] }, packages, secrets: [], misconfigurations: [], warnings: [],
});

let tmp: ReturnType<typeof tempDir>;
let db: VulnDb;
before(async () => {
  tmp = tempDir();
  await buildDb({ from: [join(VULNDATA, 'rubysec/gems/actionmailer'), join(VULNDATA, 'rustsec/advisories/crates/ammonia')], out: join(tmp.dir, 'db.sqlite') });
  db = openDb(join(tmp.dir, 'db.sqlite'));
});
after(() => { db.close(); tmp.cleanup(); });

const match = (p: Package, id: string) => matchInventory(inv([p]), db).find((f) => f.id === id || f.aliases.includes(id));

test('RubySec CVE-2024-47889: ~> branches with a floor, unaffected below 3.0', () => {
  // patched: ~> 6.1.7.9 | ~> 7.0.8, >= 7.0.8.5 | ~> 7.1.4, >= 7.1.4.1 | >= 7.2.1.1; unaffected: < 3.0.0
  const cases: [string, string | undefined][] = [
    ['7.0.8.4', '7.0.8.5'], ['7.1.3', '7.1.4.1'], ['6.1.7.8', '6.1.7.9'], ['7.2.0', '7.2.1.1'],
    ['7.0.8.5', undefined], ['7.1.4.1', undefined], ['6.1.7.9', undefined], ['7.2.1.1', undefined], ['2.3.18', undefined],
  ];
  for (const [version, fixed] of cases) {
    const f = match(pkg('gem', 'actionmailer', version), 'CVE-2024-47889');
    assert.equal(!!f, !!fixed, `${version}: ${f?.evidence[0]?.decidedBy}`);
    if (f) {
      assert.equal(f.fixedVersion, fixed, version);
      assert.match(f.evidence[0]!.comparator, /gem/);
    }
  }
});

test('RustSec RUSTSEC-2021-0074: patched on two branches', () => {
  assert.equal(match(pkg('cargo', 'ammonia', '3.0.0'), 'RUSTSEC-2021-0074')?.fixedVersion, '3.1.0');
  assert.equal(match(pkg('cargo', 'ammonia', '2.1.2'), 'RUSTSEC-2021-0074')?.fixedVersion, '2.1.3');
  assert.equal(match(pkg('cargo', 'ammonia', '2.1.3'), 'RUSTSEC-2021-0074'), undefined);
  assert.equal(match(pkg('cargo', 'ammonia', '3.1.0'), 'RUSTSEC-2021-0074'), undefined);
  const f = match(pkg('cargo', 'ammonia', '3.0.0'), 'RUSTSEC-2021-0074')!;
  assert.equal(f.id, 'CVE-2021-38193');
  assert.ok(f.aliases.includes('GHSA-5325-xw5m-phm3'));
});

test('Node.js runtime found as a binary × nodejs-security-wg core advisories (node-semver ranges)', async () => {
  const dir = tempDir();
  try {
    await buildDb({ from: [join(VULNDATA, 'npm/nodejs-security-wg/core')], out: join(dir.dir, 'core.sqlite') });
    const core = openDb(join(dir.dir, 'core.sqlite'));
    try {
      const hashdos = (version: string) => matchInventory(inv([pkg('binary', 'node', version)]), core).find((f) => f.id === 'CVE-2026-21717');
      // vulnerable: 20.x || 22.x || 24.x || 25.x; patched: ^20.20.2 || ^22.22.2 || ^24.14.1 || ^25.8.2
      assert.equal(hashdos('20.20.1')?.fixedVersion, '20.20.2');
      assert.equal(hashdos('22.1.0')?.fixedVersion, '22.22.2');
      assert.equal(hashdos('20.20.2'), undefined);
      assert.equal(hashdos('18.20.8'), undefined, '18.x is not in the vulnerable list');
      assert.equal(hashdos('20.20.1')!.evidence[0]!.ecosystem, 'Nodejs-core');
    } finally { core.close(); }
  } finally { dir.cleanup(); }
});
