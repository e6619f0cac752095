// `hullscan config` end to end, through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorsOf, sarifValidator } from '../../report/testdata/validators.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BAD = 'src/misconfig/dockerfile/testdata/bad.Dockerfile';
const GOOD = 'src/misconfig/dockerfile/testdata/good.Dockerfile';

function hullscan(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'config', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('config FILE: table with line numbers, severity, id, title, message and fix; exit 0 without gating flags', () => {
  const r = hullscan(BAD);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^src\/misconfig\/dockerfile\/testdata\/bad\.Dockerfile\n/);
  assert.match(r.stdout, /\n\s*11  MEDIUM    HS-DS-006  Port 22 \(SSH\) exposed\n\s+EXPOSE 22 opens the SSH port 22\n\s+Fix: Remove 'EXPOSE 22'/);
  assert.match(r.stdout, /\n 3-4  CRITICAL  HS-DS-007  Secret in ENV or ARG\n/);
  assert.doesNotMatch(r.stdout, /hunter2/);
});

test('config --format json --severity CRITICAL,HIGH --fail-on high: only those severities, exit 1', () => {
  const r = hullscan(BAD, '--format', 'json', '--severity', 'CRITICAL,HIGH', '--fail-on', 'high');
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.files[0].findings.map((f: { id: string; location: { startLine: number } }) => `${f.id}@${f.location.startLine}`),
    ['HS-DS-002@1', 'HS-DS-007@3', 'HS-DS-007@5', 'HS-DS-008@8']);
  assert.equal(doc.summary.findings, 4);
});

test('config --format sarif -o FILE --exit-code 3: valid SARIF with regions, exit 3; a clean file exits 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-config-cli-'));
  try {
    const out = join(dir, 'out.sarif');
    const r = hullscan(BAD, '--format', 'sarif', '-o', out, '--exit-code', '3');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, '');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const validate = sarifValidator();
    assert.ok(validate(doc), errorsOf(validate));
    const region = doc.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'HS-DS-010').locations[0].physicalLocation.region;
    assert.deepEqual(region, { startLine: 6, endLine: 7 });
    const clean = hullscan(GOOD, '--exit-code', '3');
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /No misconfigurations found\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config DIR: every Dockerfile found; one that cannot be parsed is a one-line warning and the rest is checked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-config-cli-'));
  try {
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, 'api', 'Dockerfile'), 'FROM node:latest\n');
    writeFileSync(join(dir, 'worker.Dockerfile'), 'FROM alpine:3.20\nRUN <<EOF\nnever closed\n');
    const r = hullscan(dir, '--format', 'json', '--fail-on', 'medium');
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.files.length, 2);
    assert.ok(doc.files[0].findings.some((f: { id: string }) => f.id === 'HS-DS-001'));
    assert.match(r.stderr, /^hullscan: warning: not checked: .*worker\.Dockerfile: line 2: unterminated heredoc '<<EOF'/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config: bad input and bad flags are one line on stderr with exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-config-cli-'));
  try {
    const bin = join(dir, 'Dockerfile');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    for (const [args, message] of [
      [[bin], /^hullscan: error: .*Dockerfile: line 1: binary data \(NUL byte\): not a Dockerfile$/],
      [[join(dir, 'missing')], /^hullscan: error: .*missing: no such file or directory$/],
      [[BAD, '--format', 'xml'], /^hullscan: error: --format: unknown format 'xml'/],
      [[BAD, '--fail-on', 'urgent'], /^hullscan: error: --fail-on: unknown severity 'urgent'/],
      [[BAD, '--exit-code', 'x'], /^hullscan: error: --exit-code: 'x' is not an exit code/],
    ] as [string[], RegExp][]) {
      const r = hullscan(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
