// The outputs of `hullscan config`: a terminal table per file, JSON, and SARIF 2.1.0 whose results point
// at the Dockerfile lines (region startLine/endLine), so GitHub code scanning annotates the instruction.
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import type { Misconfiguration } from '../../analyze/types.js';
import { SEVERITY_LEVELS, emptyCounts, severityRank, type SeverityCounts } from '../../policy/severity.js';
import { colorSeverity, bold, dim } from '../../report/table/ansi.js';
import { artifactUri } from '../../report/sarif/sarif.js';
import { TOOL_NAME, TOOL_URI, TOOL_VERSION } from '../../report/types.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { MISCONFIG_RULES } from '../rules.js';
import type { DockerfileResult } from './scan.js';

export const CONFIG_FORMATS = ['table', 'json', 'sarif'] as const;
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];

/** Keeps only findings of the given severities. */
export function filterSeverities(results: DockerfileResult[], severities: SeverityLevel[]): DockerfileResult[] {
  return results.map((r) => ({ ...r, findings: r.findings.filter((f) => severities.includes(f.severity)) }));
}

/** Findings at or above `threshold` (any finding when no threshold). */
export function failingFindings(results: DockerfileResult[], threshold?: SeverityLevel): Misconfiguration[] {
  const all = results.flatMap((r) => r.findings);
  return threshold ? all.filter((f) => severityRank(f.severity) >= severityRank(threshold)) : all;
}

export function countFindings(results: DockerfileResult[]): SeverityCounts {
  const counts = emptyCounts();
  for (const f of results.flatMap((r) => r.findings)) counts[f.severity]++;
  return counts;
}

function lines(f: Misconfiguration): string {
  const l = f.location;
  if (!l?.startLine) return '';
  return l.endLine && l.endLine !== l.startLine ? `${l.startLine}-${l.endLine}` : String(l.startLine);
}

/** Per file: a header, then each finding (line, severity, id, title), its message and its fix. */
export function renderConfigTable(results: DockerfileResult[], opts: { color?: boolean } = {}): string {
  const color = !!opts.color;
  const out: string[] = [];
  for (const r of results) {
    const counts = emptyCounts();
    for (const f of r.findings) counts[f.severity]++;
    const total = r.findings.length;
    out.push(color ? bold(r.path) : r.path);
    out.push('='.repeat(Math.min(r.path.length, 120)));
    if (r.error) {
      out.push(`not checked: ${r.error}`, '');
      continue;
    }
    out.push(`Misconfigurations: ${total} (` + SEVERITY_LEVELS.slice(0, 4).map((s) => colorSeverity(s, `${s}: ${counts[s]}`, color && counts[s] > 0)).join(', ') + ')');
    if (r.ignored?.length) out.push(`Ignored by '# hullscan:ignore' comments: ${r.ignored.map((f) => `${f.id} (line ${lines(f)})`).join(', ')}`);
    for (const w of r.warnings) out.push(`warning: ${w}`);
    out.push('');
    const lineWidth = Math.max(4, ...r.findings.map((f) => lines(f).length));
    for (const f of r.findings) {
      const sev = colorSeverity(f.severity, f.severity.padEnd(8), color);
      out.push(`${lines(f).padStart(lineWidth)}  ${sev}  ${f.id}  ${color ? bold(f.title) : f.title}`);
      const indent = ' '.repeat(lineWidth + 2);
      out.push(`${indent}${f.message}`);
      if (f.resolution) out.push(`${indent}${color ? dim('Fix: ' + f.resolution) : 'Fix: ' + f.resolution}`);
      out.push('');
    }
    if (!total) out.push('No misconfigurations found.', '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/**
 * JSON, schemaVersion 1:
 * { schemaVersion: 1, tool: { name, version }, summary: { files, findings, bySeverity: { CRITICAL..UNKNOWN } },
 *   files: [{ path, error?, warnings: string[],
 *             findings: [{ id, title, severity, message, description, resolution, cis?, references?,
 *                          location: { path, startLine, endLine } }],
 *             ignored: [same shape: findings silenced by '# hullscan:ignore ID' comments] }] }
 */
export function renderConfigJson(results: DockerfileResult[], toolVersion = TOOL_VERSION): string {
  const doc = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: toolVersion },
    summary: { files: results.length, findings: results.reduce((n, r) => n + r.findings.length, 0), bySeverity: countFindings(results) },
    files: results.map((r) => ({ path: r.path, ...(r.error ? { error: r.error } : {}), warnings: r.warnings, findings: r.findings, ignored: r.ignored ?? [] })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const LEVEL: Record<SeverityLevel, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', NEGLIGIBLE: 'note', UNKNOWN: 'warning',
};
const SCORE: Record<SeverityLevel, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', NEGLIGIBLE: '0.1', UNKNOWN: '0.0' };

/** A repository-relative URI when the file is under `root` (what code scanning expects), else the path as a URI. */
function fileUri(path: string, root: string): string {
  const rel = isAbsolute(path) ? relative(root, path) : path;
  const inside = !rel.startsWith('..') && !isAbsolute(rel);
  return artifactUri((inside ? rel : path).split(sep).join('/'));
}

/** SARIF 2.1.0: one rule per catalogue id used, one result per finding, located at the Dockerfile lines. */
export function renderConfigSarif(results: DockerfileResult[], opts: { root?: string; toolVersion?: string } = {}): object {
  const root = opts.root ?? process.cwd();
  const used = new Set(results.flatMap((r) => r.findings.map((f) => f.id)));
  const rules = MISCONFIG_RULES.filter((r) => used.has(r.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) => r.findings.map((f) => {
    const uri = fileUri(f.location?.path ?? r.path, root);
    const startLine = f.location?.startLine ?? 1;
    const endLine = Math.max(startLine, f.location?.endLine ?? startLine);
    return {
      ruleId: f.id,
      ruleIndex: ruleIndex.get(f.id)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine, endLine } } }],
      partialFingerprints: { 'hullscanConfig/v1': createHash('sha256').update(`${uri}\0${f.id}\0${f.message}`).digest('hex') },
    };
  }));
  const notifications = results.filter((r) => r.error).map((r) => ({
    level: 'error' as const,
    message: { text: r.error! },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(r.path, root), uriBaseId: '%SRCROOT%' } } }],
  }));
  const version = opts.toolVersion ?? TOOL_VERSION;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME, version, semanticVersion: version, informationUri: TOOL_URI,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            ...(r.references?.[0] ? { helpUri: r.references[0] } : {}),
            help: { text: `${r.description}\nFix: ${r.resolution}`, markdown: `**${r.title}**\n\n${r.description}\n\n**Fix:** ${r.resolution}` },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: { tags: ['security', 'misconfiguration', 'dockerfile', ...(r.cis ? [`CIS-Docker-${r.cis}`] : [])], precision: 'very-high', 'security-severity': SCORE[r.severity] },
          })),
        },
      },
      ...(notifications.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToUri(root) } },
      results: sarifResults,
      columnKind: 'utf16CodeUnits',
    }],
  };
}

function pathToUri(dir: string): string {
  const abs = dir.endsWith('/') ? dir : dir + '/';
  return 'file://' + abs.split('/').map(encodeURIComponent).join('/');
}

export function renderConfig(format: ConfigFormat, results: DockerfileResult[], opts: { color?: boolean; root?: string } = {}): string {
  if (format === 'json') return renderConfigJson(results);
  if (format === 'sarif') return JSON.stringify(renderConfigSarif(results, opts), null, 2) + '\n';
  return renderConfigTable(results, opts);
}
