// SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability id (help text, security-severity),
// one result per vulnerable package, located at the package's metadata file inside the image
// (a relative URI, as GitHub requires), with a partial fingerprint that is stable across scans.
// Secrets, misconfigurations and licences: a rule per secret rule, misconfiguration id and licence; results
// at the secret's file and line, the Dockerfile region, the package's metadata file, or the image itself
// (its name as the artifact) for what is in the image configuration.
import { createHash } from 'node:crypto';
import type { ImageMeta, LayerRef } from '../../inventory/model.js';
import type { Finding, ScanResult } from '../../match/model.js';
import { otherId, type OtherFinding } from '../../policy/kinds.js';
import { layerLabel, layerStep } from '../../inventory/layer-label.js';
import { deletedNote, misconfigWhere, secretLayer, secretWhere } from '../other-findings.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { TOOL_NAME, TOOL_URI, TOOL_VERSION, type ReportWriter } from '../types.js';
import { resultNames } from '../platforms.js';
import { redactOutcome } from '../redact.js';

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

/** Result properties naming a layer: the words people read ('layer 4 of 5 (sha256:…)'), the 0-based index, the diffID. */
function layerProperties(l: LayerRef, image: ImageMeta): Record<string, unknown> {
  return { layer: layerLabel(l, image), layerIndex: l.index, layerDiffId: l.diffId };
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

export function renderSarif(raw: PolicyOutcome, toolVersion = TOOL_VERSION): object {
  const outcome = redactOutcome(raw);
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const results: object[] = [];
  const names = resultNames(outcome.results);
  for (const [i, r] of outcome.results.entries()) {
    const image = names[i]!;
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
      const layer = loc ? `, added by ${layerStep(loc.layer, r.inventory.image).slice(0, 260)}` : '';
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
          ...(loc ? layerProperties(loc.layer, r.inventory.image) : {}),
        },
      });
    }
  }
  outcome.results.forEach((r, i) => addOtherResults(r, names[i]!, rules, ruleIndex, results));
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

const camel = (title: string) => title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
const hash = (...parts: (string | number | undefined)[]) => createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\0')).digest('hex');

/** A SARIF rule for a secret rule, a misconfiguration id or a licence. */
function otherRule(o: OtherFinding): object {
  const level = LEVEL[o.finding.severity];
  const sev = LEVEL_SCORE[o.finding.severity];
  switch (o.kind) {
    case 'secret': {
      const x = o.finding;
      const text = `${x.title} (${x.category}). A secret baked into an image layer can be read by anyone who can pull the image, ` +
        'even when a later layer deletes the file: revoke and rotate it, then rebuild without it (build secrets: RUN --mount=type=secret).';
      return {
        id: x.rule, name: camel(x.title), shortDescription: { text: x.title }, fullDescription: { text },
        help: { text, markdown: `**${x.title}** (${x.category})\n\n${text}` }, defaultConfiguration: { level },
        properties: { tags: ['security', 'secret', x.category], precision: 'high', ...(sev ? { 'security-severity': sev.toFixed(1) } : {}) },
      };
    }
    case 'misconfiguration': {
      const m = o.finding;
      const text = [m.title, m.description ?? '', m.resolution ? `Fix: ${m.resolution}` : '', m.cis ? `CIS Docker Benchmark ${m.cis}` : ''].filter(Boolean).join('\n');
      return {
        id: m.id, name: camel(m.title), shortDescription: { text: m.title }, fullDescription: { text: m.description ?? m.title },
        ...(m.references?.[0] ? { helpUri: m.references[0] } : {}),
        help: { text, markdown: `**${m.id}: ${m.title}**\n\n${m.description ?? ''}\n\n${m.resolution ? `**Fix:** ${m.resolution}` : ''}${m.cis ? `\n\nCIS Docker Benchmark ${m.cis}` : ''}` },
        defaultConfiguration: { level },
        properties: { tags: ['security', 'misconfiguration', ...(m.cis ? [`CIS-${m.cis}`] : [])], precision: 'very-high', ...(sev ? { 'security-severity': sev.toFixed(1) } : {}) },
      };
    }
    case 'license': {
      const l = o.finding;
      const text = `Licence ${l.license}${l.spdx ? '' : ' (not an SPDX expression)'}: ${l.classification}.`;
      return {
        id: licenseRuleId(l.license), name: `License${camel(l.classification)}`, shortDescription: { text: `Licence ${l.license}`.slice(0, 1000) },
        fullDescription: { text }, help: { text, markdown: text }, defaultConfiguration: { level },
        properties: { tags: ['license', l.classification], precision: 'high' },
      };
    }
  }
}

/** Licence rule ids: 'license/GPL-3.0-only'; raw (non-SPDX) texts get a short stable id. */
function licenseRuleId(license: string): string {
  return /^[A-Za-z0-9.+\-() ]{1,80}$/.test(license) ? `license/${license}` : `license/text-${hash(license).slice(0, 12)}`;
}

const ruleIdOf = (o: OtherFinding) => (o.kind === 'license' ? licenseRuleId(o.finding.license) : otherId(o));

function region(startLine?: number, endLine?: number, snippet?: string): object {
  return { startLine: startLine ?? 1, ...(endLine && startLine && endLine > startLine ? { endLine } : {}), ...(snippet ? { snippet: { text: snippet } } : {}) };
}

/** Results for secrets (file and line, or the image configuration), misconfigurations (Dockerfile region when present) and licences (the package's metadata file). */
function addOtherResults(r: ScanResult, image: string, rules: object[], ruleIndex: Map<string, number>, results: object[]): void {
  const imageKey = r.inventory.image.digest ?? r.inventory.image.configDigest;
  const others: OtherFinding[] = [
    ...r.inventory.secrets.map((finding) => ({ kind: 'secret' as const, finding })),
    ...r.inventory.misconfigurations.map((finding) => ({ kind: 'misconfiguration' as const, finding })),
    ...(r.licenses ?? []).map((finding) => ({ kind: 'license' as const, finding })),
  ];
  for (const o of others) {
    const id = ruleIdOf(o);
    const key = `${o.kind}\0${id}`;
    let index = ruleIndex.get(key);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(key, index);
      rules.push(otherRule(o));
    }
    let uri: string, where: string, reg: object, text: string, fp: string, properties: Record<string, unknown>;
    if (o.kind === 'secret') {
      const x = o.finding;
      const inConfig = x.path.startsWith('config:');
      uri = artifactUri(inConfig ? image : x.path);
      where = secretWhere(x);
      reg = region(inConfig ? 1 : x.line, undefined, x.match);
      const layer = secretLayer(x, r.inventory.image);
      text = `${x.title} in ${image} at ${where}${layer ? `, added by ${layer.slice(0, 260)}` : ''}.${x.deleted ? ` The file was ${deletedNote(x, r.inventory.image)}.` : ''} Match: ${x.match}`;
      fp = hash(imageKey, x.rule, x.path, x.line, x.layer?.index);
      properties = { image, kind: 'secret', category: x.category, deleted: x.deleted, ...(x.layer ? layerProperties(x.layer, r.inventory.image) : {}) };
    } else if (o.kind === 'misconfiguration') {
      const m = o.finding;
      uri = artifactUri(m.location?.path ?? image);
      where = misconfigWhere(m, r.inventory.image);
      reg = region(m.location?.startLine, m.location?.endLine);
      text = `${m.id} ${m.title}: ${m.message} (${image}, ${where}).${m.resolution ? ` Fix: ${m.resolution}` : ''}`;
      fp = hash(imageKey, m.id, m.location?.path, m.location?.startLine, m.message);
      properties = { image, kind: 'misconfiguration', ...(m.cis ? { cis: m.cis } : {}) };
    } else {
      const l = o.finding;
      const loc = l.package.locations[0];
      uri = artifactUri(loc?.path);
      where = loc?.path ?? 'the image';
      reg = region(1);
      text = `${l.package.name} ${l.package.version} in ${image} is licensed under ${l.license} (${l.classification}, ${l.severity}): ${l.reason}.`;
      fp = hash(imageKey, 'license', l.license, l.package.purl, loc?.path);
      properties = { image, kind: 'license', purl: l.package.purl, classification: l.classification };
    }
    results.push({
      ruleId: id, ruleIndex: index, level: LEVEL[o.finding.severity], message: { text },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: reg }, message: { text: `${image}: ${where}` } }],
      partialFingerprints: { 'hullscanFinding/v1': fp },
      properties,
    });
  }
}

export const sarifWriter: ReportWriter = {
  format: 'sarif',
  description: 'SARIF 2.1.0 (GitHub code scanning)',
  extension: 'sarif',
  write: (outcome, opts) => JSON.stringify(renderSarif(outcome, opts.toolVersion), null, 2) + '\n',
};
