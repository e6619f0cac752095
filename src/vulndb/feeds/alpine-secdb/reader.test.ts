import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisoriesOf, readAll, skippedOf } from '../files.js';
import { alpineSecdbReader } from './reader.js';

const V = '/work/shared/vulndata';

test('Alpine YAML: fixed versions per release, "0" = not affected, two ids in one string', async () => {
  const advs = advisoriesOf(await readAll(alpineSecdbReader, `${V}/alpine/v3.11/main.yaml`));
  const a = advs.find((x) => x.id === 'CVE-2019-14904')!;
  assert.equal(a.source, 'alpine-secdb');
  assert.deepEqual(a.affected, [{ ecosystem: 'alpine:3.11', package: 'ansible', status: 'fixed', fixedVersion: '2.9.3-r0' }]);
  const v38 = advisoriesOf(await readAll(alpineSecdbReader, `${V}/alpine/v3.8/main.yaml`));
  assert.deepEqual(v38.find((x) => x.id === 'CVE-2016-0682')!.affected, [{ ecosystem: 'alpine:3.8', package: 'db', status: 'not-affected' }]);
  const xen = v38.find((x) => x.id === 'CVE-2017-8904')!;
  assert.deepEqual(xen.aliases, ['XSA-214']);
  assert.ok(v38.some((x) => x.id === 'XSA-210'), 'a bare XSA id is an advisory of its own');
});

test('typos in ids are repaired; an empty secfixes version is a named skip', async () => {
  const v310 = advisoriesOf(await readAll(alpineSecdbReader, `${V}/alpine/v3.10/community.yaml`));
  assert.ok(v310.some((x) => x.id === 'CVE-2019-2426' && x.affected[0]!.package === 'openjdk7'), "'CVE_2019-2426'");
  const items = await readAll(alpineSecdbReader, `${V}/alpine/v3.6/main.yaml`);
  assert.deepEqual(skippedOf(items).map((s) => [s.record, s.reason]), [['heimdal', 'secfixes[7.4.0-r0] lists no ids']]);
  assert.deepEqual(await readAll(alpineSecdbReader, `${V}/alpine/v3.3/community.yaml`), [], 'a repository with no packages');
});

test('Wolfi and Chainguard JSON secdb get their own namespaces', async () => {
  const wolfi = advisoriesOf(await readAll(alpineSecdbReader, `${V}/wolfi/security.json`));
  assert.ok(wolfi.every((a) => a.source === 'wolfi-secdb' && a.affected.every((e) => e.ecosystem === 'wolfi')));
  assert.deepEqual(wolfi.find((a) => a.id === 'CVE-2022-38126')!.affected[0], { ecosystem: 'wolfi', package: 'binutils', status: 'fixed', fixedVersion: '2.39-r1' });
  assert.equal(wolfi.find((a) => a.id === 'CVE-2016-2781')!.affected[0]!.status, 'not-affected');
  assert.ok(wolfi.some((a) => a.id.startsWith('GHSA-')));
  const cg = advisoriesOf(await readAll(alpineSecdbReader, `${V}/chainguard/security.json`));
  assert.ok(cg.length > 100 && cg.every((a) => a.source === 'chainguard-secdb' && a.affected[0]!.ecosystem === 'chainguard'));
});
