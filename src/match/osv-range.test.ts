import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { inRange, isAffected, type Compare } from './osv-range.js';
import type { VersionRange } from '../vulndb/model.js';

const VULNDATA = '/work/shared/vulndata';
const json = (p: string) => JSON.parse(readFileSync(`${VULNDATA}/${p}`, 'utf8'));

// Independent comparator for these tests: node-semver on plain semver (Go values carry no 'v' in OSV).
const semverCmp: Compare = (a, b) => semver.compare(a.replace(/^v/, ''), b.replace(/^v/, ''));

test('Go stdlib ranges of GO-2023-2102 (two intervals, pre-release introduced)', () => {
  const rec = json('osv/go/GO-2023-2102.json');
  const stdlib = rec.affected.find((a: { package: { name: string } }) => a.package.name === 'stdlib');
  const cases: [string, boolean, string | undefined][] = [
    ['1.19.8', true, '1.20.10'],
    ['1.20.9', true, '1.20.10'],
    ['1.20.10', false, undefined],
    ['1.21.0-rc.2', true, '1.21.3'],   // introduced 1.21.0-0: from the first 1.21 pre-release
    ['1.21.2', true, '1.21.3'],
    ['1.21.3', false, undefined],
    ['1.22.0', false, undefined],
  ];
  for (const [v, affected, fixed] of cases) {
    const r = isAffected(v, stdlib, semverCmp);
    assert.equal(r.affected, affected, `${v}: ${r.decidedBy}`);
    assert.equal(r.fixed, fixed, v);
  }
  assert.equal(isAffected('1.21.2', stdlib, semverCmp).decidedBy, 'in range >=1.21.0-0 <1.21.3');
  assert.equal(isAffected('1.19.8', stdlib, semverCmp).decidedBy, 'in range >=0 <1.20.10');
});

test('events are sorted before the walk, whatever order the record gives', () => {
  const range: VersionRange = { type: 'SEMVER', events: [{ fixed: '2.0.0' }, { introduced: '1.5.0' }, { fixed: '1.2.0' }, { introduced: '0' }] };
  assert.equal(inRange('1.1.0', range, semverCmp).affected, true);
  assert.equal(inRange('1.3.0', range, semverCmp).affected, false);
  assert.equal(inRange('1.5.0', range, semverCmp).fixed, '2.0.0');
  assert.equal(inRange('2.0.0', range, semverCmp).affected, false);
});

test('last_affected is inclusive, limit bounds the range', () => {
  const rec = json('osv/maven/GHSA-2fqw-684c-pvp7.json');
  const entry = rec.affected[0];
  const range: VersionRange = { type: entry.ranges[0].type, events: entry.ranges[0].events };
  assert.equal(inRange('3.1.5', range, semverCmp).affected, true);
  assert.equal(inRange('3.1.5', range, semverCmp).fixed, undefined);
  assert.equal(inRange('3.1.5', range, semverCmp).decidedBy, 'in range >=0 <=3.1.5');
  assert.equal(inRange('3.1.6', range, semverCmp).affected, false);
  const limited: VersionRange = { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { limit: '1.4.0' }] };
  assert.equal(inRange('1.3.9', limited, semverCmp).affected, true);
  assert.equal(inRange('1.4.0', limited, semverCmp).affected, false);
});

test('PyPI record: GIT range ignored, ECOSYSTEM range and versions list', () => {
  const rec = parseYaml(readFileSync(`${VULNDATA}/osv/pypi/requests/PYSEC-2023-74.yaml`, 'utf8'));
  const entry = rec.affected[0];
  assert.ok(entry.ranges.some((r: VersionRange) => r.type === 'GIT'));
  assert.equal(isAffected('2.28.1', entry, semverCmp.bind(null)).affected, true);
  assert.equal(isAffected('2.31.0', entry, semverCmp).affected, false);
  assert.equal(isAffected('2.2.1', entry, semverCmp).affected, false);
  // Only the GIT range: the versions list alone decides.
  const gitOnly = { ranges: entry.ranges.filter((r: VersionRange) => r.type === 'GIT'), versions: entry.versions };
  assert.equal(isAffected('2.25.1', gitOnly, semverCmp).decidedBy, 'listed in versions');
  assert.equal(isAffected('2.31.0', gitOnly, semverCmp).affected, false);
  // GIT range without a versions list matches nothing (commits are not versions).
  assert.equal(isAffected('2.25.1', { ranges: gitOnly.ranges }, semverCmp).affected, false);
});

test('several ranges: the nearest fix is reported', () => {
  const spec = { ranges: [
    { type: 'SEMVER' as const, events: [{ introduced: '0' }, { fixed: '3.0.0' }] },
    { type: 'SEMVER' as const, events: [{ introduced: '2.0.0' }, { fixed: '2.4.1' }] },
  ] };
  const r = isAffected('2.3.0', spec, semverCmp);
  assert.equal(r.affected, true);
  assert.equal(r.fixed, '2.4.1');
});

test('an unparsable event version surfaces as the comparator error, unless another range matches', () => {
  const range: VersionRange = { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: 'not-a-version' }] };
  assert.throws(() => inRange('1.0.0', range, semverCmp));
  assert.throws(() => isAffected('1.0.0', { ranges: [range] }, semverCmp));
  const good: VersionRange = { type: 'SEMVER', events: [{ introduced: '0.9.0' }, { fixed: '1.1.0' }] };
  assert.equal(isAffected('1.0.0', { ranges: [range, good] }, semverCmp).fixed, '1.1.0');
});
