import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debianLicenseToSpdx } from './licenses.js';

// Inputs are License: values found in the copyright files of the corpus's Debian 12 base layer.
test('DEP-5 short names become SPDX expressions when there is an exact equivalent', () => {
  const cases: [string, string][] = [
    ['GPL-2+', 'GPL-2.0-or-later'],
    ['GPL-2', 'GPL-2.0-only'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later'],
    ['LGPL-3+ or GPL-2+', 'LGPL-3.0-or-later OR GPL-2.0-or-later'],
    ['BSD-3-clause', 'BSD-3-Clause'],
    ['Expat', 'MIT'],
    ['Apache-2', 'Apache-2.0'],
    ['GPL-3+ with Bison exception', 'GPL-3.0-or-later WITH Bison-exception-2.2'],
    ['GPL-3+ with Autoconf exception', 'GPL-3.0-or-later WITH Autoconf-exception-3.0'],
    ['GPL-2 with Linux-syscall-note exception', 'GPL-2.0-only WITH Linux-syscall-note'],
    ['GPL-1+ or Artistic, and Expat', 'GPL-1.0-or-later OR Artistic-1.0, and Expat'],
    ['BSD-3-clause and/or GPL-3+', 'BSD-3-Clause OR GPL-3.0-or-later'],
    ['MPL-1.1 or GPL-2+ or LGPL-2.1+', 'MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later'],
    ['GPL-3+ and ISC', 'GPL-3.0-or-later AND ISC'],
    ['GPL-2+ or Artistic-2, and Expat', '(GPL-2.0-or-later OR Artistic-2.0) AND MIT'],
    ['MIT', 'MIT'],
    ['CC0-1.0', 'CC0-1.0'],
  ];
  for (const [deb, spdx] of cases) {
    const got = debianLicenseToSpdx(deb);
    // "Artistic" alone has no exact SPDX equivalent: the whole value stays Debian's.
    if (spdx.includes(', and')) assert.equal(got, deb, deb);
    else assert.equal(got, spdx, deb);
  }
});

test('names without an exact SPDX equivalent stay as Debian wrote them', () => {
  for (const deb of ['public-domain', 'GPL', 'LGPL', 'BSD-4-clause-UC', 'GPL-2+ with Texinfo exception', 'permissive', 'GPL or MIT-US-export', 'Artistic']) {
    assert.equal(debianLicenseToSpdx(deb), deb);
  }
});
