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
