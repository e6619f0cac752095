import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
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

describe('JUnit XML: a testsuite per kind', () => {
  const outcome = nodeAppFullOutcome();
  const r = outcome.results[0]!;
  const xml = renderJunit(outcome);

  it('secrets, misconfigurations and licences each get a suite; failures at or over the threshold', (t) => {
    const py = spawnSync('python3', ['-c', `import sys,json,xml.dom.minidom as m
d=m.parseString(sys.stdin.buffer.read())
print(json.dumps({s.getAttribute("name"): [len(s.getElementsByTagName("testcase")), len(s.getElementsByTagName("failure")), s.getAttribute("tests"), s.getAttribute("failures")] for s in d.getElementsByTagName("testsuite")}))`], { input: xml, encoding: 'utf8' });
    if (py.error) return t.skip('python3 not available');
    assert.equal(py.status, 0, py.stderr);
    const suites = JSON.parse(py.stdout) as Record<string, [number, number, string, string]>;
    const high = (list: { severity: string }[]) => list.filter((x) => x.severity === 'CRITICAL' || x.severity === 'HIGH').length;
    const expect = (n: number, f: number) => [n, f, String(n), String(f)];
    assert.deepEqual(suites['node-app:latest: Secrets'], expect(r.inventory.secrets.length, high(r.inventory.secrets)));
    assert.deepEqual(suites['node-app:latest: Misconfigurations'], expect(r.inventory.misconfigurations.length, 2));
    assert.deepEqual(suites['node-app:latest: Licences'], expect(r.licenses!.length, 1));
    assert.match(xml, /<testcase classname="secret\.aws-access-key-id" name="\[CRITICAL\] aws-access-key-id at \/root\/\.aws\/credentials:2">\n\s+<failure message="aws-access-key-id \(CRITICAL\)" type="CRITICAL">AWS access key ID \(AWS\)\nWhere: \/root\/\.aws\/credentials:2\nAdded by: layer 4 of 5 \(sha256:673d607d7164\): COPY secrets\/ \/ # buildkit\ndeleted in a later layer, still in layer 4 of 5 \(sha256:673d607d7164\)\nMatch: aws_access_key_id = \*\*\*\*\*<\/failure>/);
  });

  it('a scanner that ran and found nothing is one passing case', () => {
    const empty = { ...r, inventory: { ...r.inventory, secrets: [] }, scanners: ['vuln' as const, 'secret' as const] };
    assert.match(renderJunit({ ...outcome, results: [empty] }), /<testsuite name="node-app:latest: Secrets" tests="1" failures="0" errors="0" skipped="0">\n {4}<testcase classname="node-app:latest: Secrets" name="no secrets"\/>/);
  });
});
