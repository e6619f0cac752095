// satisfiesRange() against (version, range) vectors generated with each ecosystem's reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RANGE_ECOSYSTEMS, satisfiesRange } from './index.js';
import { loadRangeVectors, runRangeVectors } from './vectors.js';

for (const eco of RANGE_ECOSYSTEMS) {
  test(`${eco}: satisfiesRange agrees with the reference on every generated (version, range) vector`, () => {
    const vectors = loadRangeVectors(eco);
    assert.ok(vectors.length >= 1000, `${eco}: only ${vectors.length} vectors`);
    assert.ok(vectors.filter((v) => v.expected === 'true').length >= 200, 'too few matching vectors to be meaningful');
    const bad = runRangeVectors((v, r) => satisfiesRange(eco, v, r), vectors);
    const pct = (((vectors.length - bad.length) / vectors.length) * 100).toFixed(3);
    if (process.env.HULLSCAN_VECTOR_REPORT) console.log(`${eco} ranges: ${vectors.length - bad.length}/${vectors.length} agree (${pct}%)`);
    assert.deepEqual(bad.slice(0, 15), [], `${eco}: ${bad.length} disagreements`);
  });
}
