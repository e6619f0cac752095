import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, goToolchainToSemver, isValidVersion } from './index.js';
import { loadVectors } from './vectors.js';

test('golang: Go toolchain tags map to the semver the Go vulndb uses', () => {
  assert.equal(goToolchainToSemver('go1.21rc2'), 'v1.21.0-rc.2');
  assert.equal(goToolchainToSemver('go1.19.8'), 'v1.19.8');
  assert.equal(goToolchainToSemver('go1.21'), 'v1.21.0');
  assert.equal(goToolchainToSemver('go1.21.0'), 'v1.21.0');
  assert.equal(goToolchainToSemver('go1.9beta1'), 'v1.9.0-beta.1');
  assert.equal(goToolchainToSemver('go1'), 'v1.0.0');
  assert.equal(goToolchainToSemver('go1.0'), null);
  assert.equal(goToolchainToSemver('go1.21x'), null);
  assert.ok(compareVersions('golang', 'go1.21rc2', '1.21.0') < 0);
  assert.ok(compareVersions('golang', 'go1.21rc2', 'go1.21rc10') < 0);
  assert.equal(compareVersions('golang', 'go1.21', '1.21.0'), 0);
  assert.ok(compareVersions('golang', 'go1.19.8', '1.19.10') < 0);
  assert.throws(() => compareVersions('golang', 'go1.21.x', '1.0.0'), { code: 'VERSION' });
});

test('golang: the unprefixed form used by OSV orders like the v-prefixed one', () => {
  let checked = 0;
  for (const v of loadVectors('golang')) {
    if (v.expected === '!' || !v.a.startsWith('v') || !v.b.startsWith('v')) continue;
    assert.equal(Math.sign(compareVersions('golang', v.a.slice(1), v.b)), v.expected, `${v.a} vs ${v.b}`);
    checked++;
  }
  assert.ok(checked > 1000);
  assert.ok(isValidVersion('golang', '1.2.3'));
  assert.ok(!isValidVersion('golang', 'vv1.2.3'));
  assert.equal(compareVersions('golang', 'v2.0.0+incompatible', '2.0.0'), 0);
  assert.ok(compareVersions('golang', 'v0.0.0-20191109021931-daa7c04131f5', 'v0.0.1') < 0);
});
