// The public API: typed errors, validity, and hostile input; readable examples of each ecosystem's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HullscanError } from '../errors.js';
import {
  compareVersions, InvalidRangeError, InvalidVersionError, isValidVersion, RANGE_ECOSYSTEMS, satisfiesRange,
  VERSION_ECOSYSTEMS, type VersionEcosystem,
} from './index.js';

const lt = (eco: VersionEcosystem, a: string, b: string) => {
  assert.ok(compareVersions(eco, a, b) < 0, `${eco}: ${a} < ${b}`);
  assert.ok(compareVersions(eco, b, a) > 0, `${eco}: ${b} > ${a}`);
};
const eq = (eco: VersionEcosystem, a: string, b: string) => assert.equal(compareVersions(eco, a, b), 0, `${eco}: ${a} = ${b}`);

test('every ecosystem of the VersionEcosystem type has a comparator', () => {
  assert.deepEqual([...VERSION_ECOSYSTEMS].sort(), ['apk', 'cargo', 'composer', 'deb', 'gem', 'golang', 'maven', 'npm', 'nuget', 'pypi', 'rpm']);
  assert.deepEqual([...RANGE_ECOSYSTEMS].sort(), ['cargo', 'gem', 'npm']);
});

test('invalid versions throw a one-line VERSION HullscanError naming the version, never a silent 0', () => {
  const bad: [VersionEcosystem, string][] = [
    ['deb', '1:'], ['deb', ''], ['rpm', ''], ['apk', '1.0-1'], ['pypi', '1.0-foo'], ['npm', '1.0'], ['golang', 'v1.2.3.4'],
    ['maven', ''], ['gem', '1..0'], ['nuget', '1.0.0.0.0'], ['composer', 'not a version'], ['cargo', '1.0'],
  ];
  for (const [eco, v] of bad) {
    assert.equal(isValidVersion(eco, v), false, `${eco} ${v}`);
    assert.throws(() => compareVersions(eco, v, v), (e: unknown) => {
      assert.ok(e instanceof InvalidVersionError && e instanceof HullscanError);
      assert.equal(e.code, 'VERSION');
      assert.equal(e.ecosystem, eco);
      assert.ok(!e.message.includes('\n'));
      assert.ok(e.message.includes(JSON.stringify(v)), e.message);
      return true;
    });
  }
  assert.throws(() => compareVersions('nope' as VersionEcosystem, '1', '1'), { code: 'VERSION' });
});

test('invalid ranges throw InvalidRangeError; unsupported range ecosystems throw VERSION', () => {
  assert.throws(() => satisfiesRange('npm', '1.0.0', '>=1.2.3 foo'), InvalidRangeError);
  assert.throws(() => satisfiesRange('cargo', '1.0.0', '1.2.3 ,'), InvalidRangeError);
  assert.throws(() => satisfiesRange('gem', '1.0', '=> 1.0'), InvalidRangeError);
  assert.throws(() => satisfiesRange('npm', 'garbage', '*'), InvalidVersionError);
  assert.throws(() => satisfiesRange('pypi' as 'npm', '1.0', '>=1'), { code: 'VERSION' });
});

test('hostile input: huge and pathological strings finish fast and give a number or a VERSION error', () => {
  const inputs = ['1'.repeat(100_000), `${'1.'.repeat(50_000)}1`, `1.0.0-${'a.'.repeat(40_000)}a`, '~'.repeat(100_000),
    `${'-'.repeat(50_000)}x`, `1${'_alpha'.repeat(20_000)}`, `v${'0'.repeat(60_000)}`, '\u0000'.repeat(10_000),
    // just under the length cap, where the parsers really run
    `${'1.'.repeat(511)}1`, `${'-'.repeat(1000)}x`, `1${'_alpha'.repeat(170)}`, `1.0.0-${'a.'.repeat(500)}a`, `${'1a'.repeat(500)}`,
    `${'~'.repeat(1000)}`, `1.0.0+${'0'.repeat(1000)}`, `${'9'.repeat(1024)}`];
  const t0 = Date.now();
  for (const eco of VERSION_ECOSYSTEMS) {
    for (const s of inputs) {
      try {
        assert.equal(typeof compareVersions(eco, s, '1.0'), 'number');
      } catch (e) {
        assert.ok(e instanceof HullscanError && e.code === 'VERSION', `${eco}: ${String(e)}`);
        assert.ok(e.message.length < 400, 'error message stays short');
      }
    }
  }
  for (const eco of RANGE_ECOSYSTEMS) {
    for (const s of ['>'.repeat(50_000), `1 ${'|| 1 '.repeat(20_000)}`, ` ${' '.repeat(100_000)}1`, '1.x'.repeat(30_000)]) {
      try { satisfiesRange(eco, '1.0.0', s); } catch (e) { assert.ok(e instanceof HullscanError && e.code === 'VERSION', `${eco}: ${String(e)}`); }
    }
  }
  assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
  assert.throws(() => compareVersions('deb', '1'.repeat(1025), '1'), /longer than 1024/);
});

test('examples of each reference ordering', () => {
  lt('deb', '1.0~rc1-1', '1.0-1'); lt('deb', '1.0-1', '1:0.9-1'); lt('deb', '2.36-9+deb12u3', '2.36-9+deb12u10'); eq('deb', '1.0', '1.0-0');
  lt('rpm', '1.0~rc1', '1.0'); lt('rpm', '1.0', '1.0^git1'); lt('rpm', '1.0^git1', '1.0.1'); lt('rpm', '2.9.7-2.el9', '1:2.0-1.el9');
  lt('apk', '1.0_rc1', '1.0'); lt('apk', '1.0-r1', '1.0_p1'); lt('apk', '1.0', '1.0a');
  lt('pypi', '1.0.dev1', '1.0a1'); lt('pypi', '1.0a1', '1.0'); lt('pypi', '1.0', '1.0.post1'); lt('pypi', '1.0', '1.0+local'); eq('pypi', '1.0', 'v1.0.0');
  lt('npm', '1.0.0-alpha', '1.0.0-alpha.1'); lt('npm', '1.0.0-beta.2', '1.0.0-beta.11'); eq('npm', '1.0.0+a', '1.0.0+b');
  lt('golang', 'v0.0.0-20191109021931-daa7c04131f5', 'v0.1.0'); eq('golang', 'v2.0.0+incompatible', 'v2.0.0'); lt('golang', 'go1.21rc2', 'go1.21.0');
  lt('maven', '1.0-alpha-1', '1.0-beta'); lt('maven', '1.0-SNAPSHOT', '1.0'); eq('maven', '1.0', '1.0.0-ga'); lt('maven', '1.0', '1.0-sp1'); eq('maven', '1.0-cr1', '1.0-rc1');
  lt('gem', '1.0.0.beta', '1.0.0'); lt('gem', '1.0.a', '1.0.b'); eq('gem', '1.0', '1');
  lt('nuget', '1.0.0-beta', '1.0.0'); lt('nuget', '1.0.0', '1.0.0.1'); eq('nuget', '1.0.0-BETA', '1.0.0-beta');
  lt('composer', '1.0.0-beta1', '1.0.0-RC1'); lt('composer', '1.0-dev', '1.0'); eq('composer', 'v1.0', '1.0.0.0'); lt('composer', '1.0', '1.0-p1');
  lt('cargo', '1.0.0-alpha', '1.0.0'); lt('cargo', '1.0.0+a', '1.0.0+b');
  assert.equal(satisfiesRange('npm', '1.2.4-beta', '^1.2.3'), false);
  assert.equal(satisfiesRange('npm', '1.2.3-beta.4', '>=1.2.3-beta.2 <2'), true);
  assert.equal(satisfiesRange('gem', '1.5.9', '~> 1.5.4'), true);
  assert.equal(satisfiesRange('gem', '1.6.0', '~> 1.5.4'), false);
  assert.equal(satisfiesRange('cargo', '0.9.5', '>= 0.9.0, < 0.10.0'), true);
  assert.equal(satisfiesRange('cargo', '0.3.0', '^0.2'), false);
});
