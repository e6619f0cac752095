// Issue 6's measurements through the real pipeline, sharing one DB built from ../shared/vulndata
// (osv/npm, osv/go, osv/pypi, KEV) and one layer cache:
// - gating: the CLI's exit code with --exit-code 1 and a severity threshold, both ways: without an ignore
//   file (1), with one covering every finding at that level (0), with one expired entry (1), and a VEX
//   document that suppresses exactly one finding; the same run's reports validate against their schemas;
// - multi-lang (Go, PyPI) gating through the library;
// - `hullscan compare node-app multi-lang`: counts equal the difference of the two single scans.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../match/model.js';
import { scanImage } from '../scan.js';
import { buildDb } from '../vulndb/index.js';
import { applyPolicy, otherFindings } from './apply.js';
import { SEVERITY_LEVELS } from './severity.js';
import { cyclonedxValidator, errorsOf, gitlabValidator, jsonReportValidator, sarifValidator, spdxValidator } from '../report/testdata/validators.js';
import { uniqueVulnerabilities } from './unique.js';

const CORPUS = '/work/shared/corpus';
const VULNDATA = '/work/shared/vulndata';
const ROOT = new URL('../../', import.meta.url).pathname;
const NODE_APP = join(CORPUS, 'node-app.oci-zstd.tar');
const MULTI_LANG = join(CORPUS, 'multi-lang.docker.tar');
const NOW = new Date();
const HIGH_UP = (s: string) => s === 'CRITICAL' || s === 'HIGH';

let tmp: string;
let nodeApp: ScanResult;
let multiLang: ScanResult;
let npmDb: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'hullscan-e2e-'));
  npmDb = join(tmp, 'db.sqlite');
  if (!existsSync(NODE_APP) || !existsSync(MULTI_LANG)) return;
  await buildDb({ from: [join(VULNDATA, 'osv/npm'), join(VULNDATA, 'osv/go'), join(VULNDATA, 'osv/pypi'), join(VULNDATA, 'kev')], out: npmDb });
  [nodeApp] = (await scanImage(NODE_APP, { dbPath: npmDb, cacheDir: join(tmp, 'cache') })) as [ScanResult];
  [multiLang] = (await scanImage(MULTI_LANG, { dbPath: npmDb, cacheDir: join(tmp, 'cache') })) as [ScanResult];
}, { timeout: 600_000 });
after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const isoDay = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * 86400_000).toISOString().slice(0, 10);

const CORPUS_MISSING = !(existsSync(NODE_APP) && existsSync(MULTI_LANG)) && 'corpus missing';

describe('gating end to end: node-app with osv/npm', { skip: CORPUS_MISSING }, () => {
  const base = () => ['image', NODE_APP, '--db', npmDb, '--cache-dir', join(tmp, 'cache'), '--exit-code', '1', '--severity', 'CRITICAL,HIGH'];

  it('has findings at HIGH and above, so --exit-code 1 --severity CRITICAL,HIGH exits 1', () => {
    const high = nodeApp.findings.filter((f) => HIGH_UP(f.severity));
    assert.ok(high.length > 0);
    const r = cli([...base(), '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.summary.failing, uniqueVulnerabilities(high).map((v) => v.id));
  });

  it('an ignore file covering every finding at that level makes it exit 0; one expired entry makes it exit 1 again', () => {
    const high = uniqueVulnerabilities(nodeApp.findings.filter((f) => HIGH_UP(f.severity)));
    // Secrets, misconfigurations and licences the scanners report also gate: cover those at that level too.
    const others = otherFindings([nodeApp]).filter((o) => HIGH_UP(o.finding.severity)).map((o) =>
      o.kind === 'secret' ? `  - id: ${o.finding.rule}\n    path: '${o.finding.path}'\n` : o.kind === 'license' ? `  - id: '${o.finding.license}'\n    package: '${o.finding.package.purl}'\n` : `  - id: ${o.finding.id}\n`);
    const entries = (expiredFirst: boolean) => 'ignore:\n' + high.map((v, i) =>
      `  - id: ${v.id}\n    reason: accepted in the gating test\n    expires: ${expiredFirst && i === 0 ? isoDay(-2) : isoDay(30)}\n`).join('') + others.join('');
    const ok = join(tmp, 'ok.hullscanignore');
    writeFileSync(ok, entries(false));
    const r0 = cli([...base(), '--ignore-file', ok, '--format', 'json']);
    assert.equal(r0.status, 0, r0.stderr);
    assert.equal(JSON.parse(r0.stdout).summary.failing.length, 0);

    const expired = join(tmp, 'expired.hullscanignore');
    writeFileSync(expired, entries(true));
    const r1 = cli([...base(), '--ignore-file', expired, '--format', 'json']);
    assert.equal(r1.status, 1, r1.stderr);
    const doc = JSON.parse(r1.stdout);
    assert.deepEqual(doc.summary.failing, [high[0]!.id]);
    assert.deepEqual(doc.expiredIgnores.map((e: { id: string }) => e.id), [high[0]!.id]);
    assert.match(r1.stderr, /expired/);
  });

  it('a VEX document suppresses exactly one finding (and the library path agrees with the CLI)', () => {
    const target = nodeApp.findings.find((f) => f.package.name === 'minimist' && f.package.version === '1.2.0' && f.severity === 'CRITICAL')!;
    assert.ok(target, 'minimist 1.2.0 has a critical prototype pollution advisory');
    const vexFile = join(tmp, 'minimist.openvex.json');
    writeFileSync(vexFile, JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.org/vex/gating', author: 'hullscan tests', timestamp: NOW.toISOString(), version: 1,
      statements: [{ vulnerability: { name: target.aliases.find((a) => a.startsWith('GHSA-')) ?? target.id }, products: [{ '@id': 'pkg:npm/minimist@1.2.0' }],
        status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    }));
    const out = (f: string) => join(tmp, `node-app.${f}`);
    const formats = ['sarif', 'cyclonedx', 'spdx', 'gitlab', 'html', 'csv', 'junit', 'markdown'];
    const r = cli(['image', NODE_APP, '--db', npmDb, '--cache-dir', join(tmp, 'cache'), '--vex', vexFile, '--format', 'json',
      ...formats.flatMap((f) => ['--output', `${f}=${out(f)}`])]);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.suppressed.length, 1);
    assert.equal(doc.suppressed[0].kind, 'vex');
    assert.equal(doc.suppressed[0].purl, target.package.purl);
    assert.equal(doc.results[0].findings.length, nodeApp.findings.length - 1);

    // The same run's other reports, from real pipeline data, validate against their schemas.
    const read = (f: string) => JSON.parse(readFileSync(out(f), 'utf8'));
    for (const [name, validate, f] of [['own JSON', jsonReportValidator(), null], ['SARIF', sarifValidator(), 'sarif'], ['CycloneDX', cyclonedxValidator(), 'cyclonedx'],
      ['SPDX', spdxValidator(), 'spdx'], ['GitLab', gitlabValidator(), 'gitlab']] as const) {
      assert.ok(validate(f ? read(f) : doc), `${name}: ${errorsOf(validate)}`);
    }
    const cdx = read('cyclonedx');
    assert.ok(cdx.vulnerabilities.some((v: { id: string; analysis: { state: string } }) => v.id === target.id && v.analysis.state === 'not_affected'));
    for (const f of ['html', 'csv', 'junit', 'markdown']) assert.ok(readFileSync(out(f), 'utf8').length > 100, f);
  });
});

describe('gating end to end: multi-lang with osv/go and osv/pypi', { skip: CORPUS_MISSING }, () => {
  it('fails at HIGH, passes with every HIGH+ vulnerability ignored, and counts UNKNOWN findings instead of dropping them', () => {
    const result = multiLang;
    const high = uniqueVulnerabilities(result.findings.filter((f) => HIGH_UP(f.severity)));
    assert.ok(high.length > 0, 'multi-lang has HIGH+ findings');
    assert.equal(applyPolicy([result], { failOn: 'HIGH' }).exitCode, 1);
    const ignore = high.map((v) => ({ id: v.id, reason: 'test', expires: isoDay(30), file: 'inline' }));
    assert.equal(applyPolicy([result], { failOn: 'HIGH', ignore }).exitCode, 0);
    const all = applyPolicy([result], {});
    const total = Object.values(all.counts).reduce((a, b) => a + b, 0);
    assert.equal(total, uniqueVulnerabilities(result.findings).length, 'every unique vulnerability is counted, UNKNOWN included');
    assert.equal(all.counts.UNKNOWN, uniqueVulnerabilities(result.findings).filter((v) => v.severity === 'UNKNOWN').length);
  });
});

describe('hullscan compare node-app multi-lang', { skip: CORPUS_MISSING }, () => {
  it('side counts are the single scans’ counts, B − A = added − removed, and --fail-on-new critical gates on new criticals', () => {
    const r = cli(['compare', NODE_APP, MULTI_LANG, '--db', npmDb, '--cache-dir', join(tmp, 'cache'), '--format', 'json', '--fail-on-new', 'critical']);
    const doc = JSON.parse(r.stdout);
    const ca = applyPolicy([nodeApp]).counts, cb = applyPolicy([multiLang]).counts;
    assert.deepEqual(doc.a.counts, ca);
    assert.deepEqual(doc.b.counts, cb);
    for (const s of SEVERITY_LEVELS) {
      assert.equal(doc.delta[s], cb[s] - ca[s]);
      const added = doc.vulnerabilities.added.filter((v: { severity: string }) => v.severity === s).length;
      const removed = doc.vulnerabilities.removed.filter((v: { severity: string }) => v.severity === s).length;
      assert.equal(doc.delta[s], added - removed, s);
    }
    assert.ok(doc.vulnerabilities.removed.length > 0 && doc.vulnerabilities.added.length > 0, 'npm findings go, Go/PyPI findings come');
    assert.ok(doc.packages.unchanged >= 88, 'the shared Debian base');
    const newCritical = doc.vulnerabilities.added.some((v: { severity: string }) => v.severity === 'CRITICAL');
    assert.equal(r.status, newCritical ? 1 : 0, r.stderr);
  });
});
