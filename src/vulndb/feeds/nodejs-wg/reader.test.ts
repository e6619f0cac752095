import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisoriesOf, readAll } from '../files.js';
import { nodejsWgReader } from './reader.js';

const D = '/work/shared/vulndata/npm/nodejs-security-wg';

test('npm advisory: node-semver vulnerable/patched ranges kept as requirements, CVSS vector scored', async () => {
  assert.equal(await nodejsWgReader.detect(`${D}/npm/1.json`), true);
  const [a] = advisoriesOf(await readAll(nodejsWgReader, `${D}/npm/1.json`));
  assert.equal(a!.id, 'NSWG-ECO-1');
  assert.deepEqual(a!.aliases, ['CVE-2014-7205']);
  assert.deepEqual(a!.affected, [{ ecosystem: 'npm', package: 'bassmaster', requirements: { scheme: 'npm', patched: ['>=1.5.2'], unaffected: [], vulnerable: ['<=1.5.1'] } }]);
  assert.deepEqual(a!.severities, [{ source: 'nodejs-security-wg', type: 'CVSS_V3', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', score: 6.5, level: 'MEDIUM' }]);
});

test('core advisory: the node runtime under Nodejs-core; index.json files are not records', async () => {
  const [a] = advisoriesOf(await readAll(nodejsWgReader, `${D}/core/1.json`));
  assert.equal(a!.id, 'NSWG-CORE-1');
  assert.deepEqual(a!.affected[0]!.requirements?.vulnerable, ['8.x || 7.x || 4.x || 6.x || 5.x']);
  assert.equal(a!.affected[0]!.ecosystem, 'Nodejs-core');
  assert.equal(a!.severities[0]!.level, 'HIGH');
  assert.equal(await nodejsWgReader.detect(`${D}/core/index.json`), false);
  assert.equal(await nodejsWgReader.detect(`${D}/npm/index.json`), false);
});
