import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HullscanError } from '../errors.js';
import { nodeAppFullScan } from '../report/testdata/other-findings.js';
import { nodeAppScan } from '../report/testdata/real-scan.js';
import { severityRank } from './severity.js';
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

describe('applyPolicy over secrets, misconfigurations and licences (node-app as issue 8 scanners report it)', () => {
  const full = nodeAppFullScan();
  const sev = (o: { severity: string }) => o.severity;
  const noVulns = { ...full, findings: [] };

  it('keeps everything by default; counts per kind, vulnerabilities counted exactly as before', () => {
    const out = applyPolicy([full], { now });
    assert.equal(out.exitCode, 0);
    assert.deepEqual(out.counts, applyPolicy([scan], { now }).counts);
    assert.deepEqual(out.countsByKind.vulnerability, out.counts);
    assert.equal(out.countsByKind.secret.CRITICAL, 2, 'the AWS key id and secret key');
    assert.equal(out.countsByKind.secret.HIGH, 3, 'the private key, DB_PASSWORD in env and in history');
    assert.equal(Object.values(out.countsByKind.misconfiguration).reduce((a, b) => a + b, 0), full.inventory.misconfigurations.length);
    assert.equal(Object.values(out.countsByKind.license).reduce((a, b) => a + b, 0), full.licenses!.length);
    assert.equal(out.countsByKind.license.HIGH, 1, 'libc-devtools GPL-2.0-or-later');
  });

  it('orders each kind most severe first', () => {
    const r = applyPolicy([full], { now }).results[0]!;
    for (const list of [r.inventory.secrets, r.inventory.misconfigurations, r.licenses!]) {
      const ranks = list.map((x) => severityRank(sev(x) as never));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a));
    }
  });

  it('--fail-on high fails on a HIGH misconfiguration or a CRITICAL secret even with no vulnerability', () => {
    const out = applyPolicy([noVulns], { now, failOn: 'HIGH' });
    assert.equal(out.exitCode, 1);
    assert.deepEqual(out.failing, []);
    assert.deepEqual(out.failingOther.secret, [
      'aws-access-key-id at /root/.aws/credentials:2', 'aws-secret-access-key at /root/.aws/credentials:3',
      'generic-password at config:env', 'generic-password at config:history:4', 'private-key at /app/config/id_rsa:1']);
    assert.deepEqual(out.failingOther.misconfiguration, ['HS-DS-007 at image config', 'HS-DS-002 at image config']);
    assert.deepEqual(out.failingOther.license, ['GPL-2.0-or-later at libc-devtools@2.36-9+deb12u14']);
    // Only the root-user misconfiguration: HIGH fails, CRITICAL passes.
    const rootOnly = { ...noVulns, inventory: { ...noVulns.inventory, secrets: [], misconfigurations: noVulns.inventory.misconfigurations.filter((m) => m.id === 'HS-DS-002') }, licenses: [] };
    assert.equal(applyPolicy([rootOnly], { now, failOn: 'HIGH', exitCode: 4 }).exitCode, 4);
    assert.equal(applyPolicy([rootOnly], { now, failOn: 'CRITICAL' }).exitCode, 0);
    // --exit-code alone trips on any remaining finding of any kind, a LOW licence included.
    const lowLicence = { ...rootOnly, inventory: { ...rootOnly.inventory, misconfigurations: [] }, licenses: full.licenses!.filter((l) => l.severity === 'LOW').slice(0, 1) };
    assert.equal(applyPolicy([lowLicence], { now, exitCode: 1 }).exitCode, 1);
    assert.equal(applyPolicy([lowLicence], { now, exitCode: 1, failOn: 'MEDIUM' }).exitCode, 0);
  });

  it('--severity applies to every kind, and says what it removed', () => {
    const out = applyPolicy([full], { now, severities: ['CRITICAL'] });
    const r = out.results[0]!;
    assert.ok([...r.findings, ...r.inventory.secrets, ...r.inventory.misconfigurations, ...r.licenses!].every((x) => x.severity === 'CRITICAL'));
    assert.equal(r.inventory.secrets.length, 2);
    assert.deepEqual(r.inventory.misconfigurations.map((m) => m.id), ['HS-DS-007']);
    assert.equal(r.licenses!.length, 0);
    const removed = full.inventory.secrets.length - 2 + full.inventory.misconfigurations.length - 1 + full.licenses!.length;
    assert.equal(out.suppressedOther.length, removed);
    assert.ok(out.suppressedOther.every((s) => s.kind === 'severity' && /not selected/.test(s.reason)));
  });

  it('ignore entries name a misconfiguration id, a secret rule (optionally with a path) or a licence', () => {
    const ignored = (text: string) => applyPolicy([noVulns], { now, ignore: parseIgnoreFile(text, 'x') }).suppressedOther.map((s) => `${s.item.kind} ${s.kind}`);
    assert.deepEqual(ignored('- id: HS-DS-002'), ['misconfiguration ignore']);
    assert.deepEqual(ignored('- id: HS-DS-011\n  path: Dockerfile'), ['misconfiguration ignore']);
    assert.deepEqual(ignored('- id: HS-DS-002\n  path: Dockerfile'), [], 'a path never covers an image-config misconfiguration');
    assert.deepEqual(ignored('- id: aws-access-key-id'), ['secret ignore']);
    assert.deepEqual(ignored('- id: generic-password\n  path: config:*'), ['secret ignore', 'secret ignore']);
    assert.deepEqual(ignored('- id: generic-password\n  path: config:env'), ['secret ignore']);
    assert.deepEqual(ignored('- id: private-key\n  path: /app/**'), ['secret ignore']);
    assert.deepEqual(ignored('- id: private-key\n  path: /root/**'), []);
    assert.deepEqual(ignored('- id: private-key\n  package: openssl'), [], 'secrets belong to no package');
    assert.deepEqual(ignored('- id: gpl-2.0-or-later'), ['license ignore']);
    assert.deepEqual(ignored('- id: GPL-2.0-or-later\n  package: libc6'), []);
    assert.deepEqual(ignored('- id: GPL-2.0-only'), [], 'a licence inside an expression is not the expression');
    assert.deepEqual(ignored('- id: BSD-3-Clause OR GPL-2.0-only\n  package: pkg:npm/node-forge'), ['license ignore'], 'the whole expression, narrowed by purl');
    assert.deepEqual(ignored('- id: BSD-3-Clause OR GPL-2.0-only\n  package: express'), []);
    const mit = full.licenses!.filter((l) => l.license === 'MIT').length;
    assert.equal(ignored('- id: MIT\n  path: /app/node_modules/**').length, mit);
    // the same ignore file gates: with every HIGH+ secret, misconfiguration and licence ignored, --fail-on high passes
    const all = 'ignore:\n' + ['aws-access-key-id', 'aws-secret-access-key', 'private-key', 'generic-password', 'HS-DS-002', 'HS-DS-007', 'GPL-2.0-or-later']
      .map((id) => `  - id: ${id}\n    reason: accepted\n`).join('');
    assert.equal(applyPolicy([noVulns], { now, failOn: 'HIGH', ignore: parseIgnoreFile(all, 'x') }).exitCode, 0);
    const expired = all + '  - id: HS-DS-006\n    expires: 2026-01-01\n';
    const out = applyPolicy([noVulns], { now, failOn: 'MEDIUM', ignore: parseIgnoreFile(expired, 'x') });
    assert.equal(out.expiredIgnores.length, 1);
    assert.ok(out.failingOther.misconfiguration.includes('HS-DS-006 at image config'), 'an expired entry no longer covers the misconfiguration');
  });

  it('--pkg-types applies to licence findings (they are about packages)', () => {
    const lib = applyPolicy([full], { now, pkgTypes: ['library'] }).results[0]!;
    assert.ok(lib.licenses!.length > 0 && lib.licenses!.every((l) => l.package.type === 'npm'));
    assert.equal(lib.inventory.secrets.length, full.inventory.secrets.length, 'secrets are not packages');
  });
});
