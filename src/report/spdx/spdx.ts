// SPDX 2.3 JSON: the inventory's document (src/inventory/sbom/spdx.ts: the image DESCRIBED, every package
// it CONTAINS) with each vulnerable package's findings added as SPDX 2.3 SECURITY external references:
// an `advisory` reference per vulnerability and a `fix` reference when a fixed version exists.
// A multi-platform scan is one document that DESCRIBES the multi-platform image; each platform image is a
// VARIANT_OF it and CONTAINS its own OS and packages (the shape of spdx-examples' OCI multi-arch index), with
// SPDXIDs and LicenseRefs made unique per platform.
import { createHash } from 'node:crypto';
import type { Finding, ScanResult } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { imageIdentity, sharedIndex, uuidV5 } from '../../inventory/sbom/common.js';
import { toSpdx } from '../../inventory/sbom/spdx.js';
import type { ReportOptions, ReportWriter } from '../types.js';
import { idSafe, multiPlatformName, platformKeys } from '../platforms.js';
import { redactOutcome } from '../redact.js';

export function advisoryUrl(id: string): string {
  if (id.startsWith('CVE-')) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (id.startsWith('GHSA-')) return `https://github.com/advisories/${id}`;
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

export function securityRefs(findings: readonly Finding[]): object[] {
  return findings.flatMap((f) => [
    { referenceCategory: 'SECURITY', referenceType: 'advisory', referenceLocator: advisoryUrl(f.id), comment: `${f.id} ${f.severity}${f.title ? `: ${f.title}` : ''}` },
    ...(f.fixedVersion ? [{ referenceCategory: 'SECURITY', referenceType: 'fix', referenceLocator: advisoryUrl(f.id), comment: `fixed in ${f.fixedVersion}` }] : []),
  ]);
}

type SpdxPackage = { SPDXID: string; licenseDeclared?: string; externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[] };
type Relationship = { spdxElementId: string; relationshipType: string; relatedSpdxElement: string };
type Extracted = { licenseId: string; name: string; extractedText: string };
type SpdxDoc = Record<string, unknown> & { packages: SpdxPackage[]; relationships: Relationship[]; hasExtractedLicensingInfos?: Extracted[] };

const NAMESPACE_BASE = 'https://hullscan.invalid/spdx';

/** One image's document (src/inventory/sbom/spdx.ts) with its findings as SECURITY references on the vulnerable packages. */
function imageDocument(r: ScanResult, opts: ReportOptions): SpdxDoc {
  const doc = toSpdx(r.inventory, { timestamp: opts.now ?? new Date(), toolVersion: opts.toolVersion, namespaceBase: NAMESPACE_BASE }) as SpdxDoc;
  const byPurl = new Map<string, Finding[]>();
  for (const f of r.findings) byPurl.set(f.package.purl, [...(byPurl.get(f.package.purl) ?? []), f]);
  for (const p of doc.packages) {
    const purl = p.externalRefs?.find((e) => e.referenceType === 'purl')?.referenceLocator;
    const findings = purl ? byPurl.get(purl) : undefined;
    if (findings) p.externalRefs!.push(...(securityRefs(findings) as never[]));
  }
  return doc;
}

export function renderSpdx(raw: PolicyOutcome, opts: ReportOptions = {}): object {
  const outcome = redactOutcome(raw);
  const [r, ...others] = outcome.results;
  if (!r) throw new Error('renderSpdx: no scan result');
  return others.length ? multiPlatformDocument(outcome.results, opts) : imageDocument(r, opts);
}

const DESCRIBES = (rel: Relationship) => rel.spdxElementId === 'SPDXRef-DOCUMENT' && rel.relationshipType === 'DESCRIBES';

/** The platform documents merged under a multi-platform image package that the document DESCRIBES. */
function multiPlatformDocument(results: readonly ScanResult[], opts: ReportOptions): object {
  const keys = platformKeys(results);
  const name = multiPlatformName(results);
  const identities = results.map((r) => imageIdentity(r.inventory));
  const indexId = `SPDXRef-ImageIndex-${idSafe(name).slice(0, 60)}-${createHash('sha256').update(identities.join(',')).digest('hex').slice(0, 12)}`;
  const index = sharedIndex(results.map((r) => r.inventory));
  const packages: SpdxPackage[] = [{
    name,
    SPDXID: indexId,
    ...(index ? { versionInfo: index.digest } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'CONTAINER',
    comment: `multi-platform image: ${results.map((r) => r.inventory.image.platform).join(', ')}`,
    ...(index ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: index.purl }] } : {}),
  } as SpdxPackage];
  const relationships: Relationship[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: indexId }];
  const extracted = new Map<string, Extracted>();
  const usedIds = new Set([indexId]);
  let first: SpdxDoc | undefined;
  results.forEach((r, i) => {
    const doc = imageDocument(r, opts);
    first ??= doc;
    const suffix = idSafe(keys[i]!);
    const imageId = doc.relationships.find(DESCRIBES)!.relatedSpdxElement;
    // The image's id already names its digest; the OS's and packages' ids get the platform appended.
    const ids = new Map(doc.packages.map((p) => [p.SPDXID, p.SPDXID === imageId && !usedIds.has(imageId) ? imageId : `${p.SPDXID}-${suffix}`]));
    const licenseIds = new Map<string, string>();
    for (const x of doc.hasExtractedLicensingInfos ?? []) {
      const known = extracted.get(x.licenseId);
      const id = known && known.extractedText !== x.extractedText ? `${x.licenseId}-${suffix}` : x.licenseId;
      licenseIds.set(x.licenseId, id);
      extracted.set(id, { ...x, licenseId: id });
    }
    for (const p of doc.packages) {
      usedIds.add(ids.get(p.SPDXID)!);
      packages.push({ ...p, SPDXID: ids.get(p.SPDXID)!, ...(p.licenseDeclared ? { licenseDeclared: renameLicenseRefs(p.licenseDeclared, licenseIds) } : {}) });
    }
    relationships.push({ spdxElementId: ids.get(imageId)!, relationshipType: 'VARIANT_OF', relatedSpdxElement: indexId });
    for (const rel of doc.relationships.filter((x) => !DESCRIBES(x))) {
      relationships.push({ ...rel, spdxElementId: ids.get(rel.spdxElementId) ?? rel.spdxElementId, relatedSpdxElement: ids.get(rel.relatedSpdxElement) ?? rel.relatedSpdxElement });
    }
  });
  const { hasExtractedLicensingInfos: _one, ...base } = first!;
  return {
    ...base,
    name,
    documentNamespace: `${NAMESPACE_BASE}/${encodeURIComponent(name)}-${uuidV5(`hullscan:spdx:${identities.join(',')}`)}`,
    packages,
    relationships,
    ...(extracted.size ? { hasExtractedLicensingInfos: [...extracted.values()].sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1)) } : {}),
  };
}

/** A licence expression with some LicenseRef- ids renamed (whole ids only). */
function renameLicenseRefs(expression: string, renamed: ReadonlyMap<string, string>): string {
  return expression.replace(/LicenseRef-[A-Za-z0-9.-]+/g, (id) => renamed.get(id) ?? id);
}

export const spdxWriter: ReportWriter = {
  format: 'spdx',
  description: 'SPDX 2.3 JSON with vulnerabilities as security references',
  extension: 'spdx.json',
  write: (outcome, opts) => JSON.stringify(renderSpdx(outcome, opts), null, 2) + '\n',
};
