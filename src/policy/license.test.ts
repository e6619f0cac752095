import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../inventory/model.js';
import { HullscanError } from '../errors.js';
import { openImage } from '../source/index.js';
import { analyzeImage } from '../analyze/run.js';
import { osAnalyzer } from '../analyze/os/os.js';
import { dpkgAnalyzer } from '../analyze/dpkg/dpkg.js';
import { npmAnalyzer } from '../analyze/npm/index.js';
import { normalizePackageLicenses } from '../analyze/license/packages.js';
import { licenseFindings, parseLicensePolicyFlags } from './license.js';

const pkg = (name: string, licenses: string[], type: Package['type'] = 'npm', licenseRaw?: string[]): Package => ({
  type, name, version: '1', purl: `pkg:${type}/${name}@1`, licenses, locations: [], ...(licenseRaw ? { licenseRaw } : {}),
});

// Licences as the corpus has them: node-app's npm packages, debian12-minbase's dpkg packages, multi-lang's PyPI/Maven packages.
const forge = pkg('node-forge', ['(BSD-3-Clause OR GPL-2.0)']);
const lodash = pkg('lodash', ['MIT']);
const perl = pkg('perl-base', ['GPL-1+ or Artistic, and Expat'], 'deb');
const libc = pkg('libc6', ['LGPL-2.1-or-later', 'GPL-2.0-or-later'], 'deb');
const tzdata = pkg('tzdata', ['public-domain'], 'deb');
const util = pkg('util-linux', ['BSLA'], 'deb');
const stdcxx = pkg('libstdc++6', ['GPL-3.0-or-later WITH GCC-exception-3.1'], 'deb');
const requests = pkg('requests', ['Apache 2.0'], 'pypi');
const log4j = pkg('log4j:log4j', ['http://www.apache.org/licenses/LICENSE-2.0.txt'], 'maven');

test('one finding per licence, severity by class, reason names the class', () => {
  const f = licenseFindings([forge, lodash, perl, libc, tzdata, util, stdcxx, requests, log4j], {});
  const rows = f.map((x) => [x.package.name, x.license, x.spdx, x.classification, x.severity]);
  assert.deepEqual(rows, [
    ['node-forge', 'BSD-3-Clause OR GPL-2.0-only', true, 'permissive', 'LOW'],
    ['lodash', 'MIT', true, 'permissive', 'LOW'],
    ['perl-base', '(GPL-1.0-or-later OR Artistic-1.0-Perl) AND MIT', true, 'permissive', 'LOW'],
    ['libc6', 'LGPL-2.1-or-later', true, 'weak-copyleft', 'MEDIUM'],
    ['libc6', 'GPL-2.0-or-later', true, 'strong-copyleft', 'HIGH'],
    ['tzdata', 'public-domain', false, 'public-domain', 'LOW'],
    ['util-linux', 'BSLA', false, 'unknown', 'UNKNOWN'],
    ['libstdc++6', 'GPL-3.0-or-later WITH GCC-exception-3.1', true, 'weak-copyleft', 'MEDIUM'],
    ['requests', 'Apache-2.0', true, 'permissive', 'LOW'],
    ['log4j:log4j', 'Apache-2.0', true, 'permissive', 'LOW'],
  ]);
  assert.equal(f[4]!.reason, 'strong-copyleft class');
  assert.equal(f[6]!.reason, "unknown class: 'BSLA' is not an SPDX expression");
  assert.equal(licenseFindings([pkg('agpl', ['AGPL-3.0-only'])], {})[0]!.severity, 'HIGH');
});

test('--license-deny: an id or a class the expression cannot avoid is CRITICAL', () => {
  const policy = parseLicensePolicyFlags(['GPL-2.0-only'], []);
  // node-forge lets the user take BSD-3-Clause: not denied.
  assert.equal(licenseFindings([forge], policy)[0]!.severity, 'LOW');
  const both = parseLicensePolicyFlags(['GPL-2.0-only,BSD-3-Clause'], []);
  const f = licenseFindings([forge], both)[0]!;
  assert.equal(f.severity, 'CRITICAL');
  assert.match(f.reason, /^denied by --license-deny (GPL-2.0-only|BSD-3-Clause)$/);
  // A class: libc6's GPL part is denied, its LGPL part is not; GPL with the GCC runtime exception is weak copyleft.
  const strong = parseLicensePolicyFlags(['strong-copyleft'], []);
  assert.deepEqual(licenseFindings([libc, stdcxx], strong).map((x) => x.severity), ['MEDIUM', 'CRITICAL', 'MEDIUM']);
  assert.equal(licenseFindings([libc], strong)[1]!.reason, 'denied by --license-deny strong-copyleft');
  // AND: perl's MIT part alone is enough to deny it.
  assert.equal(licenseFindings([perl], parseLicensePolicyFlags(['MIT'], []))[0]!.severity, 'CRITICAL');
  // An id without exception also denies that id with an exception.
  assert.equal(licenseFindings([stdcxx], parseLicensePolicyFlags(['GPL-3.0-or-later'], []))[0]!.severity, 'CRITICAL');
  assert.equal(licenseFindings([stdcxx], parseLicensePolicyFlags(['GPL-3.0-or-later WITH Classpath-exception-2.0'], []))[0]!.severity, 'MEDIUM');
});

test('--license-allow: an allowed choice of an OR, or every part of an AND, drops the finding', () => {
  assert.deepEqual(licenseFindings([forge, lodash], parseLicensePolicyFlags([], ['BSD-3-Clause'])).map((x) => x.package.name), ['lodash']);
  // perl needs MIT and one of GPL-1.0-or-later / Artistic-1.0-Perl.
  assert.equal(licenseFindings([perl], parseLicensePolicyFlags([], ['MIT'])).length, 1);
  assert.equal(licenseFindings([perl], parseLicensePolicyFlags([], ['mit', 'artistic-1.0-perl'])).length, 0);
  // Classes: allow permissive and public-domain: only copyleft and unknown remain.
  const remaining = licenseFindings([forge, lodash, perl, libc, tzdata, util, requests], parseLicensePolicyFlags([], ['permissive', 'public-domain']));
  assert.deepEqual(remaining.map((x) => x.license), ['LGPL-2.1-or-later', 'GPL-2.0-or-later', 'BSLA']);
  // Allow wins over deny for the same licence (the user accepted it).
  assert.equal(licenseFindings([lodash], parseLicensePolicyFlags(['MIT'], ['MIT'])).length, 0);
});

test('--license-severity sets a class severity; the reason says so', () => {
  const f = licenseFindings([libc, util], parseLicensePolicyFlags([], [], 'strong-copyleft=critical, unknown=HIGH'));
  assert.deepEqual(f.map((x) => x.severity), ['MEDIUM', 'CRITICAL', 'HIGH']);
  assert.equal(f[1]!.reason, 'strong-copyleft class (severity set by --license-severity)');
});

test('bad flags are usage errors naming the flag', () => {
  const usage = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof HullscanError && e.code === 'USAGE' && re.test(e.message));
  usage(() => parseLicensePolicyFlags(['GPLv9'], []), /^--license-deny: 'GPLv9' is not an SPDX licence id/);
  usage(() => parseLicensePolicyFlags([], ['BSD']), /^--license-allow: 'BSD' is not/);
  usage(() => parseLicensePolicyFlags([], ['GPL-2.0-only WITH no-such-exception']), /^--license-allow: /);
  usage(() => parseLicensePolicyFlags([','], []), /^--license-deny: empty licence list/);
  usage(() => parseLicensePolicyFlags([], [], 'copyleft=HIGH'), /^--license-severity: unknown licence class 'copyleft'/);
  usage(() => parseLicensePolicyFlags([], [], 'permissive=SEVERE'), /^--license-severity: unknown severity 'SEVERE'/);
  usage(() => parseLicensePolicyFlags([], [], 'permissive'), /^--license-severity: 'permissive' is not CLASS=SEVERITY/);
  // Ids in any case come out canonical; deprecated ids as their current form.
  assert.deepEqual(parseLicensePolicyFlags(['gpl-2.0', 'AGPL-3.0+', 'Network-Copyleft'], []), { deny: ['GPL-2.0-only', 'AGPL-3.0-or-later', 'network-copyleft'] });
  assert.deepEqual(parseLicensePolicyFlags([], []), {});
});

test('node-app through the walk: every npm and dpkg licence gets a finding; denying GPL-2.0-only keeps node-forge LOW', { timeout: 180_000 }, async () => {
  const [image] = await openImage('/work/shared/corpus/node-app.oci-zstd.tar');
  let packages: Package[];
  try {
    const a = await analyzeImage(image!, [osAnalyzer, dpkgAnalyzer, npmAnalyzer]);
    packages = a.facts.flatMap((f) => f.facts.packages ?? []);
  } finally { await image!.close(); }
  normalizePackageLicenses(packages);
  const all = licenseFindings(packages, {});
  assert.equal(all.length, packages.reduce((n, p) => n + p.licenses.length, 0));
  const npm = all.filter((f) => f.package.type === 'npm');
  assert.ok(npm.every((f) => f.spdx && f.classification === 'permissive'), JSON.stringify(npm.filter((f) => !f.spdx || f.classification !== 'permissive').map((f) => f.license)));
  const policy = parseLicensePolicyFlags(['GPL-2.0-only', 'strong-copyleft'], ['MIT', 'ISC']);
  const gated = licenseFindings(packages, policy);
  assert.equal(gated.find((f) => f.package.name === 'node-forge')!.severity, 'LOW');
  assert.ok(!gated.some((f) => f.license === 'MIT' || f.license === 'ISC'));
  const critical = gated.filter((f) => f.severity === 'CRITICAL');
  assert.ok(critical.some((f) => f.package.name === 'bash' && f.license === 'GPL-3.0-or-later'));
  assert.ok(critical.every((f) => f.package.type === 'deb' && /^denied by --license-deny (GPL-2.0-only|strong-copyleft)$/.test(f.reason)));
  // Debian's libc6 is LGPL (weak) for the library, GPL for the utilities: one finding each.
  assert.deepEqual(gated.filter((f) => f.package.name === 'libc6').map((f) => [f.license, f.severity]), [['LGPL-2.1-or-later', 'MEDIUM'], ['GPL-2.0-or-later', 'CRITICAL']]);
});
