// The comparison in table (terminal), JSON and Markdown form.
import { SEVERITY_LEVELS } from '../../policy/severity.js';
import { countsTable, mdCell } from '../markdown/markdown.js';
import { colorSeverity } from '../table/ansi.js';
import { TOOL_NAME, TOOL_VERSION } from '../types.js';
import type { Comparison, VulnChange } from './compare.js';

export const COMPARE_FORMATS = ['table', 'json', 'markdown'] as const;
export const COMPARE_SCHEMA_VERSION = '1.0';

const MAX_LIST = 100;

export function compareJson(c: Comparison, now = new Date()): object {
  return { schemaVersion: COMPARE_SCHEMA_VERSION, tool: { name: TOOL_NAME, version: TOOL_VERSION }, generatedAt: now.toISOString(), ...c };
}

function vulnLine(v: VulnChange, color: boolean): string {
  return `  ${colorSeverity(v.severity, v.severity.padEnd(10), color)} ${v.id.padEnd(20)} ${v.packages.slice(0, 3).join(', ')}${v.packages.length > 3 ? ', …' : ''}`;
}

export function compareTable(c: Comparison, opts: { color?: boolean } = {}): string {
  const color = !!opts.color;
  const out: string[] = [];
  out.push(`A: ${c.a.images.join(', ')} (${c.a.os.join(', ')}), ${c.a.packages} packages`);
  out.push(`B: ${c.b.images.join(', ')} (${c.b.os.join(', ')}), ${c.b.packages} packages`, '');
  const w = 10;
  out.push(['', ...SEVERITY_LEVELS.map((s) => s.slice(0, 8)), 'TOTAL'].map((h, i) => (i ? h.padStart(w) : h.padEnd(8))).join(''));
  const sum = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);
  for (const [label, counts] of [['A', c.a.counts], ['B', c.b.counts], ['B − A', c.delta]] as const) {
    out.push([label.padEnd(8), ...SEVERITY_LEVELS.map((s) => {
      const n = counts[s];
      return (label === 'B − A' && n > 0 ? `+${n}` : String(n)).padStart(w);
    }), (label === 'B − A' && sum(counts) > 0 ? `+${sum(counts)}` : String(sum(counts))).padStart(w)].join(''));
  }
  out.push('');
  out.push(`Vulnerabilities: ${c.vulnerabilities.added.length} added, ${c.vulnerabilities.removed.length} removed, ${c.vulnerabilities.unchanged.length} unchanged`);
  out.push(`Packages: ${c.packages.added.length} added, ${c.packages.removed.length} removed, ${c.packages.unchanged} unchanged`);
  for (const [title, list] of [['Added (new in B)', c.vulnerabilities.added], ['Removed (gone in B)', c.vulnerabilities.removed]] as const) {
    if (!list.length) continue;
    out.push('', `${title}:`, ...list.slice(0, MAX_LIST).map((v) => vulnLine(v, color)));
    if (list.length > MAX_LIST) out.push(`  … and ${list.length - MAX_LIST} more`);
  }
  return out.join('\n') + '\n';
}

export function compareMarkdown(c: Comparison): string {
  const out = ['## hullscan comparison', '', `**A:** \`${mdCell(c.a.images.join(', '))}\` · **B:** \`${mdCell(c.b.images.join(', '))}\``, ''];
  out.push(...countsTable([{ label: 'A', counts: c.a.counts }, { label: 'B', counts: c.b.counts }, { label: 'B − A', counts: c.delta }]), '');
  out.push(`**Vulnerabilities:** ${c.vulnerabilities.added.length} added, ${c.vulnerabilities.removed.length} removed, ${c.vulnerabilities.unchanged.length} unchanged  `);
  out.push(`**Packages:** ${c.packages.added.length} added, ${c.packages.removed.length} removed, ${c.packages.unchanged} unchanged`, '');
  for (const [title, list] of [['New vulnerabilities', c.vulnerabilities.added], ['Fixed / gone', c.vulnerabilities.removed]] as const) {
    if (!list.length) continue;
    out.push(`<details><summary>${title} (${list.length})</summary>`, '', '| Vulnerability | Severity | Packages |', '|---|---|---|');
    for (const v of list.slice(0, MAX_LIST)) out.push(`| ${mdCell(v.id)} | ${v.severity} | ${mdCell(v.packages.join(', '))} |`);
    out.push('', '</details>', '');
  }
  return out.join('\n') + '\n';
}

export function renderComparison(format: (typeof COMPARE_FORMATS)[number] | string, c: Comparison, opts: { color?: boolean; now?: Date } = {}): string {
  if (format === 'json') return JSON.stringify(compareJson(c, opts.now), null, 2) + '\n';
  if (format === 'markdown') return compareMarkdown(c);
  return compareTable(c, opts);
}
