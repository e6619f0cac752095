import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { PolicyOutcome } from '../../policy/apply.js';
import { MULTIARCH_INDEX } from '../../source/test-support.js';
import { multiarchOutcome } from '../testdata/multiarch.js';
import { NOW, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { cyclonedxValidator, errorsOf } from '../testdata/validators.js';
import { cyclonedxWriter } from './cyclonedx.js';

describe('CycloneDX 1.6 with vulnerabilities', () => {
  const outcome = nodeAppOutcome();
  const doc = JSON.parse(cyclonedxWriter.write(outcome, { now: NOW }));

  it('validates against the official CycloneDX 1.6 schema (all four schemas registered)', () => {
    const validate = cyclonedxValidator();
    assert.ok(validate(doc), errorsOf(validate));
    assert.equal(validate({ ...doc, specVersion: 1.6 }), false, 'the validator rejects a non-string specVersion');
  });

  it('lists every package and every remaining vulnerability with affects refs that resolve', () => {
    const refs = new Set(doc.components.map((c: { 'bom-ref': string }) => c['bom-ref']));
    assert.equal(doc.components.filter((c: { type: string }) => c.type === 'library').length, scan().inventory.packages.length);
    const inTriage = doc.vulnerabilities.filter((v: { analysis: { state: string } }) => v.analysis.state === 'in_triage');
    assert.equal(new Set(inTriage.map((v: { id: string }) => v.id)).size, new Set(outcome.results[0]!.findings.map((f) => f.id)).size);
    for (const v of doc.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects ${a.ref}`);
    const curl = doc.vulnerabilities.find((v: { id: string }) => v.id === 'CVE-2025-10148');
    assert.deepEqual(curl.affects.map((a: { ref: string }) => a.ref.split('@')[0]).sort(),
      ['pkg:deb/debian/curl', 'pkg:deb/debian/libcurl3-gnutls', 'pkg:deb/debian/libcurl3-nss', 'pkg:deb/debian/libcurl4']);
  });

  it('is VEX-ready: the VEX-suppressed finding appears as not_affected with the mapped justification', () => {
    const suppressed = outcome.suppressed.find((s) => s.kind === 'vex')!;
    const v = doc.vulnerabilities.find((x: { id: string; analysis: { state: string } }) => x.id === suppressed.finding.id && x.analysis.state === 'not_affected');
    assert.ok(v, 'not_affected entry present');
    assert.equal(v.analysis.justification, 'code_not_reachable');
    assert.deepEqual(v.affects.map((a: { ref: string }) => a.ref), ['pkg:npm/minimist@1.2.0']);
  });
});

describe('CycloneDX: a multi-platform scan (real multiarch image, --platform all)', () => {
  type Component = { type: string; 'bom-ref': string; name: string; version?: string; purl?: string; properties?: { name: string; value: string }[]; components?: Component[] };
  let outcome: PolicyOutcome;
  let doc: { metadata: { component: Component }; components: Component[]; dependencies: { ref: string; dependsOn: string[] }[]; vulnerabilities: { 'bom-ref': string; id: string; analysis: { state: string }; affects: { ref: string }[] }[] };
  before(async () => {
    outcome = await multiarchOutcome();
    doc = JSON.parse(cyclonedxWriter.write(outcome, { now: NOW }));
  });
  const platformOf = (c: Component) => c.properties?.find((p) => p.name === 'hullscan:image:platform')?.value;

  it('validates against the official CycloneDX 1.6 schema', () => {
    const validate = cyclonedxValidator();
    assert.ok(validate(doc), errorsOf(validate));
  });

  it('describes the multi-platform image with each platform image as a sub-component', () => {
    assert.equal(outcome.results.length, 2);
    const top = doc.metadata.component;
    assert.equal(top.type, 'container');
    assert.deepEqual(top.components!.map((c) => [c.type, c['bom-ref'], platformOf(c)]),
      outcome.results.map((r) => ['container', `image:${r.inventory.image.digest}`, r.inventory.image.platform]));
    assert.deepEqual(top.components!.map(platformOf), ['linux/amd64', 'linux/arm64/v8']);
  });

  it('the multi-platform image has the image index digest as its version and a pkg:oci purl at it, without arch', () => {
    const top = doc.metadata.component;
    assert.equal(top.version, MULTIARCH_INDEX);
    assert.equal(top.purl, `pkg:oci/latest@${encodeURIComponent(MULTIARCH_INDEX)}`);
    for (const image of top.components!) assert.match(image.purl!, /^pkg:oci\/latest@sha256%3A[0-9a-f]{64}\?arch=(amd64|arm64)$/);
    // platform images of different indexes (or none) share no index: the top component then claims no version
    const mixed = structuredClone(outcome);
    delete mixed.results[1]!.inventory.image.indexDigest;
    const noIndex = JSON.parse(cyclonedxWriter.write(mixed, { now: NOW })).metadata.component;
    assert.equal(noIndex.version, undefined);
    assert.equal(noIndex.purl, undefined);
  });

  it('lists every platform\'s OS and packages, with bom-refs unique over the whole BOM', () => {
    const nested = (c: Component): Component[] => [c, ...(c.components ?? []).flatMap(nested)];
    const refs = [...nested(doc.metadata.component), ...doc.components, ...doc.vulnerabilities].map((c) => c['bom-ref']);
    assert.equal(new Set(refs).size, refs.length, 'bom-refs are unique');
    for (const r of outcome.results) {
      const mine = doc.components.filter((c) => platformOf(c) === r.inventory.image.platform);
      assert.deepEqual(mine.filter((c) => c.type === 'library').map((c) => c.purl).sort(), r.inventory.packages.map((p) => p.purl).sort());
      assert.equal(mine.filter((c) => c.type === 'operating-system').length, 1, 'each platform has its own OS component');
    }
    // The platforms differ: arm64 has the binNMU libssl3 3.0.9-1+b1, amd64 3.0.11-1~deb12u2 (corpus README)
    assert.ok(doc.components.some((c) => platformOf(c) === 'linux/arm64/v8' && c.purl?.startsWith('pkg:deb/debian/libssl3@3.0.9-1+b1?arch=arm64')));
    assert.ok(doc.components.some((c) => platformOf(c) === 'linux/amd64' && c.purl?.startsWith('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64')));
  });

  it('dependencies: the index on its platform images, each platform image on exactly its own OS and packages', () => {
    const byRef = new Map(doc.components.map((c) => [c['bom-ref'], c]));
    const top = doc.metadata.component;
    assert.deepEqual(doc.dependencies.find((d) => d.ref === top['bom-ref'])!.dependsOn, top.components!.map((c) => c['bom-ref']));
    for (const image of top.components!) {
      const deps = doc.dependencies.find((d) => d.ref === image['bom-ref'])!.dependsOn;
      const own = doc.components.filter((c) => platformOf(c) === platformOf(image)).map((c) => c['bom-ref']);
      assert.deepEqual([...deps].sort(), [...own].sort());
      for (const ref of deps) assert.equal(platformOf(byRef.get(ref)!), platformOf(image));
    }
  });

  it('vulnerabilities affect the component of the platform they were found in; VEX suppression stays on its platform', () => {
    const byRef = new Map(doc.components.map((c) => [c['bom-ref'], c]));
    const pairs = (state: string) => new Set(doc.vulnerabilities.filter((v) => v.analysis.state === state)
      .flatMap((v) => v.affects.map((a) => { const c = byRef.get(a.ref); assert.ok(c, `${v.id} affects ${a.ref}`); return `${platformOf(c)} ${v.id} ${c.purl}`; })));
    const expected = new Set(outcome.results.flatMap((r) => r.findings.map((f) => `${r.inventory.image.platform} ${f.id} ${f.package.purl}`)));
    assert.ok(expected.size > 100);
    assert.deepEqual(pairs('in_triage'), expected);
    const vex = outcome.suppressed.find((s) => s.kind === 'vex')!;
    assert.deepEqual(pairs('not_affected'), new Set([`linux/arm64/v8 ${vex.finding.id} ${vex.finding.package.purl}`]));
  });
});
