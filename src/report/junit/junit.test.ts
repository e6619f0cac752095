import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { nodeAppOutcome } from '../testdata/outcomes.js';
import { renderJunit, xmlEscape } from './junit.js';

describe('JUnit XML', () => {
  const outcome = nodeAppOutcome();
  const xml = renderJunit(outcome);

  it('is well-formed XML (checked by python xml.dom.minidom when available) with failures only at or over the threshold', (t) => {
    const py = spawnSync('python3', ['-c', 'import sys,xml.dom.minidom as m; d=m.parseString(sys.stdin.buffer.read()); print(len(d.getElementsByTagName("failure")))'], { input: xml, encoding: 'utf8' });
    if (py.error) return t.skip('python3 not available');
    assert.equal(py.status, 0, py.stderr);
    const highUp = outcome.results[0]!.findings.filter((f) => f.severity === 'CRITICAL' || f.severity === 'HIGH').length;
    assert.equal(Number(py.stdout.trim()), highUp);
    assert.match(xml, new RegExp(`<testsuites name="hullscan" tests="${outcome.results[0]!.findings.length}" failures="${highUp}"`));
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    assert.equal(xmlEscape('a<b>&"\'\u0001'), 'a&lt;b&gt;&amp;&quot;&apos;');
  });
});
