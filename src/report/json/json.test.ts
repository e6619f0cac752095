import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyPolicy } from '../../policy/apply.js';
import { scanImage } from '../../scan.js';
import { NOW, nodeAppFullOutcome, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { nodeAppFullScan } from '../testdata/other-findings.js';
import { errorsOf, jsonReportValidator } from '../testdata/validators.js';
import { jsonWriter } from './json.js';

describe('JSON report', () => {
  const validate = jsonReportValidator();

  it('validates against its own schema (real node-app findings, VEX suppression, fix plan)', () => {
    const doc = JSON.parse(jsonWriter.write(nodeAppOutcome(), { now: NOW }));
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(doc.schemaVersion, '1.2');
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

describe('JSON report 1.1: secrets, misconfigurations and licences', () => {
  const validate = jsonReportValidator();
  const full = nodeAppFullOutcome();
  const doc = JSON.parse(jsonWriter.write(full, { now: NOW }));

  it('validates against the current schema (1.2)', () => {
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(doc.schemaVersion, '1.2');
    assert.equal(doc.$schema, 'https://hullscan.dev/schemas/report-1.2.json');
    assert.deepEqual(doc.results[0].scanners, ['vuln', 'secret', 'misconfig', 'license']);
  });

  it('secrets carry the layer that added them, its step and the deleted flag; the match stays redacted', () => {
    const aws = doc.results[0].secrets.find((x: { rule: string }) => x.rule === 'aws-secret-access-key');
    assert.deepEqual(aws, {
      rule: 'aws-secret-access-key', category: 'AWS', title: 'AWS secret access key', severity: 'CRITICAL', path: '/root/.aws/credentials', line: 3,
      match: 'aws_secret_access_key = *****', layer: 3, layerDiffId: full.results[0]!.inventory.image.layers[3]!.diffId, createdBy: 'COPY secrets/ / # buildkit', deleted: true,
    });
    const env = doc.results[0].secrets.find((x: { path: string }) => x.path === 'config:env');
    assert.equal(env.layer, null);
    assert.equal(env.match, 'DB_PASSWORD=*****');
  });

  it('misconfigurations in full (why, fix, CIS item, location) and licences with their class', () => {
    const root = doc.results[0].misconfigurations.find((m: { id: string }) => m.id === 'HS-DS-002');
    assert.equal(root.cis, '4.1');
    assert.match(root.resolution, /USER/);
    assert.equal(root.location, null);
    const df = doc.results[0].misconfigurations.find((m: { id: string }) => m.id === 'HS-DS-011');
    assert.deepEqual(df.location, { path: 'Dockerfile', startLine: 1, endLine: 1, layer: null });
    const leaked = doc.results[0].misconfigurations.find((m: { id: string }) => m.id === 'HS-DS-007');
    assert.equal(leaked.message, 'ENV DB_PASSWORD=***** is stored in the image configuration', 'a message quoting the env value is redacted');
    const gpl = doc.results[0].licenses[0];
    assert.deepEqual({ ...gpl, package: gpl.package.name }, { license: 'GPL-2.0-or-later', spdx: true, classification: 'strong-copyleft', severity: 'HIGH', reason: 'strong-copyleft class', package: 'libc-devtools' });
  });

  it('summary counts and failing per kind; what the policy removed of the other kinds', () => {
    assert.deepEqual(doc.summary.countsByKind.vulnerability, doc.summary.counts);
    assert.equal(doc.summary.countsByKind.secret.CRITICAL, 2);
    assert.equal(doc.summary.failingOther.secret.length, 5);
    assert.deepEqual(doc.summary.failingOther.misconfiguration, ['HS-DS-007 at image config', 'HS-DS-002 at image config']);
    const filtered = JSON.parse(jsonWriter.write(applyPolicy([nodeAppFullScan()], { now: NOW, severities: ['CRITICAL'] }), { now: NOW }));
    assert.ok(validate(filtered), errorsOf(validate));
    assert.ok(filtered.suppressedOther.some((s: { findingKind: string; id: string; where: string; kind: string }) =>
      s.findingKind === 'secret' && s.id === 'private-key' && s.where === '/app/config/id_rsa:1' && s.kind === 'severity'));
  });

  it('the schema rejects what it should', () => {
    const bad = structuredClone(doc);
    bad.results[0].licenses[0].classification = 'copyleft-ish';
    assert.equal(validate(bad), false);
    const bad2 = structuredClone(doc);
    delete bad2.summary.countsByKind;
    assert.equal(validate(bad2), false);
  });

  it('a secret the scanner failed to redact is redacted by the report (the PEM body line of node-app id_rsa)', async () => {
    const { readFileSync } = await import('node:fs');
    const s = scan();
    const pem = readFileSync('/work/shared/corpus/src/node-app/secrets/id_rsa', 'utf8').split('\n')[1]!;
    const withSecret = { ...s, inventory: { ...s.inventory,
      secrets: [{ rule: 'private-key', category: 'PrivateKey', title: 'RSA private key', severity: 'HIGH' as const, path: '/app/config/id_rsa', line: 2, match: pem, layer: { index: 3, diffId: `sha256:${'3'.repeat(64)}` }, deleted: false }] } };
    const text = jsonWriter.write(applyPolicy([withSecret], { now: NOW }), { now: NOW });
    assert.ok(!text.includes(pem), 'the secret itself is not in the report');
    assert.equal(JSON.parse(text).results[0].secrets[0].match, '*****');
  });
});

describe('JSON report 1.2: the image index digest', () => {
  const validate = jsonReportValidator();
  const report = async (image: string) => {
    const results = await scanImage(`/work/shared/corpus/${image}`, { platform: 'all', scanners: ['secret', 'misconfig'] });
    return JSON.parse(jsonWriter.write(applyPolicy(results, { now: NOW }), { now: NOW }));
  };

  it('a multi-platform scan of multiarch-index.oci.tar names, for each platform, the index it was chosen from', async () => {
    const doc = await report('multiarch-index.oci.tar');
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(doc.schemaVersion, '1.2');
    assert.equal(doc.$schema, 'https://hullscan.dev/schemas/report-1.2.json');
    assert.deepEqual(doc.results.map((r: { image: { platform: string; digest: string; indexDigest: string } }) => [r.image.platform, r.image.digest, r.image.indexDigest]), [
      ['linux/amd64', 'sha256:23455ea73ce0500e95656850a3bab09269b70db93454ee428bc6c0acc8c543a2', 'sha256:429241e0395cec113e1b223d5b7ac66c26d8cbbeb61c1a51d97cddeaaf7b473e'],
      ['linux/arm64/v8', 'sha256:6f6ab3fcff57f9864bd93168efba4352df84771e8f227ff01139cdf89fab6214', 'sha256:429241e0395cec113e1b223d5b7ac66c26d8cbbeb61c1a51d97cddeaaf7b473e'],
    ]);
    assert.deepEqual(Object.keys(doc.results[0].image), ['reference', 'names', 'digest', 'indexDigest', 'configDigest', 'platform', 'layers'], 'key order fixed');

    const bad = structuredClone(doc);
    bad.results[0].image.indexDigest = '429241e0395cec11';
    assert.equal(validate(bad), false, 'not a digest');
    delete bad.results[0].image.indexDigest;
    assert.equal(validate(bad), false, 'the key is never missing');
  });

  it('null when no index led to the manifest: index.json listing the platform manifests itself, a single-platform image', async () => {
    const flat = await report('multiarch-flat.oci.tar');
    assert.ok(validate(flat), errorsOf(validate));
    assert.deepEqual(flat.results.map((r: { image: { indexDigest: unknown } }) => r.image.indexDigest), [null, null]);
    const single = JSON.parse(jsonWriter.write(nodeAppOutcome(), { now: NOW }));
    assert.equal(single.results[0].image.indexDigest, null);
  });
});
