import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLicense } from './normalize.js';
import { isValidSpdx } from './spdx.js';

const expr = (raw: string, debian = false) => normalizeLicense(raw, { debian }).expression;

test('npm package.json licences of node-app (v1 and v2 lockfiles): SPDX, deprecated ids made current', () => {
  // The distinct `license` values of the 216 + 76 packages in the corpus's node-app lockfiles.
  assert.equal(expr('MIT'), 'MIT');
  assert.equal(expr('ISC'), 'ISC');
  assert.equal(expr('BSD-2-Clause'), 'BSD-2-Clause');
  assert.equal(expr('Apache-2.0'), 'Apache-2.0');
  assert.equal(expr('CC0-1.0'), 'CC0-1.0');
  assert.equal(expr('CC-BY-4.0'), 'CC-BY-4.0');
  // node-forge: GPL-2.0 is the deprecated id of GPL-2.0-only; the outer parentheses are not needed.
  assert.equal(expr('(BSD-3-Clause OR GPL-2.0)'), 'BSD-3-Clause OR GPL-2.0-only');
  assert.equal(expr('(MIT OR CC0-1.0)'), 'MIT OR CC0-1.0');
  // "MIT/X11" (an old eslint dependency) names two texts: no exact id.
  assert.equal(expr('MIT/X11'), undefined);
});

test('multi-lang Python metadata: License field and trove classifiers', () => {
  // requests 2.28.1, urllib3 1.26.12, Jinja2 3.1.2 PKG-INFO.
  assert.equal(expr('Apache 2.0'), 'Apache-2.0');
  assert.equal(expr('MIT'), 'MIT');
  assert.equal(expr('BSD-3-Clause'), 'BSD-3-Clause');
  assert.equal(expr('License :: OSI Approved :: MIT License'), 'MIT');
  assert.equal(expr('MIT License'), 'MIT'); // the python analyzer keeps the classifier's last segment
  // "Apache Software License" and "BSD License" name families, not one licence: never guessed.
  assert.equal(expr('License :: OSI Approved :: Apache Software License'), undefined);
  assert.equal(expr('BSD License'), undefined);
  assert.equal(expr('GNU General Public License v2 or later (GPLv2+)'), 'GPL-2.0-or-later');
  assert.equal(expr('GNU Lesser General Public License v3 (LGPLv3)'), 'LGPL-3.0-only');
  assert.equal(expr('ISC License (ISCL)'), 'ISC');
  assert.equal(expr('Mozilla Public License 2.0 (MPL 2.0)'), 'MPL-2.0');
  assert.equal(expr('Python Software Foundation License'), undefined);
});

test('multi-lang Maven manifests: Bundle-License URLs', () => {
  // log4j 1.2.17 and snakeyaml 1.33 MANIFEST.MF.
  assert.equal(expr('http://www.apache.org/licenses/LICENSE-2.0.txt'), 'Apache-2.0');
  assert.equal(expr('https://www.apache.org/licenses/LICENSE-2.0'), 'Apache-2.0');
  assert.equal(expr('https://opensource.org/licenses/MIT'), 'MIT');
  assert.equal(expr('https://www.eclipse.org/legal/epl-v10.html'), 'EPL-1.0');
  assert.equal(expr('https://example.com/our-license.html'), undefined);
  // Other metadata's URL forms: opensource.org and NuGet licence URLs name an SPDX id; a non-id stays raw.
  assert.equal(expr('https://opensource.org/licenses/Apache-2.0'), 'Apache-2.0');
  assert.equal(expr('https://licenses.nuget.org/MIT'), 'MIT');
  assert.equal(expr('https://opensource.org/licenses/NotALicense'), undefined);
});

test('Debian DEP-5 names of debian12-minbase', () => {
  assert.equal(expr('GPL-2+', true), 'GPL-2.0-or-later');
  assert.equal(expr('LGPL-2.1+', true), 'LGPL-2.1-or-later');
  assert.equal(expr('Artistic or GPL-1+', true), 'Artistic-1.0-Perl OR GPL-1.0-or-later');
  assert.equal(expr('GPL-1+ or Artistic, and Expat', true), '(GPL-1.0-or-later OR Artistic-1.0-Perl) AND MIT');
  assert.equal(expr('GPL-3+ with Bison exception', true), 'GPL-3.0-or-later WITH Bison-exception-2.2');
  assert.equal(expr('Sleepycat and BSD-3-clause', true), 'Sleepycat AND BSD-3-Clause');
  // Outside Debian, "Artistic" may be 1.0 or 2.0.
  assert.equal(expr('Artistic'), undefined);
  for (const raw of ['public-domain', 'BSD', 'GPL', 'LGPL', 'BSLA', 'MIT-like', 'GPL or MIT-US-export', 'BSD-3-clause or GPL', 'permissive']) {
    assert.deepEqual(normalizeLicense(raw, { debian: true }), { raw }, raw);
  }
});

test('common spellings; spdx-correct only where it neither invents nor drops a version', () => {
  assert.equal(expr('GPLv2'), 'GPL-2.0-only');
  assert.equal(expr('GPL-2.0+'), 'GPL-2.0-or-later');
  assert.equal(expr('LGPLv2.1+'), 'LGPL-2.1-or-later');
  assert.equal(expr('GPL 2.0 or later'), 'GPL-2.0-or-later');
  assert.equal(expr('Apache License, Version 2.0'), 'Apache-2.0');
  assert.equal(expr('apache license 2'), 'Apache-2.0');
  assert.equal(expr('mit'), 'MIT');
  assert.equal(expr('apache-2.0 OR mit'), 'Apache-2.0 OR MIT');
  assert.equal(expr('Apache-2.0 WITH LLVM-exception'), 'Apache-2.0 WITH LLVM-exception');
  assert.equal(expr('BSD 3-Clause "New" or "Revised" License'), 'BSD-3-Clause');
  // spdx-correct alone would say BSD-2-Clause, GPL-3.0-or-later, Apache-2.0, BSL-1.0, MIT, GPL-2.0-only.
  for (const raw of ['BSD', 'GPL', 'Apache', 'BSLA', 'MIT-US-export', 'Apache Software License']) assert.equal(expr(raw), undefined, raw);
  assert.equal(expr('GPL-2+'), 'GPL-2.0-or-later');
});

test('raw text is always kept; empty and licence texts give no expression', () => {
  assert.deepEqual(normalizeLicense('  GPL-2+ '), { expression: 'GPL-2.0-or-later', raw: 'GPL-2+' });
  assert.deepEqual(normalizeLicense(''), { raw: '' });
  const text = 'Permission is hereby granted, free of charge, to any person obtaining a copy of this software '.repeat(5);
  assert.deepEqual(normalizeLicense(text), { raw: text.trim() });
});

test('every expression produced is valid SPDX as written', () => {
  const inputs = ['GPL-2+', '(BSD-3-Clause OR GPL-2.0)', 'GPL-1+ or Artistic, and Expat', 'GPL-2 with Linux-syscall-note exception',
    'License :: OSI Approved :: MIT License', 'LGPL-3+ or GPL-2+', 'MPL-1.1 or GPL-2+ or LGPL-2.1+', 'GPL-2+ or Artistic-2, and Expat', 'GFDL-NIV-1.3+'];
  for (const raw of inputs) {
    const e = normalizeLicense(raw, { debian: true }).expression;
    assert.ok(e && isValidSpdx(e), `${raw} → ${e}`);
  }
});
