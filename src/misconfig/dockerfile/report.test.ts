import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorsOf, sarifValidator } from '../../report/testdata/validators.js';
import { failingFindings, filterSeverities, renderConfigJson, renderConfigSarif, renderConfigTable } from './report.js';
import { scanDockerfile, type DockerfileResult } from './scan.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BAD = 'src/misconfig/dockerfile/testdata/bad.Dockerfile';
const MULTITOOL = join(ROOT, 'node_modules', '.bin', 'sarif-multitool');

function results(): DockerfileResult[] {
  return [
    scanDockerfile(join(ROOT, BAD), BAD),
    { path: 'broken/Dockerfile', findings: [], warnings: [], error: 'broken/Dockerfile: line 3: unknown instruction \'FROOM\'' },
  ];
}

test('SARIF: valid 2.1.0, one rule per id used, results at the Dockerfile lines with a relative URI', () => {
  const doc = renderConfigSarif(results(), { root: ROOT }) as any;
  const validate = sarifValidator();
  assert.ok(validate(doc), errorsOf(validate));
  const run = doc.runs[0];
  const bad = results()[0]!;
  assert.equal(run.results.length, bad.findings.length);
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id).sort(), [...new Set(bad.findings.map((f) => f.id))].sort());
  const apt = run.results.find((r: { ruleId: string }) => r.ruleId === 'HS-DS-009');
  assert.deepEqual(apt.locations[0].physicalLocation, { artifactLocation: { uri: BAD, uriBaseId: '%SRCROOT%' }, region: { startLine: 6, endLine: 7 } });
  assert.equal(run.tool.driver.rules[apt.ruleIndex].id, 'HS-DS-009');
  assert.equal(apt.level, 'note');
  const secret = run.results.find((r: { ruleId: string }) => r.ruleId === 'HS-DS-007');
  assert.equal(secret.level, 'error');
  assert.equal(run.tool.driver.rules[secret.ruleIndex].properties['security-severity'], '9.5');
  assert.doesNotMatch(JSON.stringify(doc), /hunter2/, 'the secret value is in no output');
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /unknown instruction/);
  const fps = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['hullscanConfig/v1']);
  assert.equal(new Set(fps).size, fps.length, 'fingerprints are unique');
});

test("SARIF: passes Microsoft's SARIF multitool, also with GitHub's ingestion rules", async (t) => {
  if (!existsSync(MULTITOOL)) return t.skip('@microsoft/sarif-multitool not installed (npm ci installs it as a dev dependency)');
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-config-sarif-'));
  try {
    const file = join(dir, 'config.sarif');
    writeFileSync(file, JSON.stringify(renderConfigSarif(results(), { root: ROOT }), null, 2));
    // Both validations at once: the multitool's start-up dominates.
    await Promise.all([[], ['--rule-kind', 'Gh']].map(async (extra) => {
      const log = join(dir, `validate${extra.length ? '-gh' : ''}.sarif`);
      const res = await run(MULTITOOL, ['validate', file, '-o', log, '--log', 'ForceOverwrite', ...extra]);
      assert.equal(res.status, 0, res.output);
      const found = (JSON.parse(readFileSync(log, 'utf8')).runs[0].results ?? []) as { level?: string; ruleId: string; message: { text?: string } }[];
      assert.deepEqual(found.filter((r) => r.level !== 'note').map((r) => `${r.ruleId}: ${r.message.text ?? ''}`), [], `multitool ${extra.join(' ')}`);
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function run(cmd: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: 120_000 }, (_err, stdout, stderr) => resolve({ status: child.exitCode, output: stdout + stderr }));
  });
}

test('JSON: documented fields, counts per severity, unparsable files with their error', () => {
  const doc = JSON.parse(renderConfigJson(results()));
  assert.equal(doc.schemaVersion, 1);
  assert.equal(doc.summary.files, 2);
  assert.equal(doc.summary.findings, 15);
  assert.deepEqual(doc.summary.bySeverity, { CRITICAL: 2, HIGH: 2, MEDIUM: 5, LOW: 6, NEGLIGIBLE: 0, UNKNOWN: 0 });
  const f = doc.files[0].findings.find((x: { id: string }) => x.id === 'HS-DS-006');
  assert.deepEqual(f.location, { path: BAD, startLine: 11, endLine: 11 });
  assert.equal(f.title, 'Port 22 (SSH) exposed');
  assert.ok(f.resolution && f.description);
  assert.match(doc.files[1].error, /unknown instruction/);
});

test('table: per file, line range, severity, id, title, message and fix; no colour codes unless asked', () => {
  const text = renderConfigTable(results());
  assert.match(text, /^src\/misconfig\/dockerfile\/testdata\/bad\.Dockerfile\n=+\nMisconfigurations: 15 \(CRITICAL: 2, HIGH: 2, MEDIUM: 5, LOW: 6\)/);
  assert.match(text, /\n 6-7  LOW       HS-DS-009  apt-get install without '--no-install-recommends'\n\s+apt-get install curl build-essential sudo without --no-install-recommends\n\s+Fix: Use 'apt-get install -y --no-install-recommends \.\.\.'\./);
  assert.match(text, /broken\/Dockerfile\n=+\nnot checked: .*unknown instruction/);
  assert.doesNotMatch(text, /\x1b\[/);
  assert.match(renderConfigTable(results(), { color: true }), /\x1b\[1;31mCRITICAL/);
});

test('severity filter and the failing threshold', () => {
  const r = results();
  assert.deepEqual([...new Set(filterSeverities(r, ['CRITICAL']).flatMap((x) => x.findings.map((f) => f.id)))], ['HS-DS-007']);
  assert.equal(failingFindings(r).length, 15);
  assert.equal(failingFindings(r, 'HIGH').length, 4);
  assert.equal(failingFindings(filterSeverities(r, ['LOW']), 'MEDIUM').length, 0);
});
