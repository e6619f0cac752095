import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HullscanError } from '../errors.js';
import { nodeAppScan } from '../report/testdata/real-scan.js';
import { applyPolicy } from './apply.js';
import { loadIgnoreFile, parseIgnoreFile } from './ignore-file.js';
import { countBySeverity, uniqueVulnerabilities } from './unique.js';
import { parseVex } from './vex.js';

const scan = nodeAppScan();
const now = new Date('2026-11-24T12:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'hullscan-policy-'));

describe('applyPolicy on node-app (real osv/npm and Debian tracker data)', () => {
  it('keeps everything and exits 0 by default; UNKNOWN findings are counted, not dropped', () => {
    const out = applyPolicy([scan], { now });
    assert.equal(out.results[0]!.findings.length, scan.findings.length);
    assert.equal(out.exitCode, 0);
    assert.ok(out.counts.UNKNOWN > 0, 'Debian changelog findings carry no severity');
    assert.deepEqual(out.counts, countBySeverity(scan.findings));
  });

  it('counts unique vulnerabilities: a CVE in curl and libcurl4 counts once', () => {
    const glibc = scan.findings.filter((f) => f.package.source?.name === 'curl');
    const ids = new Set(glibc.map((f) => f.id));
    assert.ok(glibc.length > ids.size);
    assert.equal(uniqueVulnerabilities(glibc).length, ids.size);
  });

  it('--fail-on high fails on the real criticals/highs and --exit-code sets the code', () => {
    const out = applyPolicy([scan], { now, failOn: 'HIGH', exitCode: 3 });
    assert.equal(out.exitCode, 3);
    const expected = new Set(uniqueVulnerabilities(scan.findings.filter((f) => f.severity === 'CRITICAL' || f.severity === 'HIGH')).map((v) => v.id));
    assert.deepEqual(new Set(out.failing), expected);
    assert.ok(out.failing.includes('CVE-2021-23337'), 'lodash 4.17.15 command injection (HIGH)');
  });

  it('--severity filters, and gating with --exit-code alone trips on what remains', () => {
    const out = applyPolicy([scan], { now, severities: ['CRITICAL'], exitCode: 1 });
    assert.ok(out.results[0]!.findings.every((f) => f.severity === 'CRITICAL'));
    assert.ok(out.results[0]!.findings.length > 0);
    assert.equal(out.exitCode, 1);
    assert.equal(out.counts.HIGH, 0);
    assert.equal(applyPolicy([scan], { now, severities: ['NEGLIGIBLE'], exitCode: 1 }).exitCode, 0);
  });

  it('--pkg-types and --ignore-unfixed', () => {
    const os = applyPolicy([scan], { now, pkgTypes: ['os'] });
    assert.ok(os.results[0]!.findings.every((f) => f.package.type === 'deb'));
    const lib = applyPolicy([scan], { now, pkgTypes: ['library'] });
    assert.equal(os.results[0]!.findings.length + lib.results[0]!.findings.length, scan.findings.length);
    // every finding in this data has a fix; an open (unfixed) tracker status is dropped
    const open = { ...scan.findings[0]!, status: 'unfixed' as const, fixedVersion: undefined };
    const fixed = applyPolicy([{ ...scan, findings: [...scan.findings, open] }], { now, ignoreUnfixed: true });
    assert.equal(fixed.results[0]!.findings.length, scan.findings.length);
    assert.deepEqual(fixed.suppressed.map((s) => [s.kind, s.finding]), [['unfixed', open]]);
  });

  it('an ignore file covering every HIGH+ finding passes the gate; an expired entry does not', () => {
    const high = uniqueVulnerabilities(scan.findings.filter((f) => f.severity === 'CRITICAL' || f.severity === 'HIGH'));
    const file = join(tmp, '.hullscanignore');
    writeFileSync(file, 'ignore:\n' + high.map((v) => `  - id: ${v.id}\n    reason: accepted for the test\n    expires: 2027-01-31\n`).join(''));
    const ok = applyPolicy([scan], { now, failOn: 'HIGH', ignore: loadIgnoreFile(file) });
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.suppressed.filter((s) => s.kind === 'ignore').length, scan.findings.filter((f) => f.severity === 'CRITICAL' || f.severity === 'HIGH').length);
    const expiredText = 'ignore:\n' + high.map((v, i) => `  - id: ${v.id}\n    reason: r\n    expires: ${i === 0 ? '2026-11-23' : '2027-01-31'}\n`).join('');
    const expired = applyPolicy([scan], { now, failOn: 'HIGH', ignore: parseIgnoreFile(expiredText, 'x.yaml') });
    assert.equal(expired.exitCode, 1);
    assert.deepEqual(expired.failing, [high[0]!.id]);
    assert.equal(expired.expiredIgnores.length, 1);
    assert.equal(expired.expiredIgnores[0]!.expires, '2026-11-23');
    // the expiry day itself still applies
    assert.equal(applyPolicy([scan], { now: new Date('2026-11-23T23:59:59Z'), failOn: 'HIGH', ignore: parseIgnoreFile(expiredText, 'x.yaml') }).exitCode, 0);
  });

  it('ignore entries match aliases, package names, purls and path globs', () => {
    const lodash = scan.findings.find((f) => f.id === 'CVE-2021-23337')!;
    const ignore = (text: string) => applyPolicy([scan], { now, ignore: parseIgnoreFile(text, 'x') }).suppressed.map((s) => s.finding);
    assert.deepEqual(ignore('- id: GHSA-35jh-r3h4-6jhm'), [lodash]);
    assert.deepEqual(ignore('- id: CVE-2021-23337\n  package: pkg:npm/lodash'), [lodash]);
    assert.deepEqual(ignore('- id: CVE-2021-23337\n  package: express'), []);
    assert.deepEqual(ignore('- id: CVE-2021-23337\n  path: /app/node_modules/*/package.json'), [lodash]);
    assert.deepEqual(ignore('- id: CVE-2021-23337\n  path: /app/node_modules/lodash'), [lodash]);
    assert.deepEqual(ignore('- id: CVE-2021-23337\n  path: /usr/**'), []);
  });

  it('bad ignore files are typed errors naming the file', () => {
    for (const text of ['ignore: 3', '- reason: no id', '- id: X\n  expires: next week', 'a: [']) {
      assert.throws(() => parseIgnoreFile(text, 'bad.yaml'), (e) => e instanceof HullscanError && e.code === 'INPUT' && e.message.startsWith('bad.yaml: '));
    }
    assert.throws(() => loadIgnoreFile(join(tmp, 'missing')), (e) => e instanceof HullscanError && e.code === 'NOT_FOUND');
  });
});

describe('VEX', () => {
  const minimist = scan.findings.find((f) => f.package.name === 'minimist' && f.package.version === '1.2.0')!;

  it('an OpenVEX not_affected statement suppresses one finding (purl without qualifiers, matched by alias)', () => {
    const vex = parseVex({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.org/vex/1', author: 't', timestamp: '2026-11-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: minimist.aliases.find((a) => a.startsWith('GHSA'))! }, products: [{ '@id': 'pkg:oci/node-app', subcomponents: [{ '@id': 'pkg:npm/minimist@1.2.0' }] }],
        status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    }, 'a.openvex.json');
    const out = applyPolicy([scan], { now, vex });
    assert.equal(out.suppressed.length, scan.findings.filter((f) => f.id === minimist.id && f.package.purl === 'pkg:npm/minimist@1.2.0').length);
    assert.equal(out.suppressed[0]!.kind, 'vex');
    assert.match(out.suppressed[0]!.reason, /not_affected \(vulnerable_code_not_in_execute_path\)/);
  });

  it('a newer affected statement overrides an older not_affected one', () => {
    const st = (status: string, timestamp: string) => ({ vulnerability: minimist.id, products: ['pkg:npm/minimist'], status, timestamp });
    const vex = parseVex({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [st('not_affected', '2026-01-01T00:00:00Z'), st('affected', '2026-02-01T00:00:00Z')] }, 'v.json');
    assert.equal(applyPolicy([scan], { now, vex }).suppressed.length, 0);
  });

  it('CycloneDX VEX resolves affects refs through components; a Debian purl with other qualifiers matches', () => {
    const deb = scan.findings.find((f) => f.package.name === 'libssl3')!;
    const vex = parseVex({
      bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
      components: [{ type: 'library', name: 'libssl3', 'bom-ref': 'ssl', purl: `pkg:deb/debian/libssl3@${encodeURIComponent(deb.package.version)}?arch=amd64` }],
      vulnerabilities: [{ id: deb.id, analysis: { state: 'resolved' }, affects: [{ ref: 'ssl' }] }],
    }, 'c.cdx.json');
    const out = applyPolicy([scan], { now, vex });
    assert.deepEqual(out.suppressed.map((s) => `${s.finding.id} ${s.finding.package.name}`), [`${deb.id} libssl3`]);
    assert.match(out.suppressed[0]!.reason, /VEX fixed/);
  });

  it('the real Ubuntu OpenVEX sample parses', async () => {
    const { loadVexFile } = await import('./vex.js');
    const { readdirSync } = await import('node:fs');
    const dir = '/work/shared/vulndata/ubuntu-vex';
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const statements = files.flatMap((f) => loadVexFile(join(dir, f)));
    assert.deepEqual(new Set(statements.map((s) => s.status)), new Set(['affected', 'fixed', 'not_affected']));
    assert.ok(statements.every((s) => s.products.every((p) => p.startsWith('pkg:deb/ubuntu/'))));
  });

  it('malformed VEX is a typed error', () => {
    for (const doc of [[], { foo: 1 }, { '@context': 'https://openvex.dev/ns/v0.2.0' }, { '@context': 'https://openvex.dev/ns', statements: [{ vulnerability: 'X', status: 'maybe' }] }]) {
      assert.throws(() => parseVex(doc, 'v.json'), (e) => e instanceof HullscanError && e.code === 'INPUT' && e.message.startsWith('v.json: '));
    }
  });
});
