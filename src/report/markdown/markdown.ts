// Markdown summary for pull-request comments: counts, the most important findings, the fix plan.
// Kept short: GitHub caps comments at 65,536 characters.
import type { Finding } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { SEVERITY_LEVELS } from '../../policy/severity.js';
import { countBySeverity } from '../../policy/unique.js';
import { describeAction, fixPlan } from '../remediation/fix-plan.js';
import { imageName, osLabel } from '../targets.js';
import type { ReportOptions, ReportWriter } from '../types.js';
import { redactOutcome } from '../redact.js';

const MAX_ROWS = 50;

/** Escapes text for a table cell: pipes, newlines, and characters GitHub would turn into markup. */
export function mdCell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/([\\|*_`<>[\]#])/g, '\\$1').slice(0, 300);
}

export function countsTable(rows: { label: string; counts: Record<string, number> }[]): string[] {
  return [
    `| | ${SEVERITY_LEVELS.map((s) => s[0] + s.slice(1).toLowerCase()).join(' | ')} |`,
    `|---|${SEVERITY_LEVELS.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.label} | ${SEVERITY_LEVELS.map((s) => r.counts[s] ?? 0).join(' | ')} |`),
  ];
}

function findingRow(f: Finding): string {
  const id = f.references[0] ? `[${mdCell(f.id)}](${f.references[0]})` : mdCell(f.id);
  return `| ${id}${f.kev ? ' 🔥 KEV' : ''} | ${f.severity} | ${mdCell(f.package.name)} | ${mdCell(f.installedVersion)} | ${mdCell(f.fixedVersion ?? '—')} | ${mdCell(f.title ?? '')} |`;
}

export function renderMarkdown(raw: PolicyOutcome, _opts: ReportOptions = {}): string {
  const outcome = redactOutcome(raw);
  const out: string[] = ['## hullscan vulnerability report', ''];
  for (const r of outcome.results) {
    out.push(`### \`${mdCell(imageName(r.inventory))}\` (${mdCell(osLabel(r.inventory))}, ${r.inventory.image.platform})`, '');
    out.push(...countsTable([{ label: 'unique vulnerabilities', counts: countBySeverity(r.findings) }]), '');
    if (r.findings.length) {
      out.push('| Vulnerability | Severity | Package | Installed | Fixed | Title |', '|---|---|---|---|---|---|');
      for (const f of r.findings.slice(0, MAX_ROWS)) out.push(findingRow(f));
      if (r.findings.length > MAX_ROWS) out.push('', `…and ${r.findings.length - MAX_ROWS} more findings (see the full report).`);
      out.push('');
      const plan = fixPlan(r.findings);
      if (plan.length) {
        out.push('<details><summary>Fix plan</summary>', '');
        for (const a of plan.slice(0, MAX_ROWS)) out.push(`- ${mdCell(describeAction(a))}`);
        out.push('', '</details>', '');
      }
    } else out.push('No vulnerabilities found. ✅', '');
  }
  if (outcome.suppressed.length) out.push(`_${outcome.suppressed.length} finding(s) suppressed by policy (severity filter, ignore file or VEX)._`, '');
  for (const e of outcome.expiredIgnores) out.push(`> ⚠️ Ignore entry \`${mdCell(e.id)}\` expired on ${e.expires} and no longer applies.`, '');
  if (outcome.threshold || outcome.exitCode) {
    out.push(outcome.failing.length
      ? `**Policy failed:** ${outcome.failing.length} vulnerabilit${outcome.failing.length === 1 ? 'y' : 'ies'} at or above ${outcome.threshold ?? 'any severity'}.`
      : `**Policy passed:** nothing at or above ${outcome.threshold ?? 'any severity'}.`, '');
  }
  return out.join('\n');
}

export const markdownWriter: ReportWriter = { format: 'markdown', description: 'Markdown summary for pull-request comments', extension: 'md', write: renderMarkdown };
