// normalizePackageLicenses on real inventories: the dpkg packages of debian12-minbase (its layer is also
// node-app's first layer, byte for byte, so node-app (committed) stands in when the on-demand image is
// absent), and node-app's npm packages; the normalised inventory still gives schema-valid SBOMs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import type { Inventory, Package } from '../../inventory/model.js';
import { ON_DEMAND } from '../../inventory/testing/corpus.js';
import { toCycloneDX, toSpdx } from '../../inventory/sbom/index.js';
import { imageMeta, openImage } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import { osAnalyzer } from '../os/os.js';
import { dpkgAnalyzer } from '../dpkg/dpkg.js';
import { npmAnalyzer } from '../npm/index.js';
import { classifyLicense } from './classify.js';
import { normalizePackageLicenses } from './packages.js';
import { isValidSpdx } from './spdx.js';

const pkg = (licenses: string[], type: Package['type'] = 'npm', licenseRaw?: string[]): Package => ({
  type, name: 'x', version: '1', purl: `pkg:${type}/x@1`, licenses, locations: [], ...(licenseRaw ? { licenseRaw } : {}),
});

test('licences become SPDX expressions where exact; raw text kept alongside, same order; duplicates once', () => {
  const p = pkg(['(BSD-3-Clause OR GPL-2.0)', 'Apache 2.0', 'Apache-2.0', 'MIT/X11', ' ']);
  normalizePackageLicenses([p]);
  assert.deepEqual(p.licenses, ['BSD-3-Clause OR GPL-2.0-only', 'Apache-2.0', 'MIT/X11']);
  assert.deepEqual(p.licenseRaw, ['(BSD-3-Clause OR GPL-2.0)', 'Apache 2.0', 'MIT/X11']);
  const again = structuredClone(p);
  normalizePackageLicenses([again]);
  assert.deepEqual(again, p, 'idempotent');
  const none = pkg([]);
  normalizePackageLicenses([none]);
  assert.deepEqual(none.licenses, []);
  assert.equal(none.licenseRaw, undefined);
});

test("an analyzer's SPDX value wins over its raw words; Debian names only for deb packages", () => {
  // dpkg read a free-form copyright file: the grant sentence is the raw text, the expression its meaning.
  const deb = pkg(['LGPL-2.1-or-later', 'GPL'], 'deb', ['GNU Lesser General Public License, version 2.1 (or, at your option, any later version)', '/usr/share/common-licenses/GPL']);
  normalizePackageLicenses([deb]);
  assert.deepEqual(deb.licenses, ['LGPL-2.1-or-later', 'GPL']);
  const perl = pkg(['GPL-1+ or Artistic, and Expat'], 'deb');
  const gem = pkg(['Artistic']);
  normalizePackageLicenses([perl, gem]);
  assert.deepEqual(perl.licenses, ['(GPL-1.0-or-later OR Artistic-1.0-Perl) AND MIT']);
  assert.deepEqual(gem.licenses, ['Artistic']);
});

const SCHEMAS = '/work/shared/schemas';
const schema = (f: string) => JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object;

async function inventory(path: string): Promise<Inventory> {
  const [image] = await openImage(path);
  try {
    const a = await analyzeImage(image!, [osAnalyzer, dpkgAnalyzer, npmAnalyzer]);
    const packages = a.facts.flatMap((f) => f.facts.packages ?? []);
    normalizePackageLicenses(packages);
    return { image: imageMeta(image!), os: a.facts.find((f) => f.facts.os)?.facts.os, packages, secrets: [], misconfigurations: [], warnings: a.warnings };
  } finally { await image!.close(); }
}

const MINBASE = join(ON_DEMAND, 'debian12-minbase.oci.tar');
const NODE_APP = '/work/shared/corpus/node-app.oci-zstd.tar';
let nodeApp: Promise<Inventory> | undefined;
const nodeAppInventory = () => (nodeApp ??= inventory(NODE_APP));

function checkDebianBase(debs: Package[]) {
  assert.equal(debs.length, 88);
  for (const p of debs) {
    // Every package: at least one licence; each an SPDX expression or the metadata's own words.
    assert.ok(p.licenses.length > 0, `${p.name}: no licence`);
    assert.equal(p.licenseRaw?.length, p.licenses.length, p.name);
    for (const [i, l] of p.licenses.entries()) {
      assert.ok(isValidSpdx(l) || l === p.licenseRaw![i] || /^(public-domain|GPL|LGPL|AGPL|GFDL)$/.test(l), `${p.name}: ${l} / ${p.licenseRaw![i]}`);
    }
  }
  const by = (name: string) => debs.find((p) => p.name === name)!.licenses;
  // Free-form copyright files (no DEP-5): the FSF grants they quote.
  assert.deepEqual(by('libc6'), ['LGPL-2.1-or-later', 'GPL-2.0-or-later']);
  assert.deepEqual(by('libcrypt1'), ['LGPL-2.1-or-later']);
  assert.deepEqual(by('base-files'), ['GPL-2.0-or-later']);
  // /usr/share/doc/libstdc++6 is a symlink to gcc-12-base: its copyright, with the runtime exception.
  assert.ok(by('libstdc++6').includes('GPL-3.0-or-later WITH GCC-exception-3.1'));
  assert.deepEqual(by('libstdc++6'), by('gcc-12-base'));
  // DEP-5: Files: * first.
  assert.deepEqual(by('zlib1g'), ['Zlib']);
  assert.equal(by('perl-base')[0], 'GPL-1.0-or-later OR Artistic-1.0-Perl');
  assert.deepEqual(by('tzdata'), ['public-domain']);
  assert.equal(classifyLicense('public-domain'), 'public-domain');
  // What stays unknown is mostly Debian's own names for texts with no SPDX id (BSLA, GAP, Unicode ...).
  const unknown = new Set(debs.flatMap((p) => p.licenses.filter((l) => classifyLicense(l) === 'unknown')));
  assert.ok(unknown.has('BSLA') && unknown.has('GAP') && !unknown.has('GPL') && !unknown.has('public-domain'));
  assert.deepEqual([...unknown].filter(isValidSpdx), [], 'every SPDX id of the base has a class');
}

test('node-app: the debian12-minbase packages each get SPDX licences or an explicit raw name', { timeout: 180_000 }, async () => {
  const inv = await nodeAppInventory();
  checkDebianBase(inv.packages.filter((p) => p.type === 'deb'));
});

test('debian12-minbase (on demand): same', { timeout: 180_000, skip: !existsSync(MINBASE) && `${MINBASE} absent (corpus build.sh extra)` }, async () => {
  checkDebianBase((await inventory(MINBASE)).packages.filter((p) => p.type === 'deb'));
});

test('node-app: npm licences are SPDX; CycloneDX 1.6 and SPDX 2.3 of the normalised inventory validate', { timeout: 180_000 }, async () => {
  const inv = await nodeAppInventory();
  const npm = inv.packages.filter((p) => p.type === 'npm');
  assert.ok(npm.length >= 76);
  for (const p of npm) for (const l of p.licenses) assert.ok(isValidSpdx(l), `${p.name}: ${l}`);
  assert.deepEqual(npm.find((p) => p.name === 'node-forge')!.licenses, ['BSD-3-Clause OR GPL-2.0-only']);

  const cdx = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(cdx);
  cdx.addFormat('iri-reference', true);
  cdx.addFormat('idn-email', true);
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) cdx.addSchema({ ...schema(f), $id: `http://cyclonedx.org/schema/${f}` });
  const validCdx = cdx.compile(schema('bom-1.6.SNAPSHOT.schema.json'));
  const spdx = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(spdx);
  const validSpdx = spdx.compile(schema('spdx-2.3.schema.json'));
  assert.ok(validCdx(toCycloneDX(inv, { timestamp: '2026-01-01T00:00:00Z' })), JSON.stringify(validCdx.errors?.slice(0, 3)));
  assert.ok(validSpdx(toSpdx(inv, { timestamp: '2026-01-01T00:00:00Z' })), JSON.stringify(validSpdx.errors?.slice(0, 3)));
});
