import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { scan } from '../testdata/outcomes.js';
import { describeAction, fixPlan, highestVersion } from './fix-plan.js';

describe('fix plan (real node-app findings)', () => {
  const plan = fixPlan(scan().findings);

  it('per package: the smallest version that fixes all its findings (the highest fixed version, in the ecosystem order)', () => {
    const lodash = plan.find((a) => a.name === 'lodash')!;
    // lodash 4.17.15: fixes at 4.17.16, 4.17.19, 4.17.21 and 4.18.0 (CVE-2026-2950): all need 4.18.0
    assert.equal(lodash.targetVersion, '4.18.0');
    assert.equal(lodash.fixed.length, scan().findings.filter((f) => f.package.name === 'lodash').length);
    const ws = plan.find((a) => a.name === 'ws')!;
    assert.equal(ws.targetVersion, '7.5.11', 'the 7.x branch fix, not the 8.x one');
  });

  it('groups OS binary packages by source, and says the distro has the fix', () => {
    const openssl = plan.find((a) => a.kind === 'os' && a.name === 'openssl')!;
    assert.deepEqual(openssl.packages.map((p) => p.name), ['libssl-dev', 'libssl3', 'openssl']);
    assert.equal(openssl.distroFix, 'available');
    // deb ordering: 3.0.22-1~deb12u2 > 3.0.22-1~deb12u1 > 3.0.20-1~deb12u2
    assert.equal(openssl.targetVersion, '3.0.22-1~deb12u2');
    assert.match(describeAction(openssl), /^upgrade openssl \(libssl-dev, libssl3, openssl\) from 3\.0\.19-1~deb12u2 to 3\.0\.22-1~deb12u2: fixes \d+ \(\d+ unknown\) \[fix in the distro\]$/);
  });

  it('orders actions by what they remove: criticals first', () => {
    assert.ok(plan[0]!.counts.CRITICAL > 0);
    for (let i = 1; i < plan.length; i++) assert.ok(plan[i - 1]!.counts.CRITICAL >= plan[i]!.counts.CRITICAL);
    assert.match(describeAction(plan.find((a) => a.name === 'handlebars')!), /^upgrade handlebars from 4\.7\.7 to 4\.7\.9: fixes 8 \(1 critical, 4 high, 2 medium, 1 low\)$/);
  });

  it('a package with an unfixed finding says so; versions it cannot order are not guessed', () => {
    const f = scan().findings.find((x) => x.package.name === 'curl')!;
    const [a] = fixPlan([{ ...f, status: 'unfixed', fixedVersion: undefined }]);
    assert.equal(a!.targetVersion, undefined);
    assert.equal(a!.distroFix, 'none');
    assert.match(describeAction(a!), /no fix available for 1 finding\(s\) \(not fixed in the distro yet\)/);
    assert.equal(highestVersion('binary', ['1.2', '1.10']), undefined);
    assert.equal(highestVersion('binary', ['1.2', '1.2']), '1.2');
  });
});
