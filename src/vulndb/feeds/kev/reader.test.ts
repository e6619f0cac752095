import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAll } from '../files.js';
import { kevReader } from './reader.js';

const KEV = '/work/shared/vulndata/kev/known_exploited_vulnerabilities.json';

test('KEV catalogue: 1,404 entries with dates and ransomware flags; the schema file is not a catalogue', async () => {
  assert.equal(await kevReader.detect(KEV), true);
  assert.equal(await kevReader.detect('/work/shared/vulndata/kev/known_exploited_vulnerabilities_schema.json'), false);
  const items = await readAll(kevReader, KEV);
  const kev = items.flatMap((i) => (i.kind === 'kev' ? [i.kev] : []));
  assert.equal(kev.length, 1404);
  assert.deepEqual(kev.find((k) => k.cve === 'CVE-2023-4911'), {
    cve: 'CVE-2023-4911', dateAdded: '2023-11-21', dueDate: '2023-12-12', knownRansomware: false,
    vendorProject: 'GNU', product: 'GNU C Library', name: 'GNU C Library Buffer Overflow Vulnerability',
  });
  assert.equal(kev.find((k) => k.cve === 'CVE-2025-53770')!.knownRansomware, true);
  assert.equal(kev.filter((k) => k.knownRansomware).length, 293);
});
