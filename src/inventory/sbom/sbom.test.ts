// The SBOM writers on a real inventory (the debian12-pkgdb-2025 corpus image's 756 dpkg packages, the
// rpm fixtures' packages with SPDX licence expressions, language packages), validated against the
// official CycloneDX 1.6 and SPDX 2.3 JSON schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { CORPUS, dirImage, extractArchive, runOn, tempDir } from '../testing/corpus.js';
import { dpkgAnalyzer } from '../../analyze/dpkg/dpkg.js';
import { osAnalyzer } from '../../analyze/os/os.js';
import { rpmAnalyzer } from '../../analyze/rpm/rpm.js';
import type { Inventory, Package } from '../model.js';
import { purlFor } from '../purl.js';
import { toCycloneDX, toSpdx, toInventoryJson, writeSbom, cycloneDxLicenses } from './index.js';

const SCHEMAS = '/work/shared/schemas';
const schema = (f: string) => JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object;

let cdx: ReturnType<typeof compileCdx> | undefined;
const cdxValidator = () => (cdx ??= compileCdx());
let spdx: ReturnType<typeof compileSpdx> | undefined;
const spdxValidator = () => (spdx ??= compileSpdx());

function compileCdx() {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // ajv-formats has no IRI / IDN formats; hullscan writes none of those fields.
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  // The BOM schema refers to its siblings by their SNAPSHOT file names: register them under those.
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...schema(f), $id: `http://cyclonedx.org/schema/${f}` });
  }
  return ajv.compile(schema('bom-1.6.SNAPSHOT.schema.json'));
}
function compileSpdx() {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema('spdx-2.3.schema.json'));
}

const lang = (type: Package['type'], name: string, version: string, licenses: string[], path: string): Package => {
  const p = { type, name, version, licenses, locations: [{ path, layer: { index: 2, diffId: 'sha256:' + 'c'.repeat(64) } }] };
  return { ...p, purl: purlFor(p) };
};

async function realInventory(): Promise<Inventory> {
  const archive = join(CORPUS, 'debian12-pkgdb-2025.docker.tar');
  const { images, cleanup } = extractArchive(archive);
  const t = tempDir();
  try {
    const img = images[0]!;
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', archive, 'manifest.json']).toString())[0] as { Config: string; RepoTags: string[]; Layers: string[] };
    const index = JSON.parse(execFileSync('tar', ['-xOf', archive, 'index.json']).toString()) as { manifests: { digest: string }[] };
    const os = (await runOn(osAnalyzer, img)).os;
    const debs = (await runOn(dpkgAnalyzer, img)).packages!;
    execFileSync('tar', ['-xzf', new URL('../../../testdata/rpm/rpmdb-fixtures.tar.gz', import.meta.url).pathname, '-C', t.dir]);
    const rpms = (await runOn(rpmAnalyzer, dirImage(join(t.dir, 'sqlite')))).packages!;
    return {
      image: {
        reference: archive, names: manifest.RepoTags, digest: index.manifests[0]!.digest,
        configDigest: 'sha256:' + manifest.Config.split('/').pop(), platform: img.platform,
        layers: img.layers.map((l) => ({ ...l, digest: 'sha256:' + manifest.Layers[l.index]!.split('/').pop() })),
      },
      os,
      packages: [
        ...debs, ...rpms,
        lang('npm', '@babel/core', '7.24.0', ['MIT'], '/app/node_modules/@babel/core/package.json'),
        lang('npm', 'ms', '2.0.0', ['MIT'], '/app/node_modules/ms/package.json'),
        lang('npm', 'ms', '2.0.0', ['MIT'], '/app/node_modules/debug/node_modules/ms/package.json'),
        lang('maven', 'org.yaml:snakeyaml', '1.33', ['Apache License, Version 2.0'], '/opt/webapp/hullscan-demo.war'),
        lang('pypi', 'Jinja2', '3.1.2', ['BSD-3-Clause', 'GPL-2.0+'], '/usr/local/lib/python3.11/site-packages/Jinja2-3.1.2.egg-info'),
        lang('golang', 'github.com/gorilla/mux', 'v1.8.0', [], '/usr/local/bin/demo-go'),
      ],
      secrets: [], misconfigurations: [], warnings: [],
    };
  } finally { cleanup(); t.cleanup(); }
}

const inventory = realInventory();
const TS = '2026-01-01T00:00:00Z';

test('CycloneDX 1.6: valid against the official schema, every package once, with purl and layer properties', async () => {
  const inv = await inventory;
  const bom = toCycloneDX(inv, { timestamp: TS }) as { components: { 'bom-ref': string; purl?: string; type: string; properties: { name: string; value: string }[]; licenses?: object[] }[]; serialNumber: string; metadata: { component: { purl?: string } }; dependencies: { dependsOn: string[] }[] };
  const validate = cdxValidator();
  assert.ok(validate(bom), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  const libs = bom.components.filter((c) => c.type === 'library');
  assert.equal(libs.length, inv.packages.length);
  assert.equal(new Set(bom.components.map((c) => c['bom-ref'])).size, bom.components.length, 'bom-refs are unique');
  assert.deepEqual(libs.map((c) => c.purl).sort(), inv.packages.map((p) => p.purl).sort());
  const bash = libs.find((c) => c.purl?.startsWith('pkg:deb/debian/bash@'))!;
  assert.deepEqual(bash.properties.find((p) => p.name === 'hullscan:layer:diffID')?.value, inv.image.layers[0]!.diffId);
  assert.deepEqual(bash.properties.find((p) => p.name === 'hullscan:location:path')?.value, '/var/lib/dpkg/status');
  assert.ok(bom.components.some((c) => c.type === 'operating-system'));
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(bom.metadata.component.purl!, /^pkg:oci\/debian12-pkgdb@sha256%3A[0-9a-f]{64}\?arch=amd64&repository_url=hullscan\/debian12-pkgdb&tag=2025$/);
  assert.equal(bom.dependencies[0]!.dependsOn.length, inv.packages.length + 1);
  const demo = libs.find((c) => c.purl?.includes('hullscan-demo@'))!;
  assert.deepEqual(demo.licenses, [{ expression: 'MIT AND (Apache-2.0 OR BSD-3-Clause)' }]);
});

test('the validators reject what the schemas forbid (the checks above can fail)', async () => {
  const inv = await inventory;
  const bom = toCycloneDX(inv, { timestamp: TS }) as { components: Record<string, unknown>[] };
  bom.components[1]!.type = 'gadget';
  const v = cdxValidator();
  assert.equal(v(bom), false, JSON.stringify(bom.components[1]).slice(0, 300));
  const doc = toSpdx(inv, { timestamp: TS }) as { relationships: { relationshipType: string }[] };
  doc.relationships[0]!.relationshipType = 'OWNS';
  assert.equal(spdxValidator()(doc), false);
});

test('CycloneDX licences: ids, expressions and free text never mixed', () => {
  assert.deepEqual(cycloneDxLicenses(['MIT']), [{ license: { id: 'MIT' } }]);
  assert.deepEqual(cycloneDxLicenses(['GPL-2.0+', 'MIT']), [{ expression: '(GPL-2.0+) AND MIT' }]);
  assert.deepEqual(cycloneDxLicenses(['GPL-2+', 'MIT']), [{ license: { name: 'GPL-2+' } }, { license: { id: 'MIT' } }]);
  assert.deepEqual(cycloneDxLicenses(['GPL-2+', 'MIT OR Apache-2.0']), [{ license: { name: 'GPL-2+' } }, { license: { name: 'MIT OR Apache-2.0' } }]);
  assert.equal(cycloneDxLicenses([]), undefined);
});

test('CycloneDX: the vulnerabilities extension point sees bom-refs', async () => {
  const inv = await inventory;
  const bash = inv.packages.find((p) => p.name === 'bash')!;
  const bom = toCycloneDX(inv, { timestamp: TS, vulnerabilities: (ref) => [{ id: 'CVE-2022-3715', affects: [{ ref: ref(bash) }] }] }) as { vulnerabilities: { affects: { ref: string }[] }[] };
  assert.equal(bom.vulnerabilities[0]!.affects[0]!.ref, bash.purl);
  assert.ok(cdxValidator()(bom));
});

test('SPDX 2.3: valid against the official schema; DESCRIBES the image, which CONTAINS every package', async () => {
  const inv = await inventory;
  const doc = toSpdx(inv, { timestamp: TS }) as { packages: { SPDXID: string; name: string; licenseDeclared: string; externalRefs?: { referenceLocator: string }[] }[]; relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[]; hasExtractedLicensingInfos?: { licenseId: string; extractedText: string }[]; creationInfo: { created: string } };
  const validate = spdxValidator();
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  assert.equal(doc.creationInfo.created, TS);
  assert.equal(doc.packages.length, inv.packages.length + 2); // + image + OS
  assert.equal(new Set(doc.packages.map((p) => p.SPDXID)).size, doc.packages.length);
  const describes = doc.relationships.filter((r) => r.relationshipType === 'DESCRIBES');
  assert.equal(describes.length, 1);
  assert.equal(doc.relationships.filter((r) => r.relationshipType === 'CONTAINS' && r.spdxElementId === describes[0]!.relatedSpdxElement).length, inv.packages.length + 1);
  const purls = doc.packages.flatMap((p) => p.externalRefs?.map((r) => r.referenceLocator) ?? []);
  for (const p of inv.packages) assert.ok(purls.includes(p.purl), p.purl);
  // Every declared licence is a valid SPDX expression, NOASSERTION, or uses a declared LicenseRef.
  const parse = (await import('node:module')).createRequire(import.meta.url)('spdx-expression-parse') as (s: string) => unknown;
  const refs = new Set(doc.hasExtractedLicensingInfos?.map((e) => e.licenseId));
  for (const p of doc.packages) {
    if (p.licenseDeclared === 'NOASSERTION') continue;
    assert.doesNotThrow(() => parse(p.licenseDeclared), p.licenseDeclared);
    for (const r of p.licenseDeclared.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) assert.ok(refs.has(r), r);
  }
  const maven = doc.packages.find((p) => p.name === 'org.yaml:snakeyaml')!;
  assert.equal(maven.licenseDeclared, 'LicenseRef-Apache-License-Version-2.0');
  assert.equal(doc.hasExtractedLicensingInfos!.find((e) => e.licenseId === maven.licenseDeclared)!.extractedText, 'Apache License, Version 2.0');
});

test('deterministic: same inventory in any order gives byte-identical documents', async () => {
  const inv = await inventory;
  const shuffled = { ...inv, packages: [...inv.packages].reverse() };
  for (const format of ['cyclonedx', 'spdx-json', 'json'] as const) {
    assert.equal(writeSbom(inv, format, { timestamp: TS, toolVersion: '1.0.0' }), writeSbom(shuffled, format, { timestamp: TS, toolVersion: '1.0.0' }), format);
  }
  const other = { ...inv, image: { ...inv.image, digest: 'sha256:' + 'e'.repeat(64) } };
  assert.notEqual((toCycloneDX(other) as { serialNumber: string }).serialNumber, (toCycloneDX(inv) as { serialNumber: string }).serialNumber);
});

test('hullscan JSON inventory: sorted packages, file lists only on request', async () => {
  const inv = await inventory;
  const doc = toInventoryJson(inv, { timestamp: TS }) as { packages: (Package & { fileCount?: number })[]; schema: string };
  assert.equal(doc.schema, 'hullscan-inventory/1');
  assert.equal(doc.packages.length, inv.packages.length);
  const bash = doc.packages.find((p) => p.name === 'bash')!;
  assert.equal(bash.files, undefined);
  assert.ok(bash.fileCount! > 10);
  const withFiles = toInventoryJson(inv, { files: true }) as { packages: Package[] };
  assert.ok(withFiles.packages.find((p) => p.name === 'bash')!.files!.includes('/bin/bash'));
});
