import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { errorsOf, spdxValidator } from '../testdata/validators.js';
import { spdxWriter } from './spdx.js';

describe('SPDX 2.3', () => {
  const outcome = nodeAppOutcome();
  const doc = JSON.parse(spdxWriter.write(outcome, { now: NOW }));

  it('validates against the official SPDX 2.3 schema', () => {
    const validate = spdxValidator();
    assert.ok(validate(doc), errorsOf(validate));
    const { spdxVersion: _v, ...broken } = doc;
    assert.equal(validate(broken), false, 'the validator rejects a document without spdxVersion');
  });

  it('describes the image, contains every package, and carries advisories as SECURITY references', () => {
    // the image, its OS, and every package
    assert.equal(doc.packages.length, scan().inventory.packages.length + 2);
    assert.equal(doc.relationships.filter((r: { relationshipType: string }) => r.relationshipType === 'CONTAINS').length, scan().inventory.packages.length + 1);
    const ids = new Set(doc.packages.map((p: { SPDXID: string }) => p.SPDXID));
    assert.equal(ids.size, doc.packages.length, 'SPDXIDs are unique');
    const lodash = doc.packages.find((p: { name: string }) => p.name === 'lodash');
    const advisories = lodash.externalRefs.filter((r: { referenceCategory: string; referenceType: string }) => r.referenceCategory === 'SECURITY' && r.referenceType === 'advisory');
    assert.equal(advisories.length, outcome.results[0]!.findings.filter((f) => f.package.name === 'lodash').length);
    assert.ok(advisories.some((r: { referenceLocator: string }) => r.referenceLocator === 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337'));
  });
});
