// GitLab container-scanning report, security report schema 15.0.x: one vulnerability per finding with
// identifiers (primary: the vulnerability id), location {dependency, operating_system, image}, and a scan block.
// Secrets, misconfigurations and licences are left out: a container-scanning vulnerability must name a
// dependency, an OS and an image, and GitLab takes secrets only from a separate secret-detection report
// (whose locations are a file and a git commit, which an image layer is not). See src/report/README.md.
import { createHash } from 'node:crypto';
import type { PolicyOutcome } from '../../policy/apply.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { imageName } from '../targets.js';
import { TOOL_NAME, TOOL_URI, TOOL_VERSION, type ReportOptions, type ReportWriter } from '../types.js';
import { redactOutcome } from '../redact.js';

export const GITLAB_SCHEMA_VERSION = '15.0.7';

const SEVERITY: Record<SeverityLevel, string> = {
  CRITICAL: 'Critical', HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', NEGLIGIBLE: 'Info', UNKNOWN: 'Unknown',
};

/** GitLab wants timestamps without zone or fraction: 2026-11-24T03:30:00. */
const gitlabTime = (d: Date) => d.toISOString().slice(0, 19);

function identifier(id: string): { type: string; name: string; value: string; url?: string } {
  const type = id.startsWith('CVE-') ? 'cve' : id.startsWith('GHSA-') ? 'ghsa' : id.startsWith('CWE-') ? 'cwe' : id.split('-')[0]!.toLowerCase() || 'id';
  const url = type === 'cve' ? `https://nvd.nist.gov/vuln/detail/${id}` : type === 'ghsa' ? `https://github.com/advisories/${id}` : undefined;
  return { type, name: id, value: id, ...(url ? { url } : {}) };
}

/** A UUID-shaped id derived from the finding, so the same finding keeps its id across scans. */
function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function renderGitlab(raw: PolicyOutcome, opts: ReportOptions = {}): object {
  const outcome = redactOutcome(raw);
  const now = opts.now ?? new Date();
  const version = opts.toolVersion ?? TOOL_VERSION;
  const vulnerabilities: object[] = [];
  for (const r of outcome.results) {
    const image = imageName(r.inventory);
    const os = r.inventory.os && r.inventory.os.family !== 'unknown'
      ? `${r.inventory.os.family}:${r.inventory.os.version ?? r.inventory.os.codename ?? ''}` : 'unknown';
    for (const f of r.findings) {
      const ids = [f.id, ...f.aliases].slice(0, 20);
      const cwe = f.cwes.filter((c) => /^CWE-\d+$/.test(c)).slice(0, Math.max(0, 20 - ids.length));
      vulnerabilities.push({
        id: stableUuid(`${image}\0${f.id}\0${f.package.purl}\0${f.package.locations[0]?.path ?? ''}`),
        name: (f.title ?? `${f.id} in ${f.package.name}`).slice(0, 255),
        description: (f.description ?? f.title ?? f.id).slice(0, 1048576),
        severity: SEVERITY[f.severity],
        solution: f.fixedVersion ? `Upgrade ${f.package.name} to ${f.fixedVersion} or later.` : `No fix available (${f.status}).`,
        identifiers: [...ids.map(identifier), ...cwe.map(identifier)],
        links: f.references.slice(0, 20).map((url) => ({ url })),
        location: {
          dependency: { package: { name: f.package.name }, version: f.installedVersion },
          operating_system: os,
          image,
        },
      });
    }
  }
  const scanner = { id: TOOL_NAME, name: TOOL_NAME, version, url: TOOL_URI, vendor: { name: TOOL_NAME } };
  return {
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: scanner, scanner,
      type: 'container_scanning',
      start_time: gitlabTime(now), end_time: gitlabTime(now),
      status: 'success',
    },
    vulnerabilities,
    remediations: [],
  };
}

export const gitlabWriter: ReportWriter = {
  format: 'gitlab',
  description: 'GitLab container-scanning report (schema 15.0)',
  extension: 'json',
  write: (outcome, opts) => JSON.stringify(renderGitlab(outcome, opts), null, 2) + '\n',
};
