import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisoriesOf, readAll } from '../files.js';
import { openvexReader } from './reader.js';

const F = '/work/shared/vulndata/ubuntu-vex/CVE-2023-38545.json';

test('Canonical OpenVEX: fixed / affected (end of life) / not_affected per Ubuntu release, keyed by source package', async () => {
  assert.equal(await openvexReader.detect(F), true);
  const advs = advisoriesOf(await readAll(openvexReader, F));
  assert.equal(advs.length, 3, 'one fragment per statement');
  assert.ok(advs.every((a) => a.id === 'CVE-2023-38545' && a.source === 'ubuntu-vex'));
  const entries = advs.flatMap((a) => a.affected);
  assert.ok(entries.every((e) => e.package === 'curl' && !e.binary), 'binaries collapse into the source package');
  assert.deepEqual(entries.find((e) => e.ecosystem === 'ubuntu:22.04' && !e.channel), { ecosystem: 'ubuntu:22.04', package: 'curl', status: 'fixed', fixedVersion: '7.81.0-1ubuntu1.24' });
  assert.equal(entries.find((e) => e.ecosystem === 'ubuntu:16.04' && !e.channel)!.status, 'end-of-life');
  assert.deepEqual(entries.find((e) => e.ecosystem === 'ubuntu:14.04' && e.channel === 'esm-infra-legacy'), { ecosystem: 'ubuntu:14.04', package: 'curl', status: 'not-affected', channel: 'esm-infra-legacy' });
  assert.ok(advs[0]!.references.some((r) => r.startsWith('https://')));
});
