// The terminal table: one table per target (OS packages, then each language), severity counts over
// unique vulnerabilities; then secrets, misconfigurations and licences; the fix plan, and what the policy suppressed. Width-aware; colour only when asked.
import type { Finding, LicenseFinding, ScanResult } from '../../match/model.js';
import { countOther, licensesByClass } from '../../policy/kinds.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { deletedNote, failingPhrase, groupBy, misconfigWhere, secretLayer, secretWhere, showsSection, suppressedOtherPhrase, VULNS_NOT_SCANNED, vulnsScanned } from '../other-findings.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { SEVERITY_LEVELS, severityRank, type SeverityCounts } from '../../policy/severity.js';
import { countBySeverity } from '../../policy/unique.js';
import { describeAction, fixPlan } from '../remediation/fix-plan.js';
import { imageName, osLabel, targetsOf } from '../targets.js';
import type { ReportOptions, ReportWriter } from '../types.js';
import { bold, colorSeverity, dim, truncate } from './ansi.js';
import { redactOutcome } from '../redact.js';

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

export function renderTableReport(raw: PolicyOutcome, opts: ReportOptions = {}): string {
  const outcome = redactOutcome(raw);
  const color = !!opts.color;
  const width = Math.max(60, opts.width ?? 120);
  const out: string[] = [];
  for (const r of outcome.results) {
    out.push((color ? bold : (s: string) => s)(`${imageName(r.inventory)} (${osLabel(r.inventory)}, ${r.inventory.image.platform})`));
    if (!vulnsScanned(r)) out.push(`${r.inventory.packages.length} packages; vulnerabilities ${VULNS_NOT_SCANNED}`, '');
    else out.push(`${r.inventory.packages.length} packages; unique vulnerabilities:`, countsLine(countBySeverity(r.findings), color, width), '');
    for (const t of vulnsScanned(r) ? targetsOf(r.inventory, r.findings) : []) {
      out.push(t.name, countsLine(countBySeverity(t.findings), color, width));
      if (t.findings.length) out.push(...renderTable(t.findings, width, color));
      else out.push(color ? dim('no vulnerabilities found') : 'no vulnerabilities found');
      out.push('');
    }
    out.push(...otherSections(r, width, color));
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
  const otherSuppressed = suppressedOtherPhrase(outcome);
  if (otherSuppressed) out.push(`Suppressed ${otherSuppressed}`);
  for (const e of outcome.expiredIgnores) out.push(`Warning: ignore entry ${e.id} in ${e.file} expired on ${e.expires} and no longer applies`);
  if (outcome.threshold || outcome.exitCode) {
    const failing = failingPhrase(outcome);
    out.push(...wrap(failing
      ? `Policy: ${failing} at or above ${outcome.threshold ?? 'any severity'}: exit ${outcome.exitCode}`
      : `Policy: nothing at or above ${outcome.threshold ?? 'any severity'}`, width, ''));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

/** Words wrapped to `width` columns, each line indented. */
export function wrap(text: string, width: number, indent: string): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + 1 + w.length > width) { lines.push(indent + line); line = ''; }
    line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines.map((l) => indent + truncate(l.slice(indent.length), width - indent.length));
}

/** A plain table: columns as wide as their content (capped), the last one takes what is left. */
function simpleTable(head: string[], rows: string[][], width: number, color: boolean, sevCol = -1, cap = 40): string[] {
  const caps = head.map((_, i) => (i === head.length - 1 ? Infinity : cap));
  const w = head.map((h, i) => Math.min(caps[i]!, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const last = w.length - 1;
  const fixedWidth = () => w.slice(0, -1).reduce((a, b) => a + b, 0) + 3 * last;
  // Too wide: shrink the widest of the other columns until the last one gets at least 8.
  while (width - fixedWidth() < Math.min(8, w[last]!)) {
    const widest = w.slice(0, -1).reduce((m, x, i) => (x > w[m]! ? i : m), 0);
    if (w[widest]! <= 4) break;
    w[widest]!--;
  }
  w[last] = Math.max(4, Math.min(w[last]!, width - fixedWidth()));
  const line = (cells: string[], style?: (i: number, t: string) => string) => cells.map((c, i) => {
    const t = i === cells.length - 1 ? truncate(c, w[i]!) : truncate(c, w[i]!).padEnd(w[i]!);
    return style ? style(i, t) : t;
  }).join(' │ ').trimEnd();
  return [
    line(head, (_, t) => (color ? bold(t) : t)),
    w.map((x) => '─'.repeat(x)).join('─┼─'),
    ...rows.map((r) => line(r, (i, t) => (i === sevCol ? colorSeverity(r[i] as SeverityLevel, t, color) : t))),
  ];
}

/** Secrets per file (with the layer and step that added it), misconfigurations per target, licences per class. */
function otherSections(r: ScanResult, width: number, color: boolean): string[] {
  const out: string[] = [];
  const heading = (t: string) => out.push(color ? bold(t) : t);
  const none = (t: string) => out.push(color ? dim(t) : t, '');
  if (showsSection(r, 'secret')) {
    heading('Secrets');
    out.push(countsLine(countOther(r.inventory.secrets), color, width));
    if (!r.inventory.secrets.length) none('no secrets found');
    for (const [, group] of groupBy(r.inventory.secrets, (x) => `${x.path}\0${x.layer?.index ?? ''}\0${x.deleted}`)) {
      const first = group[0]!;
      const where = first.path.startsWith('config:') ? secretWhere({ ...first, line: undefined }) : first.path;
      const layer = secretLayer(first, r.inventory.image);
      out.push(truncate(`${where}${layer ? `, added by ${layer}` : ''}`, width));
      const note = deletedNote(first, r.inventory.image);
      if (note) out.push(`  ${truncate(note, width - 2)}`);
      out.push(...simpleTable(['Severity', 'Rule', 'Title', 'Line', 'Match'],
        group.map((x) => [x.severity, x.rule, x.title, x.line ? String(x.line) : '', x.match]), width, color, 0), '');
    }
  }
  if (showsSection(r, 'misconfiguration')) {
    const groups = groupBy(r.inventory.misconfigurations, (m) => m.location?.path ?? 'image configuration');
    if (!groups.length) { heading('Misconfigurations'); out.push(countsLine(countOther([]), color, width)); none('no misconfigurations found'); }
    for (const [target, list] of groups) {
      heading(`Misconfigurations: ${target}`);
      out.push(countsLine(countOther(list), color, width));
      for (const m of list) {
        const at = m.location?.startLine ? ` (${misconfigWhere(m, r.inventory.image)})` : '';
        out.push(truncate(`${m.id} ${colorSeverity(m.severity, m.severity, color)} ${m.title}${at}`, width + (color ? 20 : 0)));
        out.push(...wrap(m.message, width, '  '));
        if (m.resolution) out.push(...wrap(`Fix: ${m.resolution}`, width, '  '));
      }
      out.push('');
    }
  }
  if (showsSection(r, 'license')) {
    const licenses = r.licenses ?? [];
    heading('Licences');
    out.push(countsLine(countOther(licenses), color, width));
    if (!licenses.length) none('no licence findings');
    for (const g of licensesByClass(licenses)) {
      out.push(`${g.classification} (${g.licenses.length})`);
      // Permissive and public-domain licences below MEDIUM are many and fine: one line of counts per licence.
      const brief = (l: LicenseFinding) => (g.classification === 'permissive' || g.classification === 'public-domain') && severityRank(l.severity) < severityRank('MEDIUM');
      const detailed = g.licenses.filter((l) => !brief(l));
      if (detailed.length) {
        out.push(...simpleTable(['Package', 'Version', 'Severity', 'Licence', 'Reason'],
          detailed.map((l) => [l.package.name, l.package.version, l.severity, l.spdx ? l.license : `(not SPDX) ${l.license}`, l.reason]), width, color, 2, 80));
      }
      const counted = groupBy(g.licenses.filter(brief), (l) => l.license).sort((a, b) => b[1].length - a[1].length);
      if (counted.length) out.push(...wrap(counted.map(([lic, ls]) => `${lic}: ${ls.length}`).join(', '), width, '  '));
      out.push('');
    }
  }
  return out;
}

export const tableWriter: ReportWriter = {
  format: 'table',
  description: 'human-readable tables per target (colour on a TTY)',
  extension: 'txt',
  write: renderTableReport,
};
