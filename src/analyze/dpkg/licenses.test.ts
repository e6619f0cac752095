import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyrightLicenses, debianLicenseToSpdx } from './licenses.js';

// Inputs are License: values found in the copyright files of the corpus's Debian 12 base layer.
test('DEP-5 short names become SPDX expressions when there is an exact equivalent', () => {
  const cases: [string, string][] = [
    ['GPL-2+', 'GPL-2.0-or-later'],
    ['GPL-2', 'GPL-2.0-only'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later'],
    ['LGPL-3+ or GPL-2+', 'LGPL-3.0-or-later OR GPL-2.0-or-later'],
    ['BSD-3-clause', 'BSD-3-Clause'],
    ['BSD-4-clause-UC', 'BSD-4-Clause-UC'],
    ['Expat', 'MIT'],
    ['Apache-2', 'Apache-2.0'],
    ['GPL-3+ with Bison exception', 'GPL-3.0-or-later WITH Bison-exception-2.2'],
    ['GPL-3+ with Bison-2.2 exception', 'GPL-3.0-or-later WITH Bison-exception-2.2'],
    ['GPL-3+ with Autoconf exception', 'GPL-3.0-or-later WITH Autoconf-exception-3.0'],
    ['GPL-2+ with Texinfo exception', 'GPL-2.0-or-later WITH Texinfo-exception'],
    ['GPL-2 with Linux-syscall-note exception', 'GPL-2.0-only WITH Linux-syscall-note'],
    // DEP-5's "Artistic" is the Perl licence text (/usr/share/common-licenses/Artistic).
    ['GPL-1+ or Artistic, and Expat', '(GPL-1.0-or-later OR Artistic-1.0-Perl) AND MIT'],
    ['Artistic or GPL-1+ or Artistic-dist', 'Artistic-1.0-Perl OR GPL-1.0-or-later OR Artistic-dist'],
    ['BSD-3-clause and/or GPL-3+', 'BSD-3-Clause OR GPL-3.0-or-later'],
    ['MPL-1.1 or GPL-2+ or LGPL-2.1+', 'MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later'],
    ['GPL-3+ and ISC', 'GPL-3.0-or-later AND ISC'],
    ['GPL-2+ or Artistic-2, and Expat', '(GPL-2.0-or-later OR Artistic-2.0) AND MIT'],
    ['GFDL-NIV-1.3+', 'GFDL-1.3-no-invariants-or-later'],
    ['GFDL-1.3+-no-invariant', 'GFDL-1.3-no-invariants-or-later'],
    ['BSL-1', 'BSL-1.0'],
    ['MIT', 'MIT'],
    ['CC0-1.0', 'CC0-1.0'],
  ];
  for (const [deb, spdx] of cases) assert.equal(debianLicenseToSpdx(deb), spdx, deb);
});

test('names without an exact SPDX equivalent stay as Debian wrote them', () => {
  for (const deb of ['public-domain', 'GPL', 'LGPL', 'permissive', 'GPL or MIT-US-export', 'BSLA', 'MIT/X11', 'MIT-like',
    'BSD-variant', 'GPL-3+ with Autoconf-data exception', 'GPL-3+-WITH-BISON-EXCEPTION', 'GAP', 'Unicode']) {
    assert.equal(debianLicenseToSpdx(deb), deb);
  }
});

test('DEP-5: the header and Files: * licences first, then other Files paragraphs; stand-alone License paragraphs are texts', () => {
  // The shape of apt's copyright file.
  const apt = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: apt',
    '',
    'Files: methods/rsh.cc',
    'Copyright: 2000 Ben Collins <bcollins@debian.org>',
    'License: GPL-2',
    '',
    'Files: *',
    'Copyright: 1997-1999 Jason Gunthorpe and others',
    'License: GPL-2+',
    '',
    'Files: apt-pkg/contrib/sha2_internal.cc',
    'License: BSD-3-clause',
    '',
    'License: GPL-2+',
    ' This program is free software; you can redistribute it and/or modify it',
    '',
    'License: Zlib',
    ' unused text',
  ].join('\n');
  assert.deepEqual(copyrightLicenses(apt), [
    { license: 'GPL-2.0-or-later', raw: 'GPL-2+' },
    { license: 'GPL-2.0-only', raw: 'GPL-2' },
    { license: 'BSD-3-Clause', raw: 'BSD-3-clause' },
  ]);
});

// Excerpts of the free-form copyright files of debian12-minbase (libc6, libcrypt1, gcc-12-base, libselinux1, libgcrypt20).
test('free-form copyright files: FSF grants with version and "or later", common-licenses references, GCC exception', () => {
  const libc6 = `* Most of the GNU C library is under the following copyright:

    The GNU C Library is free software; you can redistribute it and/or
    modify it under the terms of the GNU Lesser General Public
    License as published by the Free Software Foundation; either
    version 2.1 of the License, or (at your option) any later version.

    You should have received a copy of the GNU Lesser General Public
    License along with the GNU C Library; if not, write to the Free
    Software Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA

  On Debian systems, the complete text of the GNU Library
  General Public License can be found in \`/usr/share/common-licenses/LGPL-2.1'.

* The utilities associated with GNU C library is under the following
  copyright:

    This program is free software; you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published
    by the Free Software Foundation; version 2 of the License, or
    (at your option) any later version.

  On Debian systems, the complete text of the GNU Library
  General Public License can be found in \`/usr/share/common-licenses/GPL-2'.
`;
  assert.deepEqual(copyrightLicenses(libc6).map((l) => l.license), ['LGPL-2.1-or-later', 'GPL-2.0-or-later']);

  const libcrypt1 = `The overall license for libxcrypt is the GNU Lesser General Public
License, version 2.1 (or, at your option, any later version); see
the file COPYING.LIB for the full terms of this license.`;
  assert.deepEqual(copyrightLicenses(libcrypt1), [{
    license: 'LGPL-2.1-or-later',
    raw: 'GNU Lesser General Public License, version 2.1 (or, at your option, any later version); see the file COPYING.LIB for the full terms of this license',
  }]);

  const gcc = `On Debian GNU/Linux systems, the complete text of the GNU General
Public License is in \`/usr/share/common-licenses/GPL', version 3 of this
license in \`/usr/share/common-licenses/GPL-3'.

The following runtime libraries are licensed under the terms of the
GNU General Public License (v3 or later) with version 3.1 of the GCC
Runtime Library Exception (included in this file):

This GCC Runtime Library Exception ("Exception") is an additional
permission under section 7 of the GNU General Public License, version
3 ("GPLv3").`;
  // The "complete text ... is in" sentence and the exception's own "section 7 of the GPL, version 3" are not grants.
  assert.deepEqual(copyrightLicenses(gcc).map((l) => l.license), ['GPL-3.0-or-later WITH GCC-exception-3.1']);

  // A reference alone names the text: the version without "or later"; an unversioned one names only the family.
  assert.deepEqual(copyrightLicenses('see /usr/share/common-licenses/GPL-2 and /usr/share/common-licenses/Artistic.').map((l) => l.license), ['GPL-2.0-only', 'Artistic-1.0-Perl']);
  assert.deepEqual(copyrightLicenses('is in `/usr/share/common-licenses/LGPL\'.'), [{ license: 'LGPL', raw: '/usr/share/common-licenses/LGPL' }]);
});

test('free-form public domain: the package itself, not a condition quoted inside another licence', () => {
  const selinux = 'This library (libselinux) is public domain software, i.e. not copyrighted.';
  assert.deepEqual(copyrightLicenses(selinux).map((l) => l.license), ['public-domain']);
  const gcrypt = 'or (b) the source code is in the public domain, including code released for public use through a CC0 waiver.';
  assert.ok(!copyrightLicenses(gcrypt).some((l) => l.license === 'public-domain'));
});

test('a free-form file with no recognised licence: its first statement about licence or permission, as written; none when there is none', () => {
  const text = 'This is the Debian GNU/Linux prepackaged version of foo.\n\nIt is distributed under an odd licence: see\nthe source.\n';
  assert.deepEqual(copyrightLicenses(text), [{ license: 'It is distributed under an odd licence: see the source.', raw: 'It is distributed under an odd licence: see the source.' }]);
  assert.deepEqual(copyrightLicenses('This is the Debian GNU/Linux prepackaged version of foo.\n'), []);
});

test('a hostile copyright file (512 KB, the read cap) naming 10,000 licences gives a bounded list, fast', () => {
  const names = Array.from({ length: 10_000 }, (_, i) => `Files: f${i}\nLicense: Custom-${i}-licence or GPL-${i % 3 + 1}+\n`);
  const text = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n${names.join('\n')}`;
  const start = Date.now();
  const found = copyrightLicenses(text);
  assert.equal(found.length, 256);
  assert.ok(Date.now() - start < 5000, `${Date.now() - start} ms`);
});

test('the Format-Specification: header of early DEP-5 drafts', () => {
  const old = 'Format-Specification: http://svn.debian.org/wsvn/dep/web/deps/dep5.mdwn?op=file&rev=135\n\nFiles: *\nLicense: BSD-3-clause\n';
  assert.deepEqual(copyrightLicenses(old), [{ license: 'BSD-3-Clause', raw: 'BSD-3-clause' }]);
});
