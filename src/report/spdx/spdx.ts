// SPDX 2.3 JSON: the inventory's document (src/inventory/sbom/spdx.ts: the image DESCRIBED, every package
// it CONTAINS) with each vulnerable package's findings added as SPDX 2.3 SECURITY external references:
// an `advisory` reference per vulnerability and a `fix` reference when a fixed version exists.
import type { Finding } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { toSpdx } from '../../inventory/sbom/spdx.js';
import type { ReportOptions, ReportWriter } from '../types.js';
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

type SpdxPackage = { externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[] };

export function renderSpdx(raw: PolicyOutcome, opts: ReportOptions = {}): object {
  const outcome = redactOutcome(raw);
  const r = outcome.results[0];
  if (!r) throw new Error('renderSpdx: no scan result');
  const doc = toSpdx(r.inventory, { timestamp: opts.now ?? new Date(), toolVersion: opts.toolVersion, namespaceBase: 'https://hullscan.invalid/spdx' });
  const byPurl = new Map<string, Finding[]>();
  for (const f of r.findings) byPurl.set(f.package.purl, [...(byPurl.get(f.package.purl) ?? []), f]);
  for (const p of doc.packages as SpdxPackage[]) {
    const purl = p.externalRefs?.find((e) => e.referenceType === 'purl')?.referenceLocator;
    const findings = purl ? byPurl.get(purl) : undefined;
    if (findings) p.externalRefs!.push(...(securityRefs(findings) as never[]));
  }
  return doc;
}

export const spdxWriter: ReportWriter = {
  format: 'spdx',
  description: 'SPDX 2.3 JSON with vulnerabilities as security references',
  extension: 'spdx.json',
  write: (outcome, opts) => JSON.stringify(renderSpdx(outcome, opts), null, 2) + '\n',
};
