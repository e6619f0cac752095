import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { PolicyOutcome } from '../policy/apply.js';
import { renderCsv } from './csv/csv.js';
import { renderJunit } from './junit/junit.js';
import { resultNames } from './platforms.js';
import { renderSarif } from './sarif/sarif.js';
import { multiarchOutcome } from './testdata/multiarch.js';
import { errorsOf, sarifValidator } from './testdata/validators.js';

// `--platform all` on the real multiarch image: both platform images have the same name, so the row-per-finding
// formats name each by its platform too (CycloneDX, SPDX and HTML have their own tests).
describe('multi-platform scans in CSV, JUnit and SARIF', () => {
  let outcome: PolicyOutcome;
  let names: string[];
  before(async () => {
    outcome = await multiarchOutcome();
    names = resultNames(outcome.results);
  });

  it('names each platform image apart', () => {
    assert.deepEqual(names, outcome.results.map((r) => `${r.inventory.image.reference} (${r.inventory.image.platform})`));
  });

  it('CSV: the image column says which platform each row is from', () => {
    const lines = renderCsv(outcome).trimEnd().split('\r\n').slice(1);
    outcome.results.forEach((r, i) => {
      assert.equal(lines.filter((l) => l.startsWith(`${names[i]},`)).length, r.findings.length);
      // every row of that platform is about one of that platform's packages (their purls carry the arch)
      const arch = r.inventory.image.platform.split('/')[1]!;
      assert.ok(lines.filter((l) => l.startsWith(`${names[i]},`)).every((l) => l.includes(`?arch=${arch}&`)));
    });
  });

  it('JUnit: testsuite names are unique, one OS suite per platform', () => {
    const suites = [...renderJunit(outcome).matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(new Set(suites).size, suites.length);
    assert.deepEqual(suites.filter((s) => s.endsWith('(OS packages)')), names.map((n) => `${n}: debian 12 (OS packages)`));
  });

  it('SARIF: validates; each result names its platform image; fingerprints unique', () => {
    const sarif = renderSarif(outcome) as { runs: { results: { message: { text: string }; properties: { image: string; purl: string }; partialFingerprints: Record<string, string> }[] }[] };
    const validate = sarifValidator();
    assert.ok(validate(sarif), errorsOf(validate));
    const results = sarif.runs[0]!.results;
    assert.equal(results.length, outcome.results.reduce((n, r) => n + r.findings.length, 0));
    outcome.results.forEach((r, i) => {
      const mine = results.filter((x) => x.properties.image === names[i]);
      assert.equal(mine.length, r.findings.length);
      assert.ok(mine.every((x) => x.message.text.includes(` in ${names[i]} is affected by `)));
    });
    const fps = results.map((x) => x.partialFingerprints['hullscanFinding/v1']);
    assert.equal(new Set(fps).size, fps.length);
  });
});
