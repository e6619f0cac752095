// CycloneDX 1.6 JSON: the inventory's BOM (components, from the SBOM writer) plus a vulnerabilities section that is VEX-ready: each
// vulnerability carries affects[] refs into the components and an analysis state (in_triage for what
// the scan reports; not_affected / resolved, with justification, for what a VEX document suppressed).
import type { Finding, ScanResult } from '../../match/model.js';
import type { PolicyOutcome, Suppressed } from '../../policy/apply.js';
import type { SeverityLevel, SeverityRating } from '../../vulndb/model.js';
import type { Package } from '../../inventory/model.js';
import { toCycloneDX } from '../../inventory/sbom/cyclonedx.js';
import { TOOL_NAME, type ReportOptions, type ReportWriter } from '../types.js';
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

/** The vulnerabilities section: remaining findings as in_triage, VEX-suppressed ones with the VEX verdict. */
export function cyclonedxVulnerabilities(r: ScanResult, bomRefOf: BomRefOf, suppressed: readonly Suppressed[]): object[] {
  const byId = new Map<string, VulnEntry>();
  const add = (f: Finding, analysis: Record<string, unknown>) => {
    const key = `${f.id}\0${JSON.stringify(analysis)}`;
    let e = byId.get(key);
    if (!e) byId.set(key, (e = { first: f, refs: new Set(), analysis }));
    const ref = bomRefOf(f.package);
    if (ref) e.refs.add(ref);
  };
  for (const f of r.findings) add(f, { state: 'in_triage', detail: f.evidence.map((e) => `${e.source} ${e.record}: ${e.decidedBy}`).join('; ') });
  for (const s of suppressed) {
    if (s.kind !== 'vex' || !s.vex) continue;
    const state = s.vex.status === 'fixed' ? 'resolved' : 'not_affected';
    const j = s.vex.justification ? JUSTIFICATION[s.vex.justification] : undefined;
    add(s.finding, { state, ...(j && state === 'not_affected' ? { justification: j } : {}), detail: `${s.vex.format} ${s.vex.document}${s.vex.impact ? `: ${s.vex.impact}` : ''}` });
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

/** The inventory's BOM (src/inventory/sbom/cyclonedx.ts) extended with the vulnerabilities section. */
export function renderCycloneDx(raw: PolicyOutcome, opts: ReportOptions = {}): object {
  const outcome = redactOutcome(raw);
  // One BOM describes one image: the first result (the CLI scans one platform unless asked otherwise).
  const r = outcome.results[0];
  if (!r) return { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [], vulnerabilities: [] };
  const suppressed = outcome.suppressed.filter((s) => s.result === 0);
  return toCycloneDX(r.inventory, {
    timestamp: opts.now ?? new Date(),
    toolVersion: opts.toolVersion,
    vulnerabilities: (bomRefOf) => cyclonedxVulnerabilities(r, bomRefOf, suppressed),
  });
}

export const cyclonedxWriter: ReportWriter = {
  format: 'cyclonedx',
  description: 'CycloneDX 1.6 SBOM with vulnerabilities (VEX analysis states)',
  extension: 'cdx.json',
  write: (outcome, opts) => JSON.stringify(renderCycloneDx(outcome, opts), null, 2) + '\n',
};
