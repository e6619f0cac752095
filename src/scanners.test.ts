import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzersFor, parseScanners } from './scanners.js';
import type { Analyzer } from './analyze/types.js';

const analyzer = (name: string): Analyzer => ({ name, version: 1, wants: () => false, analyze: async () => ({}) });

describe('scanners', () => {
  it('parses lists, aliases and none; rejects unknown names in one line', () => {
    assert.deepEqual(parseScanners('vuln,secret'), ['vuln', 'secret']);
    assert.deepEqual(parseScanners(' Misconfig , licence,vuln,vuln'), ['misconfig', 'license', 'vuln']);
    assert.deepEqual(parseScanners('none'), []);
    assert.throws(() => parseScanners('vuln,sast'), /unknown scanner 'sast'/);
  });
  it('keeps package analyzers always and scanner analyzers only when selected', () => {
    const all = ['dpkg', 'npm', 'secret', 'imageconfig'].map(analyzer);
    assert.deepEqual(analyzersFor([], all).map((a) => a.name), ['dpkg', 'npm']);
    assert.deepEqual(analyzersFor(['secret'], all).map((a) => a.name), ['dpkg', 'npm', 'secret']);
    assert.deepEqual(analyzersFor(['misconfig', 'vuln'], all).map((a) => a.name), ['dpkg', 'npm', 'imageconfig']);
  });
});
