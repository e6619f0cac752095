// The terminal table: one table per target (OS packages, then each language), severity counts over
// unique vulnerabilities, the fix plan, and what the policy suppressed. Width-aware; colour only when asked.
import type { Finding } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { SEVERITY_LEVELS, type SeverityCounts } from '../../policy/severity.js';
import { countBySeverity } from '../../policy/unique.js';
import { describeAction, fixPlan } from '../remediation/fix-plan.js';
import { imageName, osLabel, targetsOf } from '../targets.js';
import type { ReportOptions, ReportWriter } from '../types.js';
import { bold, colorSeverity, dim, truncate } from './ansi.js';

interface Column { title: string; value: (f: Finding) => string; min: number; max: number; optional?: boolean; flex?: boolean }

const COLUMNS: Column[] = [
  { title: 'Package', value: (f) => f.package.name, min: 8, max: 40 },
  { title: 'Vulnerability', value: (f) => f.id + (f.kev ? ' [KEV]' : ''), min: 14, max: 26 },
  { title: 'Severity', value: (f) => f.severity, min: 8, max: 10 },
  { title: 'Installed', value: (f) => f.installedVersion, min: 9, max: 28 },
  { title: 'Fixed', value: (f) => f.fixedVersion ?? '', min: 5, max: 28 },
  { title: 'Status', value: (f) => f.status, min: 6, max: 12, optional: true },
  { title: 'Title', value: (f) => f.title ?? f.description ?? '', min: 10, max: 200, optional: true, flex: true },
];

/** 'Total: 28 (CRITICAL: 0, …)', or the short form 'Total: 28 (C 0, H 0, …)' on narrow terminals. */
export function countsLine(counts: SeverityCounts, color: boolean, width = 120): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const long = width >= 100;
  return `Total: ${total} (` + SEVERITY_LEVELS.map((s) => colorSeverity(s, long ? `${s}: ${counts[s]}` : `${s[0]} ${counts[s]}`, color && counts[s] > 0)).join(', ') + ')';
}

/** Lays out columns within `width`: fixed columns take their content width (capped), Title takes the rest or is dropped. */
function layout(findings: Finding[], width: number): { col: Column; w: number }[] {
  const sep = 3; // ' │ '
  let cols = COLUMNS.map((col) => ({ col, w: Math.min(col.max, Math.max(col.title.length, ...findings.map((f) => col.value(f).length))) }));
  const total = () => cols.reduce((a, c) => a + c.w, 0) + sep * (cols.length - 1);
  const flex = cols.find((c) => c.col.flex);
  if (flex) {
    flex.w = 0;
    const room = width - total();
    if (room >= flex.col.min) flex.w = Math.min(room, Math.max(flex.col.title.length, ...findings.map((f) => flex.col.value(f).length)));
    else cols = cols.filter((c) => c !== flex);
  }
  // Still too wide: drop optional columns, then shrink the widest down to their minimum.
  while (total() > width && cols.some((c) => c.col.optional)) cols = cols.filter((c) => c !== cols.filter((x) => x.col.optional).pop());
  while (total() > width) {
    const widest = cols.filter((c) => c.w > c.col.min).sort((a, b) => b.w - a.w)[0];
    if (!widest) break;
    widest.w--;
  }
  return cols;
}

function renderTable(findings: Finding[], width: number, color: boolean): string[] {
  const cols = layout(findings, width);
  const line = (cells: string[]) => cells.join(' │ ');
  // The last cell is not padded, so lines carry no trailing blanks (with or without colour).
  const pad = (text: string, i: number, w: number) => (i === cols.length - 1 ? text.trimEnd() : text.padEnd(w));
  const out = [line(cols.map((c, i) => (color ? bold(pad(c.col.title, i, c.w)) : pad(c.col.title, i, c.w))))];
  out.push(cols.map((c) => '─'.repeat(c.w)).join('─┼─'));
  for (const f of findings) {
    out.push(line(cols.map((c, i) => {
      const text = pad(truncate(c.col.value(f), c.w), i, c.w);
      return c.col.title === 'Severity' ? colorSeverity(f.severity, text, color) : text;
    })));
  }
  return out;
}

export function renderTableReport(outcome: PolicyOutcome, opts: ReportOptions = {}): string {
  const color = !!opts.color;
  const width = Math.max(60, opts.width ?? 120);
  const out: string[] = [];
  for (const r of outcome.results) {
    out.push((color ? bold : (s: string) => s)(`${imageName(r.inventory)} (${osLabel(r.inventory)}, ${r.inventory.image.platform})`));
    out.push(`${r.inventory.packages.length} packages; unique vulnerabilities:`, countsLine(countBySeverity(r.findings), color, width));
    out.push('');
    for (const t of targetsOf(r.inventory, r.findings)) {
      out.push(t.name, countsLine(countBySeverity(t.findings), color, width));
      if (t.findings.length) out.push(...renderTable(t.findings, width, color));
      else out.push(color ? dim('no vulnerabilities found') : 'no vulnerabilities found');
      out.push('');
    }
    if (r.inventory.secrets.length) {
      out.push(color ? bold('Secrets') : 'Secrets');
      for (const x of r.inventory.secrets) out.push(`  ${truncate(`${x.severity} ${x.title}: ${x.path}${x.line ? `:${x.line}` : ''} (layer ${x.layer?.index ?? "config"}${x.deleted ? ', deleted later but still in the layer' : ''})`, width - 2)}`);
      out.push('');
    }
    if (r.inventory.misconfigurations.length) {
      out.push(color ? bold('Misconfigurations') : 'Misconfigurations');
      for (const m of r.inventory.misconfigurations) out.push(`  ${truncate(`${m.severity} ${m.id} ${m.title}: ${m.message}`, width - 2)}`);
      out.push('');
    }
    const plan = fixPlan(r.findings);
    if (plan.length) {
      out.push(color ? bold('Fix plan') : 'Fix plan');
      for (const a of plan) out.push(`  ${truncate(describeAction(a), width - 2)}`);
      out.push('');
    }
  }
  if (outcome.suppressed.length) {
    const byKind = new Map<string, number>();
    for (const s of outcome.suppressed) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
    out.push(`Suppressed: ${[...byKind].map(([k, n]) => `${n} by ${k}`).join(', ')}`);
  }
  for (const e of outcome.expiredIgnores) out.push(`Warning: ignore entry ${e.id} in ${e.file} expired on ${e.expires} and no longer applies`);
  if (outcome.threshold || outcome.exitCode) {
    out.push(outcome.failing.length
      ? `Policy: ${outcome.failing.length} vulnerabilit${outcome.failing.length === 1 ? 'y' : 'ies'} at or above ${outcome.threshold ?? 'any severity'}: exit ${outcome.exitCode}`
      : `Policy: nothing at or above ${outcome.threshold ?? 'any severity'}`);
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

export const tableWriter: ReportWriter = {
  format: 'table',
  description: 'human-readable tables per target (colour on a TTY)',
  extension: 'txt',
  write: renderTableReport,
};
