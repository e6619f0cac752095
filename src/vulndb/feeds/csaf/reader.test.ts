import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advisoriesOf, readAll } from '../files.js';
import { csafReader, parseNevra, rhelNamespace } from './reader.js';

// Real Red Hat VEX excerpts (quay/claircore test data), see testdata/README.md.
const dir = new URL('./testdata/', import.meta.url).pathname;

test('fixed: a binary RPM of a layered product on RHEL 9 with its fixed EVR, impact and CVSS', async () => {
  const f = join(dir, 'cve-2024-24786-fixed.json');
  assert.equal(await csafReader.detect(f), true);
  const [a] = advisoriesOf(await readAll(csafReader, f));
  assert.equal(a!.id, 'CVE-2024-24786');
  assert.equal(a!.source, 'redhat-csaf');
  assert.deepEqual(a!.affected, [{
    ecosystem: 'rhel:9', package: 'cri-tools', status: 'fixed', channel: 'openshift', binary: true, fixedVersion: '1.29.0-3.1.el9',
    severity: { source: 'redhat', type: 'vendor', raw: 'Moderate', level: 'MEDIUM' },
  }]);
  assert.ok(a!.severities.some((s) => s.type === 'CVSS_V3' && s.score === 5.9 && s.vector === 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H'));
  assert.ok(a!.references.includes('https://bugzilla.redhat.com/show_bug.cgi?id=2268046'));
});

test('known_affected with no remediation: unfixed, inside its module stream', async () => {
  const [a] = advisoriesOf(await readAll(csafReader, join(dir, 'cve-2024-24786-module-affected.json')));
  assert.deepEqual(a!.affected, [{
    ecosystem: 'rhel:8', package: 'go-toolset', status: 'unfixed', module: 'go-toolset:rhel8',
    severity: { source: 'redhat', type: 'vendor', raw: 'Moderate', level: 'MEDIUM' },
  }]);
  assert.deepEqual(a!.cwes, ['CWE-835']);
  assert.match(a!.summary ?? '', /^golang-protobuf/);
});

test('remediation categories: no_fix_planned → will-not-fix / end-of-life, known_not_affected → not-affected', async () => {
  const doc = JSON.parse(readFileSync(join(dir, 'cve-2024-24786-module-affected.json'), 'utf8'));
  const v = doc.vulnerabilities[0];
  const pid = 'red_hat_enterprise_linux_8:go-toolset:rhel8/go-toolset';
  const tmp = mkdtempSync(join(tmpdir(), 'hullscan-csaf-'));
  const statusWith = async (patch: (v: any) => void) => {
    const copy = JSON.parse(JSON.stringify(doc));
    patch(copy.vulnerabilities[0]);
    const f = join(tmp, 'x.json');
    writeFileSync(f, JSON.stringify(copy));
    return advisoriesOf(await readAll(csafReader, f))[0]!.affected[0]!.status;
  };
  assert.ok(v);
  assert.equal(await statusWith((x) => { x.remediations = [{ category: 'no_fix_planned', details: 'Will not fix', product_ids: [pid] }]; }), 'will-not-fix');
  assert.equal(await statusWith((x) => { x.remediations = [{ category: 'no_fix_planned', details: 'Out of support scope', product_ids: [pid] }]; }), 'end-of-life');
  assert.equal(await statusWith((x) => { x.remediations = [{ category: 'none_available', details: 'Affected', product_ids: [pid] }]; }), 'unfixed');
  assert.equal(await statusWith((x) => { x.product_status = { known_not_affected: [pid] }; }), 'not-affected');
});

test('an EUS stream fix is kept apart from the main stream', async () => {
  const doc = JSON.parse(readFileSync(join(dir, 'cve-2024-24786-fixed.json'), 'utf8'));
  const tree = doc.product_tree;
  tree.branches[1].product.product_id = 'AppStream-9.2.0.Z.MAIN.EUS';
  tree.branches[1].product.product_identification_helper.cpe = 'cpe:/a:redhat:enterprise_linux:9::appstream';
  tree.relationships[0].relates_to_product_reference = 'AppStream-9.2.0.Z.MAIN.EUS';
  tree.relationships[0].full_product_name.product_id = 'AppStream-9.2.0.Z.MAIN.EUS:cri-tools-0:1.29.0-3.1.el9.aarch64';
  doc.vulnerabilities[0].product_status.fixed = ['AppStream-9.2.0.Z.MAIN.EUS:cri-tools-0:1.29.0-3.1.el9.aarch64'];
  const f = join(mkdtempSync(join(tmpdir(), 'hullscan-csaf-')), 'eus.json');
  writeFileSync(f, JSON.stringify(doc));
  const e = advisoriesOf(await readAll(csafReader, f))[0]!.affected[0]!;
  assert.deepEqual([e.ecosystem, e.channel, e.fixedVersion], ['rhel:9', 'eus', '1.29.0-3.1.el9']);
});

test('CPE → RHEL namespace, NEVRA parsing', () => {
  assert.deepEqual(rhelNamespace('cpe:/o:redhat:enterprise_linux:9::baseos'), { ecosystem: 'rhel:9' });
  assert.deepEqual(rhelNamespace('cpe:/a:redhat:rhel_eus:9.0::appstream'), { ecosystem: 'rhel:9', channel: 'eus' });
  assert.equal(rhelNamespace('cpe:/a:redhat:jboss_core_services:1'), undefined);
  assert.deepEqual(parseNevra('curl-0:7.76.1-26.el9_3.2.src'), { name: 'curl', evr: '7.76.1-26.el9_3.2', arch: 'src' });
  assert.deepEqual(parseNevra('java-17-openjdk-1:17.0.9.0.9-2.el9.x86_64'), { name: 'java-17-openjdk', evr: '1:17.0.9.0.9-2.el9', arch: 'x86_64' });
});
