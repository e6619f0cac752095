import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { PolicyOutcome } from '../../policy/apply.js';
import { MULTIARCH_INDEX } from '../../source/test-support.js';
import { multiarchOutcome } from '../testdata/multiarch.js';
import { NOW, nodeAppOutcome, scan } from '../testdata/outcomes.js';
import { errorsOf, spdxValidator } from '../testdata/validators.js';
import { spdxWriter } from './spdx.js';

describe('SPDX 2.3', () => {
  const outcome = nodeAppOutcome();
  const doc = JSON.parse(spdxWriter.write(outcome, { now: NOW }));

  it('validates against the official SPDX 2.3 schema', () => {
    const validate = spdxValidator();
    assert.ok(validate(doc), errorsOf(validate));
    const { spdxVersion: _v, ...broken } = doc;
    assert.equal(validate(broken), false, 'the validator rejects a document without spdxVersion');
  });

  it('describes the image, contains every package, and carries advisories as SECURITY references', () => {
    // the image, its OS, and every package
    assert.equal(doc.packages.length, scan().inventory.packages.length + 2);
    assert.equal(doc.relationships.filter((r: { relationshipType: string }) => r.relationshipType === 'CONTAINS').length, scan().inventory.packages.length + 1);
    const ids = new Set(doc.packages.map((p: { SPDXID: string }) => p.SPDXID));
    assert.equal(ids.size, doc.packages.length, 'SPDXIDs are unique');
    const lodash = doc.packages.find((p: { name: string }) => p.name === 'lodash');
    const advisories = lodash.externalRefs.filter((r: { referenceCategory: string; referenceType: string }) => r.referenceCategory === 'SECURITY' && r.referenceType === 'advisory');
    assert.equal(advisories.length, outcome.results[0]!.findings.filter((f) => f.package.name === 'lodash').length);
    assert.ok(advisories.some((r: { referenceLocator: string }) => r.referenceLocator === 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337'));
  });
});

describe('SPDX: a multi-platform scan (real multiarch image, --platform all)', () => {
  type Pkg = { SPDXID: string; name: string; versionInfo?: string; primaryPackagePurpose?: string; comment?: string; externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[] };
  type Rel = { spdxElementId: string; relationshipType: string; relatedSpdxElement: string };
  let outcome: PolicyOutcome;
  let doc: { packages: Pkg[]; relationships: Rel[] };
  before(async () => {
    outcome = await multiarchOutcome();
    doc = JSON.parse(spdxWriter.write(outcome, { now: NOW }));
  });
  const purlOf = (p: Pkg) => p.externalRefs?.find((e) => e.referenceType === 'purl')?.referenceLocator;
  const rels = (type: string) => doc.relationships.filter((r) => r.relationshipType === type);

  it('validates against the official SPDX 2.3 schema; SPDXIDs unique, every relationship resolves', () => {
    const validate = spdxValidator();
    assert.ok(validate(doc), errorsOf(validate));
    const ids = doc.packages.map((p) => p.SPDXID);
    assert.equal(new Set(ids).size, ids.length);
    const known = new Set([...ids, 'SPDXRef-DOCUMENT']);
    for (const r of doc.relationships) assert.ok(known.has(r.spdxElementId) && known.has(r.relatedSpdxElement), JSON.stringify(r));
  });

  it('describes the multi-platform image; each platform image is a VARIANT_OF it and CONTAINS exactly its own OS and packages', () => {
    const [describes, ...more] = rels('DESCRIBES');
    assert.equal(more.length, 0);
    const index = doc.packages.find((p) => p.SPDXID === describes!.relatedSpdxElement)!;
    assert.equal(index.primaryPackagePurpose, 'CONTAINER');
    assert.equal(index.comment, 'multi-platform image: linux/amd64, linux/arm64/v8');
    // the image index digest (real multiarch image) as version and in the purl (no arch: it stands for every platform)
    assert.equal(index.versionInfo, MULTIARCH_INDEX);
    assert.deepEqual(index.externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:oci/latest@${encodeURIComponent(MULTIARCH_INDEX)}` }]);
    const variants = rels('VARIANT_OF');
    assert.equal(variants.length, outcome.results.length);
    assert.ok(variants.every((v) => v.relatedSpdxElement === index.SPDXID));
    const byId = new Map(doc.packages.map((p) => [p.SPDXID, p]));
    outcome.results.forEach((r, i) => {
      const image = byId.get(variants[i]!.spdxElementId)!;
      assert.match(purlOf(image)!, new RegExp(`^pkg:oci/.*@${encodeURIComponent(r.inventory.image.digest!)}\\?arch=${r.inventory.image.platform.split('/')[1]}`));
      const contained = rels('CONTAINS').filter((c) => c.spdxElementId === image.SPDXID).map((c) => byId.get(c.relatedSpdxElement)!);
      assert.deepEqual(contained.map(purlOf).filter(Boolean).sort(), r.inventory.packages.map((p) => p.purl).sort());
      assert.equal(contained.filter((p) => p.primaryPackagePurpose === 'OPERATING_SYSTEM').length, 1);
    });
  });

  it('each platform\'s findings are advisories on that platform\'s packages only', () => {
    for (const r of outcome.results) {
      for (const p of r.inventory.packages) {
        const spdx = doc.packages.filter((x) => purlOf(x) === p.purl);
        assert.equal(spdx.length, 1, p.purl);
        const advisories = spdx[0]!.externalRefs!.filter((e) => e.referenceType === 'advisory').map((e) => e.referenceLocator).sort();
        assert.deepEqual(advisories, r.findings.filter((f) => f.package.purl === p.purl).map((f) => `https://nvd.nist.gov/vuln/detail/${f.id}`).sort());
      }
    }
    assert.ok(doc.packages.some((p) => (p.externalRefs ?? []).some((e) => e.referenceType === 'advisory')));
  });

  it('licence texts that map to the same LicenseRef on different platforms keep apart', () => {
    // 'GPL v2' and 'GPL/v2' both become LicenseRef-GPL-v2, each in its own platform's document.
    const copy = structuredClone(outcome);
    const libc = (i: number) => copy.results[i]!.inventory.packages.find((p) => p.name === 'libc6')!;
    libc(0).licenses = ['GPL v2'];
    libc(1).licenses = ['GPL/v2'];
    const merged = JSON.parse(spdxWriter.write(copy, { now: NOW })) as { packages: (Pkg & { licenseDeclared: string })[]; hasExtractedLicensingInfos: { licenseId: string; extractedText: string }[] };
    const validate = spdxValidator();
    assert.ok(validate(merged), errorsOf(validate));
    const texts = new Map(merged.hasExtractedLicensingInfos.map((x) => [x.licenseId, x.extractedText]));
    assert.equal(texts.size, merged.hasExtractedLicensingInfos.length, 'licenseIds are unique');
    for (const i of [0, 1]) {
      const declared = merged.packages.find((p) => purlOf(p) === libc(i).purl)!.licenseDeclared;
      assert.equal(texts.get(declared), libc(i).licenses[0], `${libc(i).purl} declares its own text`);
    }
  });
});
