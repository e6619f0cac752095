import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { classifyLicense } from './classify.js';
import { classOfId, tableIds } from './classes.js';

const require = createRequire(import.meta.url);

test('the class table names only ids and exceptions that SPDX defines', () => {
  const known = new Set([...require('spdx-license-ids') as string[], ...require('spdx-license-ids/deprecated.json') as string[], ...require('spdx-exceptions') as string[]]);
  assert.deepEqual(tableIds().filter((id) => !known.has(id)), []);
});

test('single ids by class', () => {
  const cases: [string, string][] = [
    ['MIT', 'permissive'], ['BSD-3-Clause', 'permissive'], ['BSD-4-Clause-UC', 'permissive'], ['Apache-2.0', 'permissive'],
    ['ISC', 'permissive'], ['Zlib', 'permissive'], ['Artistic-1.0-Perl', 'permissive'], ['FSFULLR', 'permissive'],
    ['CC0-1.0', 'public-domain'], ['Unlicense', 'public-domain'],
    ['LGPL-2.1-or-later', 'weak-copyleft'], ['MPL-2.0', 'weak-copyleft'], ['EPL-2.0', 'weak-copyleft'], ['CDDL-1.0', 'weak-copyleft'],
    ['GFDL-1.3-no-invariants-or-later', 'weak-copyleft'],
    ['GPL-2.0-only', 'strong-copyleft'], ['GPL-3.0-or-later', 'strong-copyleft'], ['Sleepycat', 'strong-copyleft'],
    ['AGPL-3.0-only', 'network-copyleft'], ['SSPL-1.0', 'network-copyleft'], ['OSL-3.0', 'network-copyleft'],
    ['LicenseRef-proprietary', 'unknown'], ['CC-BY-NC-4.0', 'unknown'],
  ];
  for (const [id, cls] of cases) assert.equal(classifyLicense(id), cls, id);
  assert.equal(classOfId('Apache-2.0+'), 'permissive');
});

test('OR takes the least restrictive choice, AND the most restrictive part', () => {
  assert.equal(classifyLicense('BSD-3-Clause OR GPL-2.0-only'), 'permissive'); // node-forge
  assert.equal(classifyLicense('MIT OR CC0-1.0'), 'public-domain');
  assert.equal(classifyLicense('LGPL-3.0-or-later OR GPL-2.0-or-later'), 'weak-copyleft'); // nettle, gmp
  assert.equal(classifyLicense('GPL-3.0-or-later AND ISC'), 'strong-copyleft');
  assert.equal(classifyLicense('(GPL-1.0-or-later OR Artistic-1.0-Perl) AND MIT'), 'permissive'); // perl
  assert.equal(classifyLicense('Sleepycat AND BSD-3-Clause'), 'strong-copyleft'); // libdb5.3
  assert.equal(classifyLicense('MIT AND AGPL-3.0-only'), 'network-copyleft');
  // An unknown part hides a permissive one (it could be anything) but not a copyleft one.
  assert.equal(classifyLicense('MIT AND LicenseRef-x'), 'unknown');
  assert.equal(classifyLicense('GPL-2.0-only AND LicenseRef-x'), 'strong-copyleft');
  assert.equal(classifyLicense('LicenseRef-x OR MIT'), 'permissive');
});

test('WITH: a linking exception lowers a GPL to weak copyleft; other exceptions keep its class', () => {
  assert.equal(classifyLicense('GPL-3.0-or-later WITH GCC-exception-3.1'), 'weak-copyleft'); // libgcc-s1, libstdc++6
  assert.equal(classifyLicense('GPL-2.0-only WITH Classpath-exception-2.0'), 'weak-copyleft');
  assert.equal(classifyLicense('GPL-2.0-only WITH Linux-syscall-note'), 'weak-copyleft'); // libsystemd0
  assert.equal(classifyLicense('GPL-3.0-or-later WITH Bison-exception-2.2'), 'weak-copyleft'); // bash
  assert.equal(classifyLicense('GPL-2.0-or-later WITH openvpn-openssl-exception'), 'strong-copyleft');
  assert.equal(classifyLicense('Apache-2.0 WITH LLVM-exception'), 'permissive');
  assert.equal(classifyLicense('AGPL-3.0-only WITH Classpath-exception-2.0'), 'network-copyleft');
});

test('raw names: certain families are classified, anything else is unknown', () => {
  // Debian names from debian12-minbase and trove classifiers with no exact SPDX id.
  assert.equal(classifyLicense('public-domain'), 'public-domain');
  assert.equal(classifyLicense('PD'), 'public-domain');
  assert.equal(classifyLicense('GPL'), 'strong-copyleft');
  assert.equal(classifyLicense('LGPL'), 'weak-copyleft');
  assert.equal(classifyLicense('BSD-tcp_wrappers'), 'permissive');
  assert.equal(classifyLicense('BSD License'), 'permissive');
  assert.equal(classifyLicense('Apache Software License'), 'permissive');
  assert.equal(classifyLicense('MIT/X11'), 'permissive');
  assert.equal(classifyLicense('permissive-fsf'), 'permissive');
  assert.equal(classifyLicense('BSD-3-clause or GPL'), 'permissive'); // libpam: the user may take BSD
  assert.equal(classifyLicense('GPL-3+ with Autoconf-data exception'), 'strong-copyleft'); // unknown exception: GPL stays
  for (const raw of ['BSLA', 'MIT-like', 'probably-PD', 'Unicode', 'GAP', 'none', 'BSD-4-clause-UC and MIT-like', 'Other/Proprietary License']) {
    assert.equal(classifyLicense(raw), 'unknown', raw);
  }
});
