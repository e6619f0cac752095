import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyPolicy } from '../../policy/apply.js';
import { SEVERITY_LEVELS } from '../../policy/severity.js';
import { NOW } from '../testdata/outcomes.js';
import { nodeAppScan } from '../testdata/real-scan.js';
import { compareScans, newAtOrAbove } from './compare.js';
import { renderComparison } from './render.js';

// A: node-app after `npm ci` (v1 lockfile: handlebars 4.5.0 and eslint's peers); B: the final image (v2).
const before = nodeAppScan(['openssl', 'curl'], 'v1');
const after = nodeAppScan(['curl'], 'v2');

describe('compare (node-app before and after the handlebars re-install; real osv/npm + Debian tracker data)', () => {
  const c = compareScans([before], [after]);

  it('side counts equal the single scans, and B − A equals added − removed per severity', () => {
    assert.deepEqual(c.a.counts, applyPolicy([before], { now: NOW }).counts);
    assert.deepEqual(c.b.counts, applyPolicy([after], { now: NOW }).counts);
    for (const s of SEVERITY_LEVELS) {
      const added = c.vulnerabilities.added.filter((v) => v.severity === s).length;
      const removed = c.vulnerabilities.removed.filter((v) => v.severity === s).length;
      assert.equal(c.delta[s], c.b.counts[s] - c.a.counts[s]);
      assert.equal(c.delta[s], added - removed, s);
    }
    assert.equal(c.vulnerabilities.unchanged.length + c.vulnerabilities.added.length, Object.values(c.b.counts).reduce((a, b) => a + b, 0));
    assert.equal(c.vulnerabilities.unchanged.length + c.vulnerabilities.removed.length, Object.values(c.a.counts).reduce((a, b) => a + b, 0));
  });

  it('finds the real differences: the openssl CVEs are gone, handlebars 4.5.0 advisories fixed by 4.7.7 are removed, 4.7.7 ones stay', () => {
    const removed = new Set(c.vulnerabilities.removed.map((v) => v.id));
    assert.ok(removed.has('CVE-2026-34180'), 'openssl not in B');
    assert.ok(removed.has('CVE-2021-23369'), 'handlebars < 4.7.7 RCE is fixed in B');
    const unchanged = new Set(c.vulnerabilities.unchanged.map((v) => v.id));
    assert.ok(unchanged.has('CVE-2026-33937'), 'handlebars < 4.7.9 affects both');
    assert.ok(unchanged.has('CVE-2021-23337'), 'lodash unchanged');
    assert.ok(c.packages.removed.some((p) => p.name === 'eslint'), 'eslint was only in the v1 tree');
    assert.ok(c.packages.added.some((p) => p.name === 'handlebars' && p.version === '4.7.7'));
    assert.ok(c.packages.removed.some((p) => p.name === 'handlebars' && p.version === '4.5.0'));
  });

  it('--fail-on-new: nothing new at HIGH going forward; going backwards the handlebars criticals are new', () => {
    assert.deepEqual(newAtOrAbove(c, 'HIGH').map((v) => v.id), c.vulnerabilities.added.filter((v) => v.severity === 'CRITICAL' || v.severity === 'HIGH').map((v) => v.id));
    const back = compareScans([after], [before]);
    assert.ok(newAtOrAbove(back, 'CRITICAL').some((v) => v.id === 'CVE-2021-23369'));
  });

  it('renders as table, JSON and Markdown', () => {
    const table = renderComparison('table', c);
    assert.match(table, /^A: node-app:latest/m);
    assert.match(table, new RegExp(`Vulnerabilities: ${c.vulnerabilities.added.length} added, ${c.vulnerabilities.removed.length} removed`));
    const json = JSON.parse(renderComparison('json', c, { now: NOW }));
    assert.equal(json.schemaVersion, '1.0');
    assert.deepEqual(json.delta, c.delta);
    const md = renderComparison('markdown', c);
    assert.match(md, /\| B − A \|/);
  });
});
