// Self-contained HTML report: no external assets (inline CSS, inline JS, inline SVG chart), and a
// Content-Security-Policy that allows exactly that style and that script (by hash). Rows are rendered
// server-side so the page reads without JavaScript; the script (filters.ts) adds sorting and filtering to the
// findings, secrets, misconfigurations and licences alike. Layers read 'layer 4 of 5' (layer-label.ts).
// Descriptions are left out (titles only) to keep a 500-finding page well under 1 MB. Secrets (with the layer and
// step that added them), misconfigurations and licences (by class) have their own sections per image.
import { createHash } from 'node:crypto';
import type { ImageMeta, LayerRef } from '../../inventory/model.js';
import type { Finding, ScanResult } from '../../match/model.js';
import { FINDING_KINDS, kindNoun, licensesByClass } from '../../policy/kinds.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { deletedNote, failingPhrase, misconfigWhere, secretLayer, secretWhere, showsSection, suppressedOtherPhrase, VULNS_NOT_SCANNED, vulnsScanned } from '../other-findings.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { SEVERITY_LEVELS, severityRank, type SeverityCounts } from '../../policy/severity.js';
import { countBySeverity } from '../../policy/unique.js';
import { describeAction, fixPlan } from '../remediation/fix-plan.js';
import { osSupport } from '../summary/eol.js';
import { layerLabel, layerOf, layerStep, shortDiffId } from '../../inventory/layer-label.js';
import { resultLabels } from '../platforms.js';
import { imageName, osLabel } from '../targets.js';
import { TOOL_NAME, TOOL_VERSION, type ReportOptions, type ReportWriter } from '../types.js';
import { redactOutcome } from '../redact.js';
import { esc } from './escape.js';
import { distinctOptions, FILTER_SCRIPT, filterBar, SEVERITY_FILTER, type FilterSelect } from './filters.js';

export { esc };

const COLORS: Record<string, string> = { CRITICAL: '#b3001b', HIGH: '#e4572e', MEDIUM: '#f3a712', LOW: '#2f80ed', NEGLIGIBLE: '#8a8a8a', UNKNOWN: '#a0a0a0' };
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const safeUrl = (u: string | undefined) => (u && /^https?:\/\//i.test(u) ? u : undefined);

/** Horizontal bar chart of unique vulnerabilities per severity. */
export function severityChart(counts: SeverityCounts): string {
  const max = Math.max(1, ...Object.values(counts));
  const rowH = 22, labelW = 96, barW = 300;
  const bars = SEVERITY_LEVELS.map((s, i) => {
    const w = Math.round((counts[s] / max) * barW);
    const y = i * rowH;
    return `<text x="0" y="${y + 15}" class="l">${s}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" fill="${COLORS[s]}"><title>${s}: ${counts[s]}</title></rect><text x="${labelW + w + 6}" y="${y + 15}" class="n">${counts[s]}</text>`;
  }).join('');
  return `<svg class="chart" role="img" aria-label="vulnerabilities per severity" width="${labelW + barW + 50}" height="${rowH * SEVERITY_LEVELS.length}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

/** A layer cell: '4 of 5' (sorts by position), the diffID and build step on hover. */
function layerCell(l: LayerRef | undefined, image: ImageMeta): string {
  return l ? `<td class="nw" data-v="${l.index}" title="${esc(layerStep(l, image))}">${esc(layerOf(l, image))}</td>` : '<td data-v="-1"></td>';
}

/** A findings row; `imageLabel` (several images in one report) adds an Image cell first. */
function findingRow(f: Finding, image: ImageMeta, imageLabel?: string): string {
  const loc = f.package.locations[0];
  const url = safeUrl(f.references[0]);
  const id = url ? `<a href="${esc(url)}" rel="noreferrer">${esc(f.id)}</a>` : esc(f.id);
  const fixable = f.fixedVersion ? '1' : '0';
  return `<tr data-sev="${f.severity}" data-layer="${esc(loc?.layer.diffId ?? '')}" data-fix="${fixable}" data-kev="${f.kev ? 1 : 0}"${imageLabel === undefined ? '' : ` data-image="${esc(imageLabel)}"`}>` +
    (imageLabel === undefined ? '' : `<td>${esc(imageLabel)}</td>`) +
    `<td data-v="${esc(f.id)}">${id}${f.kev ? ' <span class="kev" title="CISA known exploited">KEV</span>' : ''}</td>` +
    `<td data-v="${severityRank(f.severity)}"><span class="sev s-${f.severity}">${f.severity}</span></td>` +
    `<td>${esc(f.package.name)}</td><td>${esc(f.installedVersion)}</td><td>${esc(f.fixedVersion ?? '')}</td><td>${esc(f.status)}</td>` +
    `<td data-v="${f.epss?.score ?? -1}">${f.epss ? (f.epss.score * 100).toFixed(2) + '%' : ''}</td>` +
    layerCell(loc?.layer, image) +
    `<td class="t">${esc(cut(f.title ?? '', 160))}</td></tr>`;
}

function layerTable(r: ScanResult): string {
  const rows = r.inventory.image.layers.filter((l) => !l.empty).map((l) => {
    const pkgs = r.inventory.packages.filter((p) => p.locations[0]?.layer.index === l.index).length;
    const fs = r.findings.filter((f) => f.package.locations[0]?.layer.index === l.index);
    const vulnPkgs = new Set(fs.map((f) => f.package.purl)).size;
    const c = countBySeverity(fs);
    const secrets = r.inventory.secrets.filter((x) => x.layer?.index === l.index).length;
    return `<tr class="layer" data-layer="${esc(l.diffId)}" title="show findings from this layer"><td class="nw">${esc(layerOf(l, r.inventory.image))}</td><td class="cmd"><code>${esc(cut(l.createdBy ?? '(no history)', 300))}</code></td>` +
      `<td><code title="${esc(l.diffId)}">${esc(shortDiffId(l.diffId))}</code></td><td>${pkgs}</td><td>${vulnPkgs}</td>` +
      SEVERITY_LEVELS.map((s) => `<td class="${c[s] ? `s-${s} num` : 'num'}">${c[s]}</td>`).join('') +
      `<td class="num${secrets ? ' s-CRITICAL' : ''}">${secrets}</td></tr>`;
  }).join('\n');
  return `<table class="layers"><thead><tr><th title="counted from the base layer">layer</th><th>created by</th><th>diff id</th><th>packages</th><th>vulnerable</th>${SEVERITY_LEVELS.map((s) => `<th>${s.slice(0, 4)}</th>`).join('')}<th>secrets</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const sevCell = (s: SeverityLevel) => `<td data-v="${severityRank(s)}"><span class="sev s-${s}">${s}</span></td>`;
const sortable = (titles: string[]) => titles.map((h) => { const [n, t] = h.split(':'); return `<th class="sortable"${t ? ' data-type="num"' : ''}>${n}</th>`; }).join('');

/** The layer select of a filter bar: one option per layer, by diffID ('layer 4 of 5 (sha256:…)'). */
function layerFilter(layers: readonly { layer: LayerRef; image: ImageMeta }[], extra: [string, string][] = []): FilterSelect {
  const options = distinctOptions(layers, ({ layer, image }) => [layer.diffId, layerLabel(layer, image)] as const)
    .sort((a, b) => a[1].localeCompare(b[1], 'en', { numeric: true }));
  return { key: 'layer', label: 'Layer', options: [...options, ...extra] };
}

// Secrets from the image configuration (env, history) have no layer: the layer filter names them so.
const CONFIG_LAYER = 'config';

function secretsSection(r: ScanResult, i: number): string {
  if (!showsSection(r, 'secret')) return '';
  if (!r.inventory.secrets.length) return '<h2>Secrets</h2><p class="none">No secrets found.</p>';
  const image = r.inventory.image;
  const scope = `secrets-${i}`;
  const rows = r.inventory.secrets.map((x) => {
    const layer = secretLayer(x, image);
    const note = deletedNote(x, image);
    return `<tr data-sev="${x.severity}" data-rule="${esc(x.rule)}" data-layer="${esc(x.layer?.diffId ?? CONFIG_LAYER)}">${sevCell(x.severity)}<td><code>${esc(x.rule)}</code></td><td>${esc(x.title)}</td>` +
      `<td><code>${esc(secretWhere(x))}</code></td><td class="cmd">${layer ? `<code>${esc(cut(layer, 300))}</code>` : ''}</td>` +
      `<td>${note ? `<span class="deleted">${esc(note)}</span>` : ''}</td><td><code>${esc(cut(x.match, 200))}</code></td></tr>`;
  }).join('\n');
  const layers = r.inventory.secrets.flatMap((x) => (x.layer ? [{ layer: x.layer, image }] : []));
  const bar = filterBar(scope, 'secrets', 'rule, path, step', [
    SEVERITY_FILTER,
    { key: 'rule', label: 'Rule', options: distinctOptions(r.inventory.secrets, (x) => [x.rule, x.rule] as const) },
    layerFilter(layers, r.inventory.secrets.some((x) => !x.layer) ? [[CONFIG_LAYER, 'image configuration']] : []),
  ]);
  return `<h2>Secrets</h2><section id="${scope}">${bar}<table class="secrets"><thead><tr>${sortable(['Severity:num'])}<th>Rule</th><th>Title</th><th>Where</th><th>Added by</th><th>Note</th><th>Match (redacted)</th></tr></thead><tbody>\n${rows}\n</tbody></table></section>`;
}

function misconfigurationsSection(r: ScanResult, i: number): string {
  if (!showsSection(r, 'misconfiguration')) return '';
  if (!r.inventory.misconfigurations.length) return '<h2>Misconfigurations</h2><p class="none">No misconfigurations found.</p>';
  const scope = `misconfigurations-${i}`;
  const rows = r.inventory.misconfigurations.map((m) => {
    const url = safeUrl(m.references?.[0]);
    const id = url ? `<a href="${esc(url)}" rel="noreferrer">${esc(m.id)}</a>` : esc(m.id);
    return `<tr data-sev="${m.severity}" data-rule="${esc(m.id)}"><td>${id}</td>${sevCell(m.severity)}<td>${esc(m.title)}${m.cis ? ` <span class="cis">CIS ${esc(m.cis)}</span>` : ''}</td>` +
      `<td>${esc(m.message)}</td><td class="t">${esc(m.resolution ?? '')}</td><td><code>${esc(misconfigWhere(m, r.inventory.image))}</code></td></tr>`;
  }).join('\n');
  const bar = filterBar(scope, 'misconfigurations', 'id, title, message', [
    SEVERITY_FILTER,
    { key: 'rule', label: 'Check', options: distinctOptions(r.inventory.misconfigurations, (m) => [m.id, `${m.id} ${cut(m.title, 60)}`] as const) },
  ]);
  return `<h2>Misconfigurations</h2><section id="${scope}">${bar}<table class="misconfigurations"><thead><tr>${sortable(['ID', 'Severity:num'])}<th>Title</th><th>Found</th><th>Fix</th><th>Where</th></tr></thead><tbody>\n${rows}\n</tbody></table></section>`;
}

function licensesSection(r: ScanResult, i: number): string {
  if (!showsSection(r, 'license')) return '';
  const licenses = r.licenses ?? [];
  if (!licenses.length) return '<h2>Licences</h2><p class="none">No licence findings.</p>';
  const scope = `licenses-${i}`;
  const classes = licensesByClass(licenses);
  const groups = classes.map((g) => {
    const rows = g.licenses.map((l) => `<tr data-sev="${l.severity}" data-class="${esc(g.classification)}"><td>${esc(l.package.name)}</td><td>${esc(l.package.version)}</td>` +
      `<td>${esc(cut(l.license, 200))}${l.spdx ? '' : ' <span class="raw">not SPDX</span>'}</td>${sevCell(l.severity)}<td>${esc(l.reason)}</td></tr>`).join('\n');
    const table = `<table class="licenses" data-class="${g.classification}"><thead><tr><th>Package</th><th>Version</th><th>Licence</th><th>Severity</th><th>Reason</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
    // The permissive classes are long and rarely acted on: folded unless something in them is rated MEDIUM or above.
    const fold = (g.classification === 'permissive' || g.classification === 'public-domain') && g.licenses.every((l) => severityRank(l.severity) < severityRank('MEDIUM'));
    const title = `${esc(g.classification)} (${g.licenses.length})`;
    return fold ? `<details class="lic group"><summary>${title}</summary>${table}</details>` : `<div class="group"><h3>${title}</h3>${table}</div>`;
  }).join('\n');
  const bar = filterBar(scope, 'licence findings', 'package, licence', [
    SEVERITY_FILTER,
    { key: 'class', label: 'Class', options: classes.map((g) => [g.classification, g.classification] as const) },
  ]);
  return `<h2>Licences</h2><section id="${scope}">${bar}${groups}</section>`;
}

/** Counts per kind (vulnerabilities unique, the others per finding), for the kinds this outcome has. */
function kindCounts(outcome: PolicyOutcome): string {
  const kinds = FINDING_KINDS.filter((k) => outcome.results.some((r) => (k === 'vulnerability' ? vulnsScanned(r) : showsSection(r, k))));
  if (!kinds.some((k) => k !== 'vulnerability')) return ''; // vulnerabilities alone: the chart says it
  const rows = kinds.map((k) => {
    const c = outcome.countsByKind[k];
    return `<tr><td>${kindNoun(k, 2)}</td>${SEVERITY_LEVELS.map((s) => `<td class="${c[s] ? `s-${s} num` : 'num'}">${c[s]}</td>`).join('')}</tr>`;
  }).join('');
  return `<table class="kinds"><thead><tr><th></th>${SEVERITY_LEVELS.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function policyLine(outcome: PolicyOutcome): string {
  if (!outcome.threshold && !outcome.exitCode) return '';
  const failing = failingPhrase(outcome);
  const at = `at or above ${esc(outcome.threshold ?? 'any severity')}`;
  return failing ? `<p class="policy fail">Policy failed: ${esc(failing)} ${at} (exit ${outcome.exitCode}).</p>` : `<p class="policy pass">Policy passed: nothing ${at}.</p>`;
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d1d1f;background:#fff}h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6;position:sticky;top:0}th.sortable{cursor:pointer}th.sortable:after{content:" \\2195";color:#999}.num{text-align:right}
.sev{color:#fff;border-radius:3px;padding:0 5px;font-size:12px}.s-CRITICAL{background:${COLORS.CRITICAL};color:#fff}.s-HIGH{background:${COLORS.HIGH};color:#fff}
.s-MEDIUM{background:${COLORS.MEDIUM}}.s-LOW{background:${COLORS.LOW};color:#fff}.s-NEGLIGIBLE,.s-UNKNOWN{background:${COLORS.UNKNOWN};color:#fff}
.kev{background:#000;color:#ff0;border-radius:3px;padding:0 4px;font-size:11px}.chart .l{font-size:12px}.chart .n{font-size:12px}
.filters{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:8px 0}.meta td:first-child{font-weight:600;width:140px}
.cmd code{white-space:pre-wrap;word-break:break-all}.deleted{color:#b3001b;font-weight:600}.cis,.raw{background:#eee;border-radius:3px;padding:0 4px;font-size:11px}
.kinds{width:auto}.policy.fail{color:#b3001b;font-weight:600}.policy.pass{color:#1a7f37}.none{color:#555}details.lic{margin:8px 0}tr.layer{cursor:pointer}tr.layer:hover{background:#f0f6ff}.t{color:#444}.count{color:#555}.nw{white-space:nowrap}`;

/** A CSP source for exactly this inline text: 'sha256-<base64>'. */
const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// Nothing but this stylesheet and this script may run; no network, no other inline code.
const CSP = `default-src 'none'; style-src ${cspHash(CSS)}; script-src ${cspHash(FILTER_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

export function renderHtml(raw: PolicyOutcome, opts: ReportOptions = {}): string {
  const outcome = redactOutcome(raw);
  const now = opts.now ?? new Date();
  const parts: string[] = [];
  const title = outcome.results.map((r) => imageName(r.inventory)).join(', ') || 'no image';
  for (const [i, r] of outcome.results.entries()) {
    const support = osSupport(r.inventory.os, now);
    parts.push(`<h2>${esc(imageName(r.inventory))} (${esc(r.inventory.image.platform)})</h2><table class="meta">` +
      `<tr><td>reference</td><td>${esc(r.inventory.image.reference)}</td></tr>` +
      `<tr><td>digest</td><td><code>${esc(r.inventory.image.digest ?? r.inventory.image.configDigest)}</code></td></tr>` +
      `<tr><td>platform</td><td>${esc(r.inventory.image.platform)}</td></tr>` +
      `<tr><td>OS</td><td>${esc(r.inventory.os?.name ?? osLabel(r.inventory))}: ${esc(support.text)}</td></tr>` +
      `<tr><td>packages</td><td>${r.inventory.packages.length}</td></tr></table>`);
    parts.push(`<h2>Layers: where each vulnerable package came from</h2>${layerTable(r)}`);
    parts.push(secretsSection(r, i), misconfigurationsSection(r, i), licensesSection(r, i));
    const plan = fixPlan(r.findings);
    if (plan.length) parts.push(`<h2>Fix plan</h2><ul>${plan.slice(0, 100).map((a) => `<li>${esc(describeAction(a))}</li>`).join('')}</ul>`);
  }
  // No chart and no findings table when no image was scanned for vulnerabilities: zeros would read as "none found".
  const scanned = outcome.results.some(vulnsScanned);
  // Several images (a multi-platform scan): an Image column and filter tell their findings apart.
  const labels = outcome.results.length > 1 ? resultLabels(outcome.results) : undefined;
  const rows = outcome.results.flatMap((r, i) => r.findings.map((f) => ({ f, image: r.inventory.image, label: labels?.[i] })));
  const layers = rows.flatMap(({ f, image }) => { const l = f.package.locations[0]?.layer; return l ? [{ layer: l, image }] : []; });
  const bar = filterBar('findings', 'findings', 'id, package, title', [
    ...(labels ? [{ key: 'image', label: 'Image', options: labels.map((l) => [l, l] as const) }] : []),
    SEVERITY_FILTER, { key: 'fix', label: 'fixable only', checkbox: true }, layerFilter(layers),
  ]);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>hullscan report: ${esc(title)}</title><style>${CSS}</style></head><body>
<h1>hullscan vulnerability report</h1>
<p>${esc(title)} · generated ${esc(now.toISOString())} by ${TOOL_NAME} ${esc(opts.toolVersion ?? TOOL_VERSION)}</p>
${scanned ? `<h2>Unique vulnerabilities by severity</h2>${severityChart(outcome.counts)}` : `<p class="none">Vulnerabilities ${esc(VULNS_NOT_SCANNED)}.</p>`}
${kindCounts(outcome)}
${policyLine(outcome)}
${outcome.expiredIgnores.map((e) => `<p class="warn">Ignore entry ${esc(e.id)} (${esc(e.file)}) expired on ${esc(e.expires ?? '')} and no longer applies.</p>`).join('\n')}
${outcome.suppressed.length ? `<p>${outcome.suppressed.length} finding(s) suppressed by policy (severity filter, ignore file or VEX).</p>` : ''}
${suppressedOtherPhrase(outcome) ? `<p>Also suppressed by policy: ${esc(suppressedOtherPhrase(outcome))}.</p>` : ''}
${parts.join('\n')}
${scanned ? `<h2>Findings</h2>
${bar}
<table id="findings"><thead><tr>${sortable([...(labels ? ['Image'] : []), 'Vulnerability', 'Severity:num', 'Package', 'Installed', 'Fixed', 'Status', 'EPSS:num', 'Layer:num', 'Title'])}</tr></thead><tbody>
${rows.map(({ f, image, label }) => findingRow(f, image, label)).join('\n')}
</tbody></table>` : ''}
<script>${FILTER_SCRIPT}</script></body></html>
`;
}

export const htmlWriter: ReportWriter = { format: 'html', description: 'self-contained HTML report', extension: 'html', write: renderHtml };
