import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NOW, nodeAppOutcome } from '../testdata/outcomes.js';
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
