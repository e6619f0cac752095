import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NOW, nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
import { errorsOf, sarifValidator } from '../testdata/validators.js';
import { sarifWriter } from './sarif.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OUT = join(ROOT, 'test-output', 'report');
const MULTITOOL = join(ROOT, 'node_modules', '.bin', 'sarif-multitool');

describe('SARIF 2.1.0', () => {
  const outcome = nodeAppOutcome();
  const text = sarifWriter.write(outcome, { now: NOW });
  const doc = JSON.parse(text);

  it('validates against the official SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(validate({ ...doc, version: '2.0.0' }), false, 'the validator rejects a wrong version');
  });

  it('has one rule per vulnerability id with help and security-severity, results at the package metadata file', () => {
    const run = doc.runs[0];
    const findings = outcome.results[0]!.findings;
    assert.equal(run.results.length, findings.length);
    assert.equal(run.tool.driver.rules.length, new Set(findings.map((f) => f.id)).size);
    const lodash = run.results.find((r: { ruleId: string }) => r.ruleId === 'CVE-2021-23337');
    assert.equal(lodash.locations[0].physicalLocation.artifactLocation.uri, 'app/node_modules/lodash/package.json');
    // npm ci made the third of five layers: the message counts from the base, with the total and the diffID
    assert.match(lodash.message.text, /Found in \/app\/node_modules\/lodash\/package\.json, added by layer 3 of 5 \(sha256:f9c64a251ed4\): RUN \/bin\/sh -c npm ci/);
    assert.equal(run.tool.driver.rules[lodash.ruleIndex].id, 'CVE-2021-23337');
    const rule = run.tool.driver.rules[lodash.ruleIndex];
    assert.match(rule.help.text, /CVE-2021-23337/);
    assert.equal(rule.properties['security-severity'], '7.2'); // CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H, GHSA-35jh-r3h4-6jhm
    assert.equal(lodash.level, 'error');
    const fps = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['hullscanFinding/v1']);
    assert.equal(new Set(fps).size, fps.length, 'fingerprints are unique per finding');
  });

  it("passes Microsoft's SARIF multitool validate, and with GitHub's ingestion rules (--rule-kind Gh)", (t) => {
    if (!existsSync(MULTITOOL)) return t.skip('@microsoft/sarif-multitool not installed (npm ci installs it as a dev dependency)');
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'node-app.sarif');
    writeFileSync(file, text);
    for (const extra of [[], ['--rule-kind', 'Gh']]) {
      const log = join(OUT, `multitool${extra.length ? '-gh' : ''}.sarif`);
      const res = spawnSync(MULTITOOL, ['validate', file, '-o', log, '--log', 'ForceOverwrite', ...extra], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(res.status, 0, res.stdout + res.stderr);
      const results = JSON.parse(readFileSync(log, 'utf8')).runs[0].results ?? [];
      const errors = results.filter((r: { level?: string }) => r.level === 'error');
      assert.deepEqual(errors.map((r: { ruleId: string; message: { text?: string } }) => `${r.ruleId}: ${r.message.text ?? ''}`), [], `multitool ${extra.join(' ')}`);
      const warnings = results.filter((r: { level?: string }) => r.level === 'warning' || r.level === undefined);
      assert.deepEqual(warnings.map((r: { ruleId: string }) => r.ruleId), [], `multitool ${extra.join(' ')} warnings`);
    }
  });
});

describe('SARIF 2.1.0: secrets, misconfigurations and licences', () => {
  const outcome = nodeAppFullOutcome();
  const text = sarifWriter.write(outcome, { now: NOW });
  const run = JSON.parse(text).runs[0];
  const r0 = outcome.results[0]!;
  const byRule = (id: string) => run.results.filter((r: { ruleId: string }) => r.ruleId === id);

  it('validates; a rule per secret rule, misconfiguration id and licence, a result per finding', () => {
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(text)), errorsOf(validate));
    const others = r0.inventory.secrets.length + r0.inventory.misconfigurations.length + r0.licenses!.length;
    assert.equal(run.results.length, r0.findings.length + others);
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const id of ['aws-access-key-id', 'aws-secret-access-key', 'private-key', 'generic-password', 'HS-DS-002', 'HS-DS-011', 'license/MIT', 'license/GPL-2.0-or-later']) assert.ok(ids.includes(id), id);
    assert.equal(byRule('license/MIT').length, r0.licenses!.filter((l) => l.license === 'MIT').length);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const fps = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['hullscanFinding/v1']);
    assert.equal(new Set(fps).size, fps.length);
  });

  it('secrets at file path and line with the layer, its step and the deleted note; configuration secrets at the image', () => {
    const [aws] = byRule('aws-secret-access-key');
    assert.deepEqual(aws.locations[0].physicalLocation, { artifactLocation: { uri: 'root/.aws/credentials' }, region: { startLine: 3, snippet: { text: 'aws_secret_access_key = *****' } } });
    assert.equal(aws.level, 'error');
    assert.match(aws.message.text, /at \/root\/\.aws\/credentials:3, added by layer 4 of 5 \(sha256:673d607d7164\): COPY secrets\/ \/ # buildkit\. The file was deleted in a later layer, still in layer 4 of 5 \(sha256:673d607d7164\)\./);
    assert.deepEqual([aws.properties.layer, aws.properties.layerIndex, aws.properties.layerDiffId],
      ['layer 4 of 5 (sha256:673d607d7164)', 3, r0.inventory.image.layers[3]!.diffId], 'the words, and the 0-based index named as such');
    const env = byRule('generic-password').find((r: { message: { text: string } }) => r.message.text.includes('(env)'));
    assert.equal(env.locations[0].physicalLocation.artifactLocation.uri, 'node-app%3Alatest');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'private-key');
    assert.equal(rule.properties['security-severity'], '8.0');
  });

  it('misconfigurations at the Dockerfile region when there is one, with the fix; licences at the package metadata file', () => {
    const [df] = byRule('HS-DS-011');
    assert.deepEqual(df.locations[0].physicalLocation, { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 1 } });
    const [root] = byRule('HS-DS-002');
    assert.equal(root.level, 'error');
    assert.match(root.message.text, /^HS-DS-002 Image runs as root: no USER .* Fix: Create an unprivileged user/);
    assert.equal(run.tool.driver.rules.find((r: { id: string }) => r.id === 'HS-DS-002').properties['security-severity'], '8.0');
    const [gpl] = byRule('license/GPL-2.0-or-later');
    assert.equal(gpl.locations[0].physicalLocation.artifactLocation.uri, 'var/lib/dpkg/status');
    assert.equal(gpl.level, 'error');
    const raw = run.results.find((r: { properties: { purl?: string } }) => r.properties.purl?.startsWith('pkg:deb/debian/locales@'));
    assert.match(raw.ruleId, /^license\/text-[0-9a-f]{12}$/, 'raw licence text gets a short stable rule id');
  });

  it("passes the SARIF multitool, also with GitHub's rules", (t) => {
    if (!existsSync(MULTITOOL)) return t.skip('@microsoft/sarif-multitool not installed (npm ci installs it as a dev dependency)');
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'node-app-full.sarif');
    writeFileSync(file, text);
    for (const extra of [[], ['--rule-kind', 'Gh']]) {
      const log = join(OUT, `multitool-full${extra.length ? '-gh' : ''}.sarif`);
      const res = spawnSync(MULTITOOL, ['validate', file, '-o', log, '--log', 'ForceOverwrite', ...extra], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(res.status, 0, res.stdout + res.stderr);
      const results = JSON.parse(readFileSync(log, 'utf8')).runs[0].results ?? [];
      const problems = results.filter((r: { level?: string }) => r.level === 'error' || r.level === 'warning' || r.level === undefined);
      assert.deepEqual(problems.map((r: { ruleId: string; message: { text?: string; arguments?: string[] } }) => `${r.ruleId}: ${r.message.text ?? r.message.arguments?.join(' ') ?? ''}`), [], `multitool ${extra.join(' ')}`);
    }
  });
});
