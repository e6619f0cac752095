import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { applyPolicy, type PolicyOutcome } from '../policy/apply.js';
import { scanImage } from '../scan.js';
import { writers } from './index.js';
import { VULNS_NOT_SCANNED } from './other-findings.js';
import { NOW } from './testdata/outcomes.js';
import { MULTIARCH } from './testdata/multiarch.js';

// With the vuln scanner off (`--scanners none`, `--scanners secret`), no report may read as "no vulnerabilities":
// nothing was looked up. The real multiarch image through the real pipeline, inventory only.
describe('vulnerabilities not scanned', () => {
  let outcome: PolicyOutcome;
  before(async () => {
    outcome = applyPolicy(await scanImage(MULTIARCH, { platform: 'all', scanners: [], offline: true }), { now: NOW });
  });

  it('the pipeline says so: no vuln in result.scanners', () => {
    assert.equal(outcome.results.length, 2);
    for (const r of outcome.results) assert.deepEqual(r.scanners, []);
  });

  for (const w of writers) {
    it(`${w.format}: never says "no vulnerabilities"`, () => {
      const text = w.write(outcome, { now: NOW });
      assert.doesNotMatch(text, /no vulnerabilities|vulnerabilities found/i);
      if (['table', 'markdown', 'summary', 'html'].includes(w.format)) assert.ok(text.includes(VULNS_NOT_SCANNED), `${w.format} says they were not scanned`);
    });
  }

  it('html has no severity chart and no findings table; junit no vulnerability suites', () => {
    const html = writers.find((w) => w.format === 'html')!.write(outcome, { now: NOW });
    assert.doesNotMatch(html, /<svg class="chart"|<table id="findings"/);
    const junit = writers.find((w) => w.format === 'junit')!.write(outcome, { now: NOW });
    assert.doesNotMatch(junit, /OS packages/);
  });
});
