import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRequirements } from './requirements.js';

test('exact conversions only; everything else stays a requirement list', () => {
  assert.deepEqual(fromRequirements('cargo', [], []).ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }] }]);
  assert.deepEqual(fromRequirements('cargo', ['>= 1.2.3 '], []).ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }]);
  assert.deepEqual(fromRequirements('gem', ['>= 2.0.1'], ['< 1.5']).ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '1.5' }, { fixed: '2.0.1' }] }]);
  assert.equal(fromRequirements('gem', ['>= 1.0'], ['< 2.0']).ranges, undefined, 'unaffected bound above the fix: not a simple range');
  assert.equal(fromRequirements('gem', ['~> 2.1.3', '>= 2.2.2'], ['< 2.1.0']).ranges, undefined);
  assert.equal(fromRequirements('cargo', ['^0.9.1'], []).ranges, undefined);
  assert.equal(fromRequirements('gem', ['>= 1.0.0.rc1'], ['< 0.9']).ranges, undefined, 'non-numeric versions are not ordered here');
  assert.equal(fromRequirements('npm', ['>=1.5.2'], [], ['<=1.5.1']).ranges, undefined, 'vulnerable lists are never turned into ranges');
  assert.deepEqual(fromRequirements('gem', ['~> 2.1.3'], []).requirements, { scheme: 'gem', patched: ['~> 2.1.3'], unaffected: [] });
});
