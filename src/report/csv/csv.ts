// CSV (RFC 4180): one row per finding, in priority order: vulnerabilities, then secrets, misconfigurations and
// licence findings, told apart by the `kind` column. Cells that a spreadsheet would run as a
// formula (=, +, -, @ first) are prefixed with a quote (OWASP CSV injection advice).
import type { PolicyOutcome } from '../../policy/apply.js';
import type { LayerRef } from '../../inventory/model.js';
import { layerOf } from '../../inventory/layer-label.js';
import { deletedNote } from '../other-findings.js';
import { resultNames } from '../platforms.js';
import type { ReportWriter } from '../types.js';
import { redactOutcome } from '../redact.js';

// kind, line and detail came with secrets, misconfigurations and licences (README: what each column holds per kind);
// `layer` reads '4 of 5' (from the base, 1-based), layer_diff_id names it exactly.
const HEADER = ['image', 'vulnerability', 'aliases', 'severity', 'status', 'package', 'type', 'installed', 'fixed', 'purl', 'path', 'layer', 'created_by', 'kev', 'epss', 'title', 'kind', 'line', 'detail', 'layer_diff_id'];

export function csvCell(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function renderCsv(raw: PolicyOutcome): string {
  const outcome = redactOutcome(raw);
  const rows = [HEADER];
  const names = resultNames(outcome.results);
  for (const [i, r] of outcome.results.entries()) {
    for (const f of r.findings) {
      const loc = f.package.locations[0];
      rows.push([
        names[i]!, f.id, f.aliases.join(' '), f.severity, f.status, f.package.name, f.package.type,
        f.installedVersion, f.fixedVersion ?? '', f.package.purl, loc?.path ?? '', loc ? layerOf(loc.layer, r.inventory.image) : '',
        loc?.layer.createdBy ?? '', f.kev ? 'yes' : '', f.epss ? String(f.epss.score) : '', f.title ?? '', 'vulnerability', '', '', loc?.layer.diffId ?? '',
      ]);
    }
  }
  // Then one row per secret, misconfiguration and licence finding, in the same columns where they mean the same.
  for (const [i, r] of outcome.results.entries()) {
    const image = names[i]!;
    const layerCells = (l: LayerRef | undefined) => [l ? layerOf(l, r.inventory.image) : '', l?.createdBy ?? ''];
    for (const x of r.inventory.secrets) {
      rows.push([image, x.rule, '', x.severity, x.deleted ? 'deleted' : 'present', '', '', '', '', '', x.path, ...layerCells(x.layer), '', '', x.title,
        'secret', x.line ? String(x.line) : '', [x.match, deletedNote(x, r.inventory.image)].filter(Boolean).join('; '), x.layer?.diffId ?? '']);
    }
    for (const m of r.inventory.misconfigurations) {
      const l = m.location;
      rows.push([image, m.id, '', m.severity, '', '', '', '', '', '', l?.path ?? '', ...layerCells(l?.layer), '', '', m.title,
        'misconfiguration', l?.startLine ? `${l.startLine}${l.endLine && l.endLine !== l.startLine ? `-${l.endLine}` : ''}` : '',
        `${m.message}${m.resolution ? ` Fix: ${m.resolution}` : ''}`, l?.layer?.diffId ?? '']);
    }
    for (const x of r.licenses ?? []) {
      const loc = x.package.locations[0];
      rows.push([image, x.license, '', x.severity, x.classification, x.package.name, x.package.type, x.package.version, '', x.package.purl, loc?.path ?? '',
        ...layerCells(loc?.layer), '', '', '', 'license', '', `${x.spdx ? '' : 'not an SPDX expression; '}${x.reason}`, loc?.layer.diffId ?? '']);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const csvWriter: ReportWriter = { format: 'csv', description: 'CSV, one row per finding (a kind column: vulnerability, secret, misconfiguration, license)', extension: 'csv', write: (o) => renderCsv(o) };
