// CSV (RFC 4180): one row per finding, in priority order. Cells that a spreadsheet would run as a
// formula (=, +, -, @ first) are prefixed with a quote (OWASP CSV injection advice).
import type { PolicyOutcome } from '../../policy/apply.js';
import { imageName } from '../targets.js';
import type { ReportWriter } from '../types.js';

const HEADER = ['image', 'vulnerability', 'aliases', 'severity', 'status', 'package', 'type', 'installed', 'fixed', 'purl', 'path', 'layer', 'created_by', 'kev', 'epss', 'title'];

export function csvCell(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function renderCsv(outcome: PolicyOutcome): string {
  const rows = [HEADER];
  for (const r of outcome.results) {
    for (const f of r.findings) {
      const loc = f.package.locations[0];
      rows.push([
        imageName(r.inventory), f.id, f.aliases.join(' '), f.severity, f.status, f.package.name, f.package.type,
        f.installedVersion, f.fixedVersion ?? '', f.package.purl, loc?.path ?? '', loc ? String(loc.layer.index) : '',
        loc?.layer.createdBy ?? '', f.kev ? 'yes' : '', f.epss ? String(f.epss.score) : '', f.title ?? '',
      ]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const csvWriter: ReportWriter = { format: 'csv', description: 'CSV, one row per finding', extension: 'csv', write: (o) => renderCsv(o) };
