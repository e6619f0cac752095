import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
import { errorsOf, gitlabValidator } from '../testdata/validators.js';
import { gitlabWriter } from './gitlab.js';

describe('GitLab container-scanning report (schema 15.0, test data from GitLab docs: testdata/ORIGIN.md)', () => {
  const outcome = nodeAppOutcome();
  const doc = JSON.parse(gitlabWriter.write(outcome, { now: NOW }));

  it('validates against the documented schema', () => {
    const validate = gitlabValidator();
    assert.ok(validate(doc), errorsOf(validate));
    const v0 = doc.vulnerabilities[0];
    assert.equal(validate({ ...doc, vulnerabilities: [{ ...v0, category: 'container_scanning' }] }), false, 'v15 removed category');
    assert.equal(validate({ ...doc, vulnerabilities: [{ ...v0, location: { ...v0.location, image: undefined } }] }), false, 'image is mandatory');
  });

  it('one vulnerability per finding, stable unique ids, primary identifier first, OS as family:release', () => {
    assert.equal(doc.vulnerabilities.length, outcome.results[0]!.findings.length);
    const ids = doc.vulnerabilities.map((v: { id: string }) => v.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(JSON.parse(gitlabWriter.write(outcome, { now: NOW })).vulnerabilities.map((v: { id: string }) => v.id), ids);
    const lodash = doc.vulnerabilities.find((v: { identifiers: { value: string }[] }) => v.identifiers[0]!.value === 'CVE-2021-23337');
    assert.equal(lodash.location.operating_system, 'debian:12');
    assert.equal(lodash.location.dependency.package.name, 'lodash');
    assert.equal(lodash.severity, 'High');
    assert.equal(doc.scan.start_time, '2026-11-24T12:00:00');
  });
});

describe('GitLab container-scanning report with secrets, misconfigurations and licences in the scan', () => {
  it('holds the vulnerabilities only (the container-scanning schema has no place for the other kinds) and still validates', () => {
    const outcome = nodeAppFullOutcome();
    const doc = JSON.parse(gitlabWriter.write(outcome, { now: NOW }));
    const validate = gitlabValidator();
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(doc.vulnerabilities.length, outcome.results[0]!.findings.length);
    assert.ok(outcome.results[0]!.inventory.secrets.length > 0 && outcome.results[0]!.inventory.misconfigurations.length > 0);
    assert.ok(!doc.vulnerabilities.some((v: { identifiers: { value: string }[] }) => v.identifiers.some((i) => /^(HS-|aws-|private-key|generic-password)/.test(i.value))));
  });
});
