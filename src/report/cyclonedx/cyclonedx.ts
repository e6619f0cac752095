// CycloneDX 1.6 JSON: the inventory's BOM (components, from the SBOM writer) plus a vulnerabilities section that is VEX-ready: each
// vulnerability carries affects[] refs into the components and an analysis state (in_triage for what
// the scan reports; not_affected / resolved, with justification, for what a VEX document suppressed).
// A multi-platform scan is one BOM: metadata.component is the multi-platform image with each platform image as a
// sub-component (CycloneDX assemblies); the platforms' OS and packages are the components, their bom-refs scoped
// by platform ('linux/arm64/v8:pkg:deb/...'); dependencies go image index → platform images → their packages.
import type { Finding, ScanResult } from '../../match/model.js';
import type { PolicyOutcome, Suppressed } from '../../policy/apply.js';
import type { SeverityLevel, SeverityRating } from '../../vulndb/model.js';
import type { Package } from '../../inventory/model.js';
import { cycloneDxRefs, toCycloneDX } from '../../inventory/sbom/cyclonedx.js';
import { imageIdentity, sharedIndex, uuidV5 } from '../../inventory/sbom/common.js';
import { TOOL_NAME, type ReportOptions, type ReportWriter } from '../types.js';
import { multiPlatformName, platformKeys } from '../platforms.js';
import { redactOutcome } from '../redact.js';

const CDX_SEVERITY: Record<SeverityLevel, string> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low', NEGLIGIBLE: 'info', UNKNOWN: 'unknown' };

function method(r: SeverityRating): string {
  if (r.type === 'CVSS_V2') return 'CVSSv2';
  if (r.type === 'CVSS_V4') return 'CVSSv4';
  if (r.type === 'CVSS_V3') return r.vector?.startsWith('CVSS:3.1') ? 'CVSSv31' : 'CVSSv3';
  return 'other';
}

// OpenVEX justifications mapped onto CycloneDX's closest ones.
const JUSTIFICATION: Record<string, string> = {
  component_not_present: 'code_not_present', vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable', vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
  code_not_present: 'code_not_present', code_not_reachable: 'code_not_reachable', requires_configuration: 'requires_configuration',
  requires_dependency: 'requires_dependency', requires_environment: 'requires_environment', protected_by_compiler: 'protected_by_compiler',
  protected_at_runtime: 'protected_at_runtime', protected_at_perimeter: 'protected_at_perimeter', protected_by_mitigating_control: 'protected_by_mitigating_control',
};

function sourceOf(id: string): { name: string; url?: string } {
  if (id.startsWith('CVE-')) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (id.startsWith('GHSA-')) return { name: 'GitHub', url: `https://github.com/advisories/${id}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${id}` };
}

interface VulnEntry { first: Finding; refs: Set<string>; analysis: Record<string, unknown> }

type BomRefOf = (pkg: Package) => string | undefined;

/** One image's share of the vulnerabilities section: its findings, what VEX suppressed in it, its components' refs. */
export interface VulnerabilitySource { result: ScanResult; suppressed: readonly Suppressed[]; bomRefOf: BomRefOf }

/**
 * The vulnerabilities section: remaining findings as in_triage, VEX-suppressed ones with the VEX verdict; one
 * entry per id and analysis, affecting every component it was found in (over all the images given).
 */
export function cyclonedxVulnerabilities(sources: readonly VulnerabilitySource[]): object[] {
  const byId = new Map<string, VulnEntry>();
  const add = (f: Finding, analysis: Record<string, unknown>, bomRefOf: BomRefOf) => {
    const key = `${f.id}\0${JSON.stringify(analysis)}`;
    let e = byId.get(key);
    if (!e) byId.set(key, (e = { first: f, refs: new Set(), analysis }));
    const ref = bomRefOf(f.package);
    if (ref) e.refs.add(ref);
  };
  for (const { result, suppressed, bomRefOf } of sources) {
    for (const f of result.findings) add(f, { state: 'in_triage', detail: f.evidence.map((e) => `${e.source} ${e.record}: ${e.decidedBy}`).join('; ') }, bomRefOf);
    for (const s of suppressed) {
      if (s.kind !== 'vex' || !s.vex) continue;
      const state = s.vex.status === 'fixed' ? 'resolved' : 'not_affected';
      const j = s.vex.justification ? JUSTIFICATION[s.vex.justification] : undefined;
      add(s.finding, { state, ...(j && state === 'not_affected' ? { justification: j } : {}), detail: `${s.vex.format} ${s.vex.document}${s.vex.impact ? `: ${s.vex.impact}` : ''}` }, bomRefOf);
    }
  }
  return [...byId.values()]
    .sort((a, b) => (a.first.id < b.first.id ? -1 : a.first.id > b.first.id ? 1 : String(a.analysis.state) < String(b.analysis.state) ? -1 : 1))
    .map(({ first: f, refs, analysis }, i) => {
      const ratings = f.ratings.filter((x) => x.score !== undefined || x.level).map((x) => ({
        source: { name: x.source }, ...(x.score !== undefined ? { score: x.score } : {}),
        severity: CDX_SEVERITY[x.level ?? f.severity], method: method(x), ...(x.vector ? { vector: x.vector } : {}),
      }));
      if (!ratings.length) ratings.push({ source: { name: f.severitySource || TOOL_NAME }, severity: CDX_SEVERITY[f.severity], method: 'other' });
      const cwes = f.cwes.map((c) => Number(c.replace(/^CWE-/, ''))).filter((n) => Number.isInteger(n) && n > 0);
      return {
        'bom-ref': `vuln-${i + 1}-${f.id}`,
        id: f.id,
        source: sourceOf(f.id),
        ...(f.aliases.length ? { references: f.aliases.map((a) => ({ id: a, source: sourceOf(a) })) } : {}),
        ratings,
        ...(cwes.length ? { cwes } : {}),
        ...(f.description || f.title ? { description: f.description ?? f.title } : {}),
        ...(f.fixedVersion ? { recommendation: `Upgrade ${f.package.name} to ${f.fixedVersion} or later.` } : {}),
        ...(f.references.length ? { advisories: f.references.filter((u) => /^https?:\/\//.test(u)).map((url) => ({ url })) } : {}),
        analysis,
        affects: [...refs].sort().map((ref) => ({ ref })),
        ...(f.kev ? { properties: [{ name: 'hullscan:kev:dateAdded', value: f.kev.dateAdded }] } : {}),
      };
    });
}

/** The inventory's BOM (src/inventory/sbom/cyclonedx.ts) extended with the vulnerabilities section; every platform of a multi-platform scan. */
export function renderCycloneDx(raw: PolicyOutcome, opts: ReportOptions = {}): object {
  const outcome = redactOutcome(raw);
  const [r, ...others] = outcome.results;
  if (!r) return { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [], vulnerabilities: [] };
  if (others.length) return multiPlatformBom(outcome, opts);
  return toCycloneDX(r.inventory, {
    timestamp: opts.now ?? new Date(),
    toolVersion: opts.toolVersion,
    vulnerabilities: (bomRefOf) => cyclonedxVulnerabilities([{ result: r, suppressed: outcome.suppressed.filter((s) => s.result === 0), bomRefOf }]),
  });
}

type Json = Record<string, unknown>;
type Component = Json & { 'bom-ref': string; properties?: { name: string; value: string }[] };

/** Several platform images under one multi-platform image component, their components' bom-refs scoped by platform. */
function multiPlatformBom(outcome: PolicyOutcome, opts: ReportOptions): object {
  const keys = platformKeys(outcome.results);
  const name = multiPlatformName(outcome.results);
  const indexRef = `image-index:${name}`;
  const platformImages: Component[] = [];
  const components: Component[] = [];
  const dependencies: { ref: string; dependsOn: string[] }[] = [{ ref: indexRef, dependsOn: [] }];
  const sources: VulnerabilitySource[] = [];
  let first: Json | undefined;
  const imageRefs = new Set<string>();
  outcome.results.forEach((r, i) => {
    const key = keys[i]!;
    const bomRefOf = cycloneDxRefs(r.inventory);
    const bom = toCycloneDX(r.inventory, { timestamp: opts.now ?? new Date(), toolVersion: opts.toolVersion });
    first ??= bom;
    const image = (bom.metadata as { component: Component }).component;
    // The image keeps its own ref (its digest) unless the same image was scanned twice; everything else is scoped.
    const imageRef = imageRefs.has(image['bom-ref']) ? `${key}:${image['bom-ref']}` : image['bom-ref'];
    imageRefs.add(imageRef);
    const scoped = (ref: string) => (ref === image['bom-ref'] ? imageRef : `${key}:${ref}`);
    platformImages.push({ ...image, 'bom-ref': imageRef });
    dependencies[0]!.dependsOn.push(imageRef);
    for (const c of bom.components as Component[]) {
      components.push({ ...c, 'bom-ref': scoped(c['bom-ref']), properties: [...(c.properties ?? []), { name: 'hullscan:image:platform', value: r.inventory.image.platform }] });
    }
    for (const d of (bom.dependencies ?? []) as { ref: string; dependsOn?: string[] }[]) dependencies.push({ ref: scoped(d.ref), dependsOn: (d.dependsOn ?? []).map(scoped) });
    sources.push({ result: r, suppressed: outcome.suppressed.filter((s) => s.result === i), bomRefOf: (pkg) => { const ref = bomRefOf(pkg); return ref && scoped(ref); } });
  });
  const identities = outcome.results.map((r) => imageIdentity(r.inventory));
  const index = sharedIndex(outcome.results.map((r) => r.inventory));
  return {
    ...first,
    serialNumber: `urn:uuid:${uuidV5(`hullscan:cyclonedx:${identities.join(',')}`)}`,
    metadata: {
      ...(first!.metadata as Json),
      component: {
        type: 'container',
        'bom-ref': indexRef,
        name,
        ...(index ? { version: index.digest, purl: index.purl } : {}),
        description: `multi-platform image: ${outcome.results.map((r) => r.inventory.image.platform).join(', ')}`,
        properties: [
          { name: 'hullscan:image:reference', value: outcome.results[0]!.inventory.image.reference },
          ...outcome.results.map((r) => ({ name: 'hullscan:image:platform', value: r.inventory.image.platform })),
        ],
        components: platformImages,
      },
    },
    components,
    dependencies,
    vulnerabilities: cyclonedxVulnerabilities(sources),
  };
}

export const cyclonedxWriter: ReportWriter = {
  format: 'cyclonedx',
  description: 'CycloneDX 1.6 SBOM with vulnerabilities (VEX analysis states)',
  extension: 'cdx.json',
  write: (outcome, opts) => JSON.stringify(renderCycloneDx(outcome, opts), null, 2) + '\n',
};
