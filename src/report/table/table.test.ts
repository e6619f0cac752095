import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
import { renderTableReport } from './table.js';

const ANSI = /\x1b\[[0-9;]*m/g;

describe('table report', () => {
  const outcome = nodeAppOutcome();

  it('one table per target: OS packages first, then npm; counts per severity', () => {
    const text = renderTableReport(outcome, { width: 160, now: NOW });
    const os = text.indexOf('debian 12 (OS packages)'), npm = text.indexOf('Node.js (npm)');
    assert.ok(os > 0 && npm > os, 'OS table before the npm table');
    const c = outcome.counts;
    assert.ok(text.includes(`unique vulnerabilities:\nTotal: ${Object.values(c).reduce((a, b) => a + b, 0)} (CRITICAL: ${c.CRITICAL}, HIGH: ${c.HIGH}, MEDIUM: ${c.MEDIUM}, LOW: ${c.LOW}, NEGLIGIBLE: 0, UNKNOWN: ${c.UNKNOWN})`));
    assert.match(text, /lodash\s+│ CVE-2021-23337\s+│ HIGH\s+│ 4\.17\.15\s+│ 4\.17\.21/);
    assert.match(text, /Fix plan\n  upgrade /);
    assert.match(text, /Suppressed: 1 by vex/);
    assert.doesNotMatch(text, ANSI, 'no colour unless asked');
  });

  it('respects the width: no line is wider than the terminal, narrow terminals drop the title column', () => {
    for (const width of [80, 100, 200]) {
      const text = renderTableReport(outcome, { width, now: NOW });
      const widest = Math.max(...text.split('\n').map((l) => [...l].length));
      assert.ok(widest <= width, `width ${width}: widest line ${widest}`);
    }
    assert.doesNotMatch(renderTableReport(outcome, { width: 80 }).split('\n').find((l) => l.startsWith('Package'))!, /Title/);
    assert.match(renderTableReport(outcome, { width: 200 }).split('\n').find((l) => l.startsWith('Package'))!, /Title/);
  });

  it('colours severities when asked, and the visible text is the same as without colour', () => {
    const plain = renderTableReport(outcome, { width: 120, now: NOW });
    const coloured = renderTableReport(outcome, { width: 120, color: true, now: NOW });
    assert.match(coloured, /\x1b\[1;31mCRITICAL/);
    assert.equal(coloured.replace(ANSI, ''), plain);
  });
});

describe('table report: secrets, misconfigurations and licences', () => {
  const full = nodeAppFullOutcome();
  const text = renderTableReport(full, { width: 160, now: NOW });

  it('sections after the vulnerabilities: secrets per file with the layer, its step and the deleted note', () => {
    const at = (s: string) => { const i = text.indexOf(s); assert.ok(i >= 0, `missing: ${s}`); return i; };
    assert.ok(at('Node.js (npm)') < at('\nSecrets\n') && at('\nSecrets\n') < at('Misconfigurations: image configuration') &&
      at('Misconfigurations: image configuration') < at('\nLicences\n') && at('\nLicences\n') < at('Fix plan'));
    assert.ok(text.includes('Secrets\nTotal: 5 (CRITICAL: 2, HIGH: 3, MEDIUM: 0, LOW: 0, NEGLIGIBLE: 0, UNKNOWN: 0)\n'));
    assert.ok(text.includes('/root/.aws/credentials, added by layer 4 of 5 (sha256:673d607d7164): COPY secrets/ / # buildkit\n  deleted in a later layer, still in layer 4 of 5 (sha256:673d607d7164)\n'));
    assert.match(text, /CRITICAL │ aws-secret-access-key │ AWS secret access key +│ 3 +│ aws_secret_access_key = \*\*\*\*\*/);
    assert.ok(text.includes('/app/config/id_rsa, added by layer 4 of 5 (sha256:673d607d7164): COPY secrets/ / # buildkit\nSeverity'), 'id_rsa is still in the image: no deleted note');
    assert.match(text, /image configuration \(env\)\n.*\n.*\nHIGH +│ generic-password │ Password in environment variable │ +│ DB_PASSWORD=\*\*\*\*\*/);
  });

  it('misconfigurations per target with id, severity, title, message and fix; licences grouped by class', () => {
    assert.match(text, /HS-DS-002 HIGH Image runs as root\n {2}no USER in the image configuration: the container runs as root \(uid 0\)\n {2}Fix: Create an unprivileged user/);
    assert.match(text, /Misconfigurations: Dockerfile\n.*\nHS-DS-011 LOW Base image not pinned by digest \(Dockerfile:1\)/);
    const classes = [...text.matchAll(/^(network-copyleft|strong-copyleft|weak-copyleft|unknown|public-domain|permissive) \((\d+)\)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(classes, ['strong-copyleft 1', 'weak-copyleft 2', 'unknown 1', 'permissive 80']);
    assert.match(text, /libc-devtools │ 2\.36-9\+deb12u14 │ HIGH +│ GPL-2\.0-or-later │ strong-copyleft class/);
    assert.match(text, /\(not SPDX\) GNU Lesser General Public License/);
    assert.match(text, /permissive \(80\)\n {2}MIT: 67, /);
    assert.match(text, /Policy: \d+ vulnerabilities, 5 secrets, 2 misconfigurations and 1 licence finding at or above HIGH: exit 1/);
  });

  it('stays within the width and colours the same text', () => {
    for (const width of [80, 100, 200]) {
      const widest = Math.max(...renderTableReport(full, { width, now: NOW }).split('\n').map((l) => [...l].length));
      assert.ok(widest <= width, `width ${width}: widest line ${widest}`);
    }
    assert.equal(renderTableReport(full, { width: 120, color: true, now: NOW }).replace(ANSI, ''), renderTableReport(full, { width: 120, now: NOW }));
  });

  it('a scanner that ran and found nothing says so; scanners that did not run show no section', () => {
    const r = full.results[0]!;
    const empty = { ...r, inventory: { ...r.inventory, secrets: [], misconfigurations: [] }, licenses: [] };
    const ran = renderTableReport({ ...full, results: [{ ...empty, scanners: ['vuln', 'secret'] }] }, { now: NOW });
    assert.match(ran, /Secrets\nTotal: 0 .*\nno secrets found/);
    assert.doesNotMatch(ran, /Misconfigurations|Licences/);
    assert.doesNotMatch(renderTableReport({ ...full, results: [{ ...empty, scanners: undefined }] }, { now: NOW }), /Secrets|Misconfigurations|Licences/);
  });
});
