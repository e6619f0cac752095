import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { advisoriesOf, readAll, skippedOf } from '../files.js';
import { rustsecReader } from './reader.js';

const ROOT = '/work/shared/vulndata/rustsec/advisories';

async function read(rel: string) {
  const f = join(ROOT, rel);
  assert.equal(await rustsecReader.detect(f), true);
  return advisoriesOf(await readAll(rustsecReader, f))[0]!;
}

test('patched ">= X" becomes an exact range; functions become symbols; requirements are kept', async () => {
  const a = await read('crates/libcrux-sha3/RUSTSEC-2026-0074.md');
  assert.equal(a.source, 'rustsec');
  assert.deepEqual(a.aliases, ['GHSA-q29p-9pfr-j652']);
  assert.equal(a.published, '2026-03-04');
  assert.equal(a.summary, 'Incorrect Output of Incremental Portable SHAKE API');
  const e = a.affected[0]!;
  assert.equal(e.ecosystem, 'crates.io');
  assert.deepEqual(e.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.0.8' }] }]);
  assert.deepEqual(e.requirements, { scheme: 'cargo', patched: ['>= 0.0.8'], unaffected: [] });
  assert.deepEqual(e.symbols, [{ path: 'libcrux-sha3', symbols: ['libcrux_sha3::portable::incremental::Shake128Xof::squeeze', 'libcrux_sha3::portable::incremental::Shake256Xof::squeeze'] }]);
});

test('informational advisory with nothing patched: every version, flagged', async () => {
  const a = await read('crates/badge/RUSTSEC-2022-0057.md');
  assert.equal(a.affected[0]!.informational, 'unmaintained');
  assert.deepEqual(a.affected[0]!.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }] }]);
});

test('every RustSec advisory parses; multi-requirement ones stay requirement lists; rust/ is the toolchain', async () => {
  let n = 0, withRanges = 0, reqOnly = 0, toolchain = 0, cvss = 0;
  for (const top of ['crates', 'rust']) {
    for (const pkg of readdirSync(join(ROOT, top))) {
      for (const f of readdirSync(join(ROOT, top, pkg))) {
        const items = await readAll(rustsecReader, join(ROOT, top, pkg, f));
        assert.equal(skippedOf(items).length, 0, f);
        const a = advisoriesOf(items)[0]!;
        n++;
        if (a.affected[0]!.ranges) withRanges++; else reqOnly++;
        if (a.affected[0]!.ecosystem === 'rust-toolchain') toolchain++;
        if (a.severities.some((s) => s.vector?.startsWith('CVSS:'))) cvss++;
      }
    }
  }
  assert.equal(n, 1225);
  assert.ok(withRanges > 600 && reqOnly > 100, `${withRanges} ranges, ${reqOnly} requirement-only`);
  assert.ok(toolchain > 5 && cvss > 300, `${toolchain} ${cvss}`);
});
