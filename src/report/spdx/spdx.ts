// SPDX 2.3 JSON: the image as the described package, every package it CONTAINS, and vulnerabilities as
// SPDX 2.3 SECURITY external references (advisory URLs, plus a fix reference when a fixed version exists).
import type { Finding } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { packageKeys, spdxExpression, uuidFrom } from '../sbom-common.js';
import { imageName } from '../targets.js';
import { TOOL_NAME, TOOL_VERSION, type ReportOptions, type ReportWriter } from '../types.js';

/** SPDXRef ids allow only letters, digits, '.' and '-'. */
const spdxId = (n: number, name: string) => `SPDXRef-Package-${n}-${name.replace(/[^A-Za-z0-9.-]+/g, '-').slice(0, 60)}`;

export function advisoryUrl(id: string): string {
  if (id.startsWith('CVE-')) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (id.startsWith('GHSA-')) return `https://github.com/advisories/${id}`;
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

export function renderSpdx(outcome: PolicyOutcome, opts: ReportOptions = {}): object {
  const r = outcome.results[0];
  const created = (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const tool = `Tool: ${TOOL_NAME}-${opts.toolVersion ?? TOOL_VERSION}`;
  const name = r ? imageName(r.inventory) : 'empty';
  const doc: Record<string, unknown> = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://hullscan.dev/spdx/${encodeURIComponent(name)}-${uuidFrom(`${r?.inventory.image.configDigest ?? ''}\0${created}`)}`,
    creationInfo: { created, creators: [tool] },
  };
  if (!r) return { ...doc, packages: [], relationships: [] };
  const image = r.inventory.image;
  const findingsByPackage = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = findingsByPackage.get(f.package.purl) ?? [];
    list.push(f);
    findingsByPackage.set(f.package.purl, list);
  }
  const keys = packageKeys(r.inventory.packages);
  const ids = new Map<string, string>();
  const packages: object[] = [{
    SPDXID: 'SPDXRef-Image', name, ...(image.digest ? { versionInfo: image.digest } : {}),
    downloadLocation: 'NOASSERTION', filesAnalyzed: false, primaryPackagePurpose: 'CONTAINER',
    licenseConcluded: 'NOASSERTION', licenseDeclared: 'NOASSERTION', copyrightText: 'NOASSERTION',
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:oci/${encodeURIComponent(name.split(/[:@]/)[0]!.split('/').pop()!)}${image.digest ? `@${encodeURIComponent(image.digest)}` : ''}` }],
  }];
  r.inventory.packages.forEach((p, i) => {
    const id = spdxId(i + 1, p.name);
    ids.set(keys.get(p)!, id);
    const vulns = findingsByPackage.get(p.purl) ?? [];
    const security = vulns.flatMap((f) => [
      { referenceCategory: 'SECURITY', referenceType: 'advisory', referenceLocator: advisoryUrl(f.id), comment: `${f.id} ${f.severity}${f.title ? `: ${f.title}` : ''}` },
      ...(f.fixedVersion ? [{ referenceCategory: 'SECURITY', referenceType: 'fix', referenceLocator: advisoryUrl(f.id), comment: `fixed in ${f.fixedVersion}` }] : []),
    ]);
    const license = spdxExpression(p);
    packages.push({
      SPDXID: id, name: p.name, versionInfo: p.version,
      downloadLocation: 'NOASSERTION', filesAnalyzed: false, primaryPackagePurpose: p.type === 'binary' ? 'APPLICATION' : 'LIBRARY',
      ...(p.source && p.source.name !== p.name ? { sourceInfo: `built from source package ${p.source.name} ${p.source.version ?? ''}`.trim() } : {}),
      licenseConcluded: 'NOASSERTION', licenseDeclared: license ?? 'NOASSERTION', copyrightText: 'NOASSERTION',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }, ...security],
      ...(p.locations[0] ? { comment: `found at ${p.locations[0].path} (layer ${p.locations[0].layer.index}, ${p.locations[0].layer.diffId})` } : {}),
    });
  });
  return {
    ...doc,
    documentDescribes: ['SPDXRef-Image'],
    packages,
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' },
      ...[...ids.values()].map((id) => ({ spdxElementId: 'SPDXRef-Image', relationshipType: 'CONTAINS', relatedSpdxElement: id })),
    ],
  };
}

export const spdxWriter: ReportWriter = {
  format: 'spdx',
  description: 'SPDX 2.3 JSON with vulnerabilities as security references',
  extension: 'spdx.json',
  write: (outcome, opts) => JSON.stringify(renderSpdx(outcome, opts), null, 2) + '\n',
};
