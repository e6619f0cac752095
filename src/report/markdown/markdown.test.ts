import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppFullOutcome, nodeAppOutcome } from '../testdata/outcomes.js';
import { mdCell, renderMarkdown } from './markdown.js';

describe('Markdown summary', () => {
  it('has the counts table, findings with links, the fix plan and the policy verdict; fits a PR comment', () => {
    const outcome = nodeAppOutcome();
    const md = renderMarkdown(outcome, { now: NOW });
    const c = outcome.counts;
    assert.match(md, /^## hullscan vulnerability report/);
    assert.ok(md.includes(`| unique vulnerabilities | ${c.CRITICAL} | ${c.HIGH} | ${c.MEDIUM} | ${c.LOW} | 0 | ${c.UNKNOWN} |`));
    assert.match(md, /\| \[CVE-2021-23337\]\(https:\/\/nvd\.nist\.gov\/vuln\/detail\/CVE-2021-23337\) \| HIGH \| lodash \| 4\.17\.15 \| 4\.17\.21 \|/);
    assert.match(md, /<summary>Fix plan<\/summary>/);
    assert.match(md, /\*\*Policy failed:\*\* \d+ vulnerabilities at or above HIGH/);
    assert.ok(md.length < 65_536);
  });

  it('escapes cell content so a title cannot break the table or inject HTML', () => {
    assert.equal(mdCell('a|b\n<script>'), 'a\\|b \\<script\\>');
  });
});

describe('Markdown summary: secrets, misconfigurations and licences', () => {
  it('counts per kind, a section per kind, and the verdict over every kind', () => {
    const outcome = nodeAppFullOutcome();
    const md = renderMarkdown(outcome, { now: NOW });
    assert.ok(md.includes('| secrets | 2 | 3 | 0 | 0 | 0 | 0 |'));
    assert.ok(md.includes('| misconfigurations | 1 | 1 | 1 | 3 | 0 | 0 |'));
    assert.ok(md.includes('| licence findings | 0 | 1 | 2 | 80 | 0 | 1 |'));
    assert.ok(md.includes('| CRITICAL | aws-access-key-id | /root/.aws/credentials:2 | layer 4 of 5 (sha256:673d607d7164): COPY secrets/ / \\# buildkit<br>**deleted in a later layer, still in layer 4 of 5 (sha256:673d607d7164)** | aws\\_access\\_key\\_id = \\*\\*\\*\\*\\* |'));
    assert.match(md, /\| HS-DS-002 \| HIGH \| Image runs as root \| no USER .* \| image configuration \| Create an unprivileged user/);
    assert.match(md, /\*\*strong-copyleft\*\* \(1\)\n\n\| Package .*\n.*\n\| libc-devtools \| 2\.36-9\+deb12u14 \| GPL-2\.0-or-later \| HIGH \|/);
    assert.match(md, /\*\*permissive\*\* \(80\): MIT 67, /);
    assert.match(md, /\*\*Policy failed:\*\* \d+ vulnerabilities, 5 secrets, 2 misconfigurations and 1 licence finding at or above HIGH\./);
    assert.ok(md.length < 65_536);
  });
});
