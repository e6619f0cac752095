import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advisoriesOf, readAll, skippedOf } from '../files.js';
import { debianListReader } from './reader.js';

const DSA = '/work/shared/vulndata/debian/DSA-list';
const DLA = '/work/shared/vulndata/debian/DLA-list';

test('DSA list: every advisory read, CVE sets, fixed versions and markers per release', async () => {
  assert.equal(await debianListReader.detect(DSA), true);
  const items = await readAll(debianListReader, DSA);
  const advs = advisoriesOf(items);
  assert.equal(skippedOf(items).length, 0);
  assert.equal(advs.length, 5406, 'README: 5,406 DSAs');
  const x = advs.find((a) => a.id === 'DSA-5380-1')!;
  assert.equal(x.source, 'debian-dsa');
  assert.deepEqual(x.aliases, ['CVE-2023-1393']);
  assert.equal(x.published, '2023-03-29');
  assert.equal(x.summary, 'xorg-server - security update');
  assert.deepEqual(x.affected, [{ ecosystem: 'debian:11', package: 'xorg-server', status: 'fixed', fixedVersion: '2:1.20.11-1+deb11u6' }]);
  const eol = advs.find((a) => a.id === 'DSA-3699-1')!;
  assert.deepEqual(eol.affected, [{ ecosystem: 'debian:8', package: 'virtualbox', status: 'end-of-life' }]);
  assert.ok(advs.some((a) => a.affected.some((e) => e.status === 'not-affected')));
  assert.ok(advs.some((a) => a.affected.some((e) => e.status === 'unfixed')));
  assert.equal(advs.find((a) => a.id === 'DSA-5356-2')!.aliases.length, 0, 'regression update without CVE block');
  assert.ok(advs.find((a) => a.id === 'DSA-245'), 'old ids without the -N suffix');
  assert.equal(advs.find((a) => a.id === 'DSA-4205-1')!.summary, 'jessie end-of-life');
  assert.ok(advs.some((a) => a.affected.some((e) => e.ecosystem === 'debian:3.0')), 'woody');
});

test('DLA list: LTS releases', async () => {
  const advs = advisoriesOf(await readAll(debianListReader, DLA));
  assert.equal(advs.length, 3534);
  assert.ok(advs.every((a) => a.source === 'debian-dla'));
  const eol = advs.find((a) => a.id === 'DLA-372-1')!;
  assert.deepEqual(eol.affected, [{ ecosystem: 'debian:6', package: 'virtualbox-ose', status: 'end-of-life' }]);
});

test('no-dsa / ignored mean will-not-fix; a garbled release line skips its advisory by name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-dsa-'));
  const f = join(dir, 'DSA-list');
  writeFileSync(f, [
    '[01 Jan 2024] DSA-9999-1 foo - security update', '\t{CVE-2024-0001}', '\t[bookworm] - foo <no-dsa> (Minor issue)', '\t[bullseye] - foo <ignored>',
    '[02 Jan 2024] DSA-9998-1 bar - security update', '\t[bookworm] bar 1.0',
  ].join('\n'));
  const items = await readAll(debianListReader, f);
  assert.deepEqual(advisoriesOf(items)[0]!.affected.map((e) => e.status), ['will-not-fix', 'will-not-fix']);
  const bad = skippedOf(items);
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.record, 'DSA-9998-1');
});
