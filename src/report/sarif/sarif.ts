// SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability id (help text, security-severity),
// one result per vulnerable package, located at the package's metadata file inside the image
// (a relative URI, as GitHub requires), with a partial fingerprint that is stable across scans.
import { createHash } from 'node:crypto';
import type { Finding } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { TOOL_NAME, TOOL_URI, TOOL_VERSION, type ReportWriter } from '../types.js';
import { imageName } from '../targets.js';

const LEVEL: Record<SeverityLevel, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', NEGLIGIBLE: 'note', UNKNOWN: 'warning',
};
// GitHub buckets security-severity: >= 9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low.
const LEVEL_SCORE: Partial<Record<SeverityLevel, number>> = { CRITICAL: 9.5, HIGH: 8.0, MEDIUM: 5.5, LOW: 2.0, NEGLIGIBLE: 0.1 };

/** The CVSS base score of the deciding rating when there is one, else the level's midpoint; none for UNKNOWN. */
export function securitySeverity(f: Finding): string | undefined {
  const scored = f.ratings.filter((r) => typeof r.score === 'number' && (r.level === undefined || r.level === f.severity));
  const fromSource = scored.find((r) => r.source === f.severitySource) ?? scored[0];
  const score = fromSource?.score ?? LEVEL_SCORE[f.severity];
  return score === undefined ? undefined : score.toFixed(1);
}

/** Image paths are absolute; SARIF consumers want a relative URI. */
export function artifactUri(path: string | undefined): string {
  return (path ?? 'unknown').replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}

function fingerprint(imageKey: string, f: Finding): string {
  return createHash('sha256').update(`${imageKey}\0${f.id}\0${f.package.purl}\0${f.package.locations[0]?.path ?? ''}`).digest('hex');
}

function helpText(f: Finding): { text: string; markdown: string } {
  const refs = f.references.slice(0, 10);
  const text = [
    `${f.id}${f.title ? `: ${f.title}` : ''}`,
    `Severity: ${f.severity}${f.severitySource ? ` (${f.severitySource})` : ''}`,
    f.aliases.length ? `Aliases: ${f.aliases.join(', ')}` : '',
    f.kev ? `Known exploited (CISA KEV, added ${f.kev.dateAdded})` : '',
    f.description ? `\n${f.description}` : '',
    refs.length ? `\nReferences:\n${refs.join('\n')}` : '',
  ].filter(Boolean).join('\n');
  const markdown = [
    `**${f.id}**${f.title ? `: ${f.title}` : ''}`, '',
    `| Severity | Aliases | Known exploited |`, `|---|---|---|`,
    `| ${f.severity} | ${f.aliases.join(', ') || '—'} | ${f.kev ? `yes (since ${f.kev.dateAdded})` : 'no'} |`,
    f.description ? `\n${f.description}` : '',
    refs.length ? `\n${refs.map((r) => `- <${r}>`).join('\n')}` : '',
  ].join('\n');
  return { text, markdown };
}

export function renderSarif(outcome: PolicyOutcome, toolVersion = TOOL_VERSION): object {
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const results: object[] = [];
  for (const r of outcome.results) {
    const image = imageName(r.inventory);
    const imageKey = r.inventory.image.digest ?? r.inventory.image.configDigest;
    for (const f of r.findings) {
      let index = ruleIndex.get(f.id);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(f.id, index);
        const sev = securitySeverity(f);
        const help = helpText(f);
        rules.push({
          id: f.id,
          name: f.id.replace(/[^A-Za-z0-9]/g, ''),
          shortDescription: { text: (f.title ?? `${f.id} in ${f.package.name}`).slice(0, 1000) },
          fullDescription: { text: (f.description ?? f.title ?? f.id).slice(0, 4000) },
          ...(f.references[0] ? { helpUri: f.references[0] } : {}),
          help,
          defaultConfiguration: { level: LEVEL[f.severity] },
          properties: {
            tags: ['security', 'vulnerability', f.severity],
            precision: 'very-high',
            ...(sev ? { 'security-severity': sev } : {}),
          },
        });
      }
      const loc = f.package.locations[0];
      const layer = loc ? ` (layer ${loc.layer.index}${loc.layer.createdBy ? `: ${loc.layer.createdBy.slice(0, 200)}` : ''})` : '';
      results.push({
        ruleId: f.id,
        ruleIndex: index,
        level: LEVEL[f.severity],
        message: {
          text: `${f.package.name} ${f.installedVersion} in ${image} is affected by ${f.id} (${f.severity}). ` +
            (f.fixedVersion ? `Fixed in ${f.fixedVersion}.` : `No fixed version (${f.status}).`) + ` Found in ${loc?.path ?? 'the image'}${layer}.`,
        },
        locations: [{
          physicalLocation: { artifactLocation: { uri: artifactUri(loc?.path) }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } },
          message: { text: `${image}: ${loc?.path ?? ''}` },
        }],
        partialFingerprints: { 'hullscanFinding/v1': fingerprint(imageKey, f) },
        properties: {
          image, purl: f.package.purl, installedVersion: f.installedVersion,
          ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}), status: f.status,
          ...(loc ? { layer: loc.layer.index, layerDiffId: loc.layer.diffId } : {}),
        },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: toolVersion, semanticVersion: toolVersion, informationUri: TOOL_URI, rules } },
      results,
      columnKind: 'utf16CodeUnits',
    }],
  };
}

export const sarifWriter: ReportWriter = {
  format: 'sarif',
  description: 'SARIF 2.1.0 (GitHub code scanning)',
  extension: 'sarif',
  write: (outcome, opts) => JSON.stringify(renderSarif(outcome, opts.toolVersion), null, 2) + '\n',
};
