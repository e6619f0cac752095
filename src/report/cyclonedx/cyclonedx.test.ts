import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { cyclonedxValidator, errorsOf } from '../testdata/validators.js';
import { cyclonedxWriter } from './cyclonedx.js';

describe('CycloneDX 1.6 with vulnerabilities', () => {
  const outcome = nodeAppOutcome();
  const doc = JSON.parse(cyclonedxWriter.write(outcome, { now: NOW }));

  it('validates against the official CycloneDX 1.6 schema (all four schemas registered)', () => {
    const validate = cyclonedxValidator();
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(validate({ ...doc, specVersion: 1.6 }), false, 'the validator rejects a non-string specVersion');
  });

  it('lists every package and every remaining vulnerability with affects refs that resolve', () => {
    const refs = new Set(doc.components.map((c: { 'bom-ref': string }) => c['bom-ref']));
    assert.equal(doc.components.filter((c: { type: string }) => c.type === 'library').length, scan().inventory.packages.length);
    const inTriage = doc.vulnerabilities.filter((v: { analysis: { state: string } }) => v.analysis.state === 'in_triage');
    assert.equal(new Set(inTriage.map((v: { id: string }) => v.id)).size, new Set(outcome.results[0]!.findings.map((f) => f.id)).size);
    for (const v of doc.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects ${a.ref}`);
    const curl = doc.vulnerabilities.find((v: { id: string }) => v.id === 'CVE-2025-10148');
    assert.deepEqual(curl.affects.map((a: { ref: string }) => a.ref.split('@')[0]).sort(),
      ['pkg:deb/debian/curl', 'pkg:deb/debian/libcurl3-gnutls', 'pkg:deb/debian/libcurl3-nss', 'pkg:deb/debian/libcurl4']);
  });

  it('is VEX-ready: the VEX-suppressed finding appears as not_affected with the mapped justification', () => {
    const suppressed = outcome.suppressed.find((s) => s.kind === 'vex')!;
    const v = doc.vulnerabilities.find((x: { id: string; analysis: { state: string } }) => x.id === suppressed.finding.id && x.analysis.state === 'not_affected');
    assert.ok(v, 'not_affected entry present');
    assert.equal(v.analysis.justification, 'code_not_reachable');
    assert.deepEqual(v.affects.map((a: { ref: string }) => a.ref), ['pkg:npm/minimist@1.2.0']);
  });
});
