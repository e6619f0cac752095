import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyPolicy } from '../../policy/apply.js';
import { NOW, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { errorsOf, jsonReportValidator } from '../testdata/validators.js';
import { jsonWriter } from './json.js';

describe('JSON report', () => {
  const validate = jsonReportValidator();

  it('validates against its own schema (real node-app findings, VEX suppression, fix plan)', () => {
    const doc = JSON.parse(jsonWriter.write(nodeAppOutcome(), { now: NOW }));
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(doc.schemaVersion, '1.0');
    assert.equal(doc.results[0].findings.length, scan().findings.length - doc.suppressed.length);
    assert.ok(doc.suppressed.some((s: { kind: string }) => s.kind === 'vex'));
    assert.ok(doc.results[0].fixPlan.length > 0);
  });

  it('round-trips: parse(write(x)) re-serialises byte for byte, and output is stable across runs', () => {
    const a = jsonWriter.write(nodeAppOutcome(), { now: NOW });
    const b = jsonWriter.write(nodeAppOutcome(), { now: NOW });
    assert.equal(a, b);
    assert.equal(JSON.stringify(JSON.parse(a), null, 2) + '\n', a);
  });

  it('the schema rejects what it should (it can fail)', () => {
    const doc = JSON.parse(jsonWriter.write(applyPolicy([scan()], { now: NOW }), { now: NOW }));
    doc.results[0].findings[0].severity = 'SEVERE';
    assert.equal(validate(doc), false);
    delete doc.results[0].findings[0].severity;
    assert.equal(validate(doc), false);
  });

  it('findings are in priority order: severity ranks never increase down the list, KEV first', () => {
    const doc = JSON.parse(jsonWriter.write(applyPolicy([scan()], { now: NOW }), { now: NOW }));
    const rank = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, NEGLIGIBLE: 1, UNKNOWN: 0 } as Record<string, number>;
    const ranks = doc.results[0].findings.filter((f: { kev: unknown }) => !f.kev).map((f: { severity: string }) => rank[f.severity]);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a));
  });
});

describe('JSON report: secrets and misconfigurations', () => {
  it('carries them with the secret redacted, and still validates', async () => {
    const { readFileSync } = await import('node:fs');
    const s = scan();
    // node-app's real planted key (corpus README): the PEM header line of /app/config/id_rsa, layer 3
    const pem = readFileSync('/work/shared/corpus/src/node-app/secrets/id_rsa', 'utf8').split('\n')[1]!;
    const withSecret = { ...s, inventory: { ...s.inventory,
      secrets: [{ rule: 'private-key', category: 'PrivateKey', title: 'RSA private key', severity: 'HIGH' as const, path: '/app/config/id_rsa', line: 2, match: pem, layer: { index: 3, diffId: `sha256:${'3'.repeat(64)}` }, deleted: false }],
      misconfigurations: [{ id: 'root-user', title: 'Image runs as root', severity: 'MEDIUM' as const, message: 'no USER in the image config' }] } };
    const text = jsonWriter.write(applyPolicy([withSecret], { now: NOW }), { now: NOW });
    assert.ok(!text.includes(pem), 'the secret itself is not in the report');
    const doc = JSON.parse(text);
    assert.ok(jsonReportValidator()(doc));
    assert.equal(doc.results[0].secrets[0].match, `${pem.slice(0, 4)}${'*'.repeat(12)}`);
    assert.equal(doc.results[0].misconfigurations[0].id, 'root-user');
  });
});
