import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { HullscanError } from '../errors.js';
import { REPORT_FORMATS } from '../report/index.js';
import { addReportOptions, parseOutputTarget, parseReportOptions, type RawReportOptions } from './options.js';

function parse(args: string[]) {
  const cmd = addReportOptions(new Command('image').argument('<image>').exitOverride(), REPORT_FORMATS);
  cmd.parse(['x.tar', ...args], { from: 'user' });
  return parseReportOptions(cmd.opts<RawReportOptions>(), REPORT_FORMATS);
}

const usage = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e) => e instanceof HullscanError && e.code === 'USAGE' && re.test(e.message));

describe('report options', () => {
  it('defaults: table on stdout, no gating', () => {
    const f = parse([]);
    assert.deepEqual(f.outputs, [{ format: 'table', path: undefined }]);
    assert.equal(f.policy.exitCode, undefined);
    assert.deepEqual(f.policy.pkgTypes, ['os', 'library']);
    assert.equal(f.summary, false);
  });

  it('parses every flag, several outputs and several VEX files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullscan-opts-'));
    writeFileSync(join(dir, 'ignore.yaml'), '- id: CVE-2021-23337\n  reason: r\n');
    const vex = JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: 'CVE-2021-23337', products: ['pkg:npm/lodash'], status: 'fixed' }] });
    writeFileSync(join(dir, 'a.json'), vex);
    writeFileSync(join(dir, 'b.json'), vex);
    const f = parse(['--severity', 'critical,HIGH', '--exit-code', '3', '--fail-on', 'moderate', '--ignore-unfixed', '--pkg-types', 'library',
      '--ignore-file', join(dir, 'ignore.yaml'), '--vex', join(dir, 'a.json'), '--vex', join(dir, 'b.json'),
      '--format', 'json', '--output', `sarif=${join(dir, 'out.sarif')}`, '--output', 'html=report.html', '--summary']);
    assert.deepEqual(f.policy.severities, ['CRITICAL', 'HIGH']);
    assert.equal(f.policy.exitCode, 3);
    assert.equal(f.policy.failOn, 'MEDIUM');
    assert.equal(f.policy.ignoreUnfixed, true);
    assert.deepEqual(f.policy.pkgTypes, ['library']);
    assert.equal(f.policy.ignore!.length, 1);
    assert.equal(f.policy.vex!.length, 2);
    assert.deepEqual(f.outputs.map((o) => o.format), ['json', 'sarif', 'html']);
    assert.equal(f.outputs[2]!.path, 'report.html');
    assert.equal(f.summary, true);
  });

  it('bad values are usage errors naming the flag', () => {
    usage(() => parse(['--severity', 'severe']), /^--severity: unknown severity 'severe'/);
    usage(() => parse(['--exit-code', 'one']), /^--exit-code: /);
    usage(() => parse(['--exit-code', '256']), /^--exit-code: /);
    usage(() => parse(['--pkg-types', 'os,apps']), /^--pkg-types: unknown package kind 'apps'/);
    usage(() => parse(['--format', 'pdf']), /^--format: unknown format 'pdf'/);
    usage(() => parseOutputTarget('sarif=', REPORT_FORMATS), /empty path/);
    assert.deepEqual(parseOutputTarget('SARIF=a=b.sarif', REPORT_FORMATS), { format: 'sarif', path: 'a=b.sarif' });
  });
});
