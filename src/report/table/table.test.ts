import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppOutcome } from '../testdata/outcomes.js';
import { renderTableReport } from './table.js';

const ANSI = /\x1b\[[0-9;]*m/g;

describe('table report', () => {
  const outcome = nodeAppOutcome();

  it('one table per target: OS packages first, then npm; counts per severity', () => {
    const text = renderTableReport(outcome, { width: 160, now: NOW });
    const os = text.indexOf('debian 12 (OS packages)'), npm = text.indexOf('Node.js (npm)');
    assert.ok(os > 0 && npm > os, 'OS table before the npm table');
    const c = outcome.counts;
    assert.ok(text.includes(`unique vulnerabilities:\nTotal: ${Object.values(c).reduce((a, b) => a + b, 0)} (CRITICAL: ${c.CRITICAL}, HIGH: ${c.HIGH}, MEDIUM: ${c.MEDIUM}, LOW: ${c.LOW}, NEGLIGIBLE: 0, UNKNOWN: ${c.UNKNOWN})`));
    assert.match(text, /lodash\s+│ CVE-2021-23337\s+│ HIGH\s+│ 4\.17\.15\s+│ 4\.17\.21/);
    assert.match(text, /Fix plan\n  upgrade /);
    assert.match(text, /Suppressed: 1 by vex/);
    assert.doesNotMatch(text, ANSI, 'no colour unless asked');
  });

  it('respects the width: no line is wider than the terminal, narrow terminals drop the title column', () => {
    for (const width of [80, 100, 200]) {
      const text = renderTableReport(outcome, { width, now: NOW });
      const widest = Math.max(...text.split('\n').map((l) => [...l].length));
      assert.ok(widest <= width, `width ${width}: widest line ${widest}`);
    }
    assert.doesNotMatch(renderTableReport(outcome, { width: 80 }).split('\n').find((l) => l.startsWith('Package'))!, /Title/);
    assert.match(renderTableReport(outcome, { width: 200 }).split('\n').find((l) => l.startsWith('Package'))!, /Title/);
  });

  it('colours severities when asked, and the visible text is the same as without colour', () => {
    const plain = renderTableReport(outcome, { width: 120, now: NOW });
    const coloured = renderTableReport(outcome, { width: 120, color: true, now: NOW });
    assert.match(coloured, /\x1b\[1;31mCRITICAL/);
    assert.equal(coloured.replace(ANSI, ''), plain);
  });
});
