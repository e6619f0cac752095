import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NOW, nodeAppOutcome } from '../testdata/outcomes.js';
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
