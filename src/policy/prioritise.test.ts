import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Finding } from '../match/model.js';
import { scan } from '../report/testdata/outcomes.js';
import { prioritise } from './prioritise.js';

describe('priority order', () => {
  it('KEV first, then fixable criticals, then severity, EPSS, id', () => {
    const findings = scan().findings;
    // CVE-2023-4911 (glibc "Looney Tunables") is in the real KEV catalogue; Debian 12.0 shipped libc6 2.36-9, fixed in 2.36-9+deb12u3.
    const kev = JSON.parse(readFileSync('/work/shared/vulndata/kev/known_exploited_vulnerabilities.json', 'utf8'))
      .vulnerabilities.find((v: { cveID: string }) => v.cveID === 'CVE-2023-4911');
    const base = findings.find((f) => f.package.type === 'deb')!;
    const looney: Finding = {
      ...base, id: 'CVE-2023-4911', severity: 'HIGH', installedVersion: '2.36-9', fixedVersion: '2.36-9+deb12u3',
      package: { ...base.package, name: 'libc6', version: '2.36-9', source: { name: 'glibc', version: '2.36-9' }, purl: 'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12' },
      kev: { dateAdded: kev.dateAdded, dueDate: kev.dueDate, knownRansomware: kev.knownRansomwareCampaignUse === 'Known' },
    };
    const criticals = findings.filter((f) => f.severity === 'CRITICAL');
    const unfixedCritical: Finding = { ...criticals[0]!, status: 'affected', fixedVersion: undefined, id: 'CVE-0000-0000' };
    const withEpss = findings.filter((f) => f.severity === 'HIGH').slice(0, 2).map((f, i) => ({ ...f, epss: { score: i === 0 ? 0.01 : 0.9, percentile: 0.5 } }));
    const order = prioritise([...findings.slice(0, 20), unfixedCritical, ...withEpss, looney, ...criticals]);
    assert.equal(order[0]!.id, 'CVE-2023-4911');
    const firstNonFixableCritical = order.findIndex((f) => f === unfixedCritical);
    assert.ok(order.slice(1, firstNonFixableCritical).every((f) => f.severity === 'CRITICAL' && f.fixedVersion));
    const e = order.filter((f) => withEpss.includes(f as never));
    assert.deepEqual(e.map((f) => f.epss!.score), [0.9, 0.01], 'higher EPSS first within a severity');
  });
});
