import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisoriesOf, readAll, skippedOf } from '../files.js';
import { nvdReader } from './reader.js';

const V = '/work/shared/vulndata/nvd';

test('NVD per-CVE file: description, CVSS v3.1 metric, CWE, CPE configurations', async () => {
  const f = `${V}/cve-2.0/CVE-2023-39325.json`;
  assert.equal(await nvdReader.detect(f), true);
  const [a] = advisoriesOf(await readAll(nvdReader, f));
  assert.equal(a!.id, 'CVE-2023-39325');
  assert.equal(a!.source, 'nvd');
  assert.match(a!.details ?? '', /HTTP\/2/);
  assert.deepEqual(a!.severities.find((s) => s.source === 'nvd'), { source: 'nvd', type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5, level: 'HIGH' });
  assert.deepEqual(a!.cwes, ['CWE-770']);
  assert.equal(a!.affected.length, 0, 'NVD names no packages');
  const cpes = JSON.stringify(a!.cpeConfigurations);
  assert.match(cpes, /cpe:2\.3:a:golang:go:\*/);
  assert.match(cpes, /"versionEndExcluding":"1\.20\.10"/);
});

test('NVD records awaiting analysis: no configurations, empty metrics', async () => {
  const [a] = advisoriesOf(await readAll(nvdReader, `${V}/cve-2.0/CVE-2024-0727.json`));
  assert.equal(a!.cpeConfigurations, undefined);
  assert.equal(a!.severities.filter((s) => s.source === 'nvd').length, 0);
});

test('NVD API 2.0 response page: every CVE of the envelope', async () => {
  const f = `${V}/api-2.0/full-page.json`;
  assert.equal(await nvdReader.detect(f), true);
  const items = await readAll(nvdReader, f);
  assert.equal(advisoriesOf(items).length + skippedOf(items).length, 38);
  assert.equal(skippedOf(items).length, 0);
  assert.ok(advisoriesOf(items).every((a) => /^CVE-\d{4}-\d+$/.test(a.id)));
});
