import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cyclonedxValidator, errorsOf, spdxValidator } from '../../report/testdata/validators.js';

const IMAGE = '/work/shared/corpus/multiarch-index.oci.tar';
const INDEX = 'sha256:429241e0395cec113e1b223d5b7ac66c26d8cbbeb61c1a51d97cddeaaf7b473e';

function sbom(format: string): unknown {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sbom', IMAGE, '--platform', 'all', '-f', format, '--no-cache'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout); // one document, not one per platform written back to back
}

test('sbom --platform all writes one document for every platform, valid against the official schemas', () => {
  const cdx = sbom('cyclonedx') as { metadata: { component: { version?: string; components: { properties?: { value: string }[] }[] } } };
  const vc = cyclonedxValidator();
  assert.ok(vc(cdx), errorsOf(vc));
  assert.equal(cdx.metadata.component.version, INDEX);
  assert.equal(cdx.metadata.component.components.length, 2);

  const spdx = sbom('spdx-json') as { relationships: { relationshipType: string }[] };
  const vs = spdxValidator();
  assert.ok(vs(spdx), errorsOf(vs));
  assert.equal(spdx.relationships.filter((r) => r.relationshipType === 'VARIANT_OF').length, 2);

  const json = sbom('json') as { image: { platform: string } }[];
  assert.deepEqual(json.map((i) => i.image.platform), ['linux/amd64', 'linux/arm64/v8']);
});
