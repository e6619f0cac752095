// SBOMs of the corpus images made the way the product makes them: openImage, one layer walk with
// every registered analyzer, then the writers; both documents must pass the official schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { openImage, imageMeta } from '../../source/index.js';
import { analyzeImage } from '../../analyze/run.js';
import { analyzers } from '../../analyze/index.js';
import type { Inventory } from '../model.js';
import { toCycloneDX, toSpdx } from './index.js';
import { MULTIARCH_INDEX } from '../../source/test-support.js';

const CORPUS = '/work/shared/corpus';
const SCHEMAS = '/work/shared/schemas';
const schema = (f: string) => JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object;

const cdx = (() => {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) ajv.addSchema({ ...schema(f), $id: `http://cyclonedx.org/schema/${f}` });
  return ajv.compile(schema('bom-1.6.SNAPSHOT.schema.json'));
})();
const spdx = (() => {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema('spdx-2.3.schema.json'));
})();

async function inventories(file: string): Promise<Inventory[]> {
  const out: Inventory[] = [];
  for (const image of await openImage(join(CORPUS, file), { platform: 'all' })) {
    try {
      const a = await analyzeImage(image, analyzers);
      out.push({
        image: imageMeta(image),
        os: a.facts.find((f) => f.facts.os)?.facts.os,
        packages: a.facts.flatMap((f) => f.facts.packages ?? []),
        secrets: [], misconfigurations: [], warnings: a.warnings,
      });
    } finally { await image.close(); }
  }
  return out;
}

for (const file of ['node-app.oci-zstd.tar', 'multi-lang.docker.tar', 'multiarch-index.oci.tar']) {
  test(`${file}: CycloneDX 1.6 and SPDX 2.3 of every platform validate`, { timeout: 180_000 }, async () => {
    const invs = await inventories(file);
    assert.ok(invs.length >= 1);
    for (const inv of invs) {
      assert.ok(inv.packages.length >= 4, `${file} ${inv.image.platform}: packages found`);
      const bom = toCycloneDX(inv, { timestamp: '2026-01-01T00:00:00Z' }) as { components: { purl?: string }[] };
      assert.ok(cdx(bom), `${file} ${inv.image.platform}: ${JSON.stringify(cdx.errors?.slice(0, 3))}`);
      const doc = toSpdx(inv, { timestamp: '2026-01-01T00:00:00Z' });
      assert.ok(spdx(doc), `${file} ${inv.image.platform}: ${JSON.stringify(spdx.errors?.slice(0, 3))}`);
      const purls = new Set(bom.components.map((c) => c.purl));
      for (const p of inv.packages) assert.ok(purls.has(p.purl), p.purl);
    }
  });
}

test('node-app: SPDX says where each package was found and in which layer, as the reports name layers', { timeout: 180_000 }, async () => {
  const [inv] = await inventories('node-app.oci-zstd.tar');
  const doc = toSpdx(inv!, { timestamp: '2026-01-01T00:00:00Z' }) as { packages: { name: string; versionInfo?: string; sourceInfo?: string }[] };
  const info = (name: string, version: string) => doc.packages.find((p) => p.name === name && p.versionInfo === version)?.sourceInfo;
  assert.equal(info('lodash', '4.17.15'), 'found in /app/node_modules/lodash/package.json, layer 3 of 5 (sha256:f9c64a251ed4)');
  assert.equal(info('handlebars', '4.7.7'), 'found in /app/node_modules/handlebars/package.json, layer 5 of 5 (sha256:4805ca408bc4)');
  assert.equal(info('bash', '5.2.15-2+b13'), 'found in /var/lib/dpkg/status, layer 1 of 5 (sha256:2be5dec7f2bc)');
});

test('multiarch-index: each platform image\'s CycloneDX component names the image index it was chosen from', { timeout: 60_000 }, async () => {
  const invs = await inventories('multiarch-index.oci.tar');
  assert.equal(invs.length, 2);
  for (const inv of invs) {
    const bom = toCycloneDX(inv, { timestamp: '2026-01-01T00:00:00Z' }) as { metadata: { component: { properties: { name: string; value: string }[] } } };
    assert.deepEqual(bom.metadata.component.properties.filter((p) => p.name === 'hullscan:image:indexDigest').map((p) => p.value), [MULTIARCH_INDEX]);
  }
});
