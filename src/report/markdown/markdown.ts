// Markdown summary for pull-request comments: counts, the most important findings, the fix plan; then
// secrets, misconfigurations and licences (non-permissive classes in full, permissive ones counted).
// Kept short: GitHub caps comments at 65,536 characters.
import type { Finding, ScanResult } from '../../match/model.js';
import { countOther, licensesByClass } from '../../policy/kinds.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { SEVERITY_LEVELS, severityRank } from '../../policy/severity.js';
import { deletedNote, failingPhrase, groupBy, misconfigWhere, secretLayer, secretWhere, showsSection, suppressedOtherPhrase, VULNS_NOT_SCANNED, vulnsScanned } from '../other-findings.js';
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
    out.push(...countsTable([
      ...(vulnsScanned(r) ? [{ label: 'unique vulnerabilities', counts: countBySeverity(r.findings) }] : []),
      ...(showsSection(r, 'secret') ? [{ label: 'secrets', counts: countOther(r.inventory.secrets) }] : []),
      ...(showsSection(r, 'misconfiguration') ? [{ label: 'misconfigurations', counts: countOther(r.inventory.misconfigurations) }] : []),
      ...(showsSection(r, 'license') ? [{ label: 'licence findings', counts: countOther(r.licenses ?? []) }] : []),
    ]), '');
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
    } else out.push(vulnsScanned(r) ? 'No vulnerabilities found. ✅' : `Vulnerabilities ${VULNS_NOT_SCANNED}.`, '');
    out.push(...otherSections(r));
  }
  if (outcome.suppressed.length) out.push(`_${outcome.suppressed.length} finding(s) suppressed by policy (severity filter, ignore file or VEX)._`, '');
  const otherSuppressed = suppressedOtherPhrase(outcome);
  if (otherSuppressed) out.push(`_Also suppressed by policy: ${mdCell(otherSuppressed)}._`, '');
  for (const e of outcome.expiredIgnores) out.push(`> ⚠️ Ignore entry \`${mdCell(e.id)}\` expired on ${e.expires} and no longer applies.`, '');
  if (outcome.threshold || outcome.exitCode) {
    const failing = failingPhrase(outcome);
    out.push(failing
      ? `**Policy failed:** ${failing} at or above ${outcome.threshold ?? 'any severity'}.`
      : `**Policy passed:** nothing at or above ${outcome.threshold ?? 'any severity'}.`, '');
  }
  return out.join('\n');
}

/** Secrets (where, which layer added them, deleted later), misconfigurations (with the fix), licences by class. */
function otherSections(r: ScanResult): string[] {
  const out: string[] = [];
  if (showsSection(r, 'secret')) {
    out.push('#### Secrets', '');
    if (!r.inventory.secrets.length) out.push('No secrets found. ✅', '');
    else {
      out.push('| Severity | Rule | Where | Added by | Match (redacted) |', '|---|---|---|---|---|');
      for (const x of r.inventory.secrets.slice(0, MAX_ROWS)) {
        const note = deletedNote(x, r.inventory.image);
        out.push(`| ${x.severity} | ${mdCell(x.rule)} | ${mdCell(secretWhere(x))} | ${mdCell(secretLayer(x, r.inventory.image) ?? '—')}${note ? `<br>**${mdCell(note)}**` : ''} | ${mdCell(x.match)} |`);
      }
      if (r.inventory.secrets.length > MAX_ROWS) out.push('', `…and ${r.inventory.secrets.length - MAX_ROWS} more secrets (see the full report).`);
      out.push('');
    }
  }
  if (showsSection(r, 'misconfiguration')) {
    out.push('#### Misconfigurations', '');
    if (!r.inventory.misconfigurations.length) out.push('No misconfigurations found. ✅', '');
    else {
      out.push('| ID | Severity | Title | Found | Where | Fix |', '|---|---|---|---|---|---|');
      for (const m of r.inventory.misconfigurations.slice(0, MAX_ROWS)) {
        out.push(`| ${mdCell(m.id)} | ${m.severity} | ${mdCell(m.title)} | ${mdCell(m.message)} | ${mdCell(misconfigWhere(m, r.inventory.image))} | ${mdCell(m.resolution ?? '')} |`);
      }
      out.push('');
    }
  }
  if (showsSection(r, 'license')) {
    const licenses = r.licenses ?? [];
    out.push('#### Licences', '');
    if (!licenses.length) out.push('No licence findings.', '');
    for (const g of licensesByClass(licenses)) {
      const brief = (g.classification === 'permissive' || g.classification === 'public-domain') && g.licenses.every((l) => severityRank(l.severity) < severityRank('MEDIUM'));
      if (brief) {
        const counts = groupBy(g.licenses, (l) => l.license).sort((a, b) => b[1].length - a[1].length);
        out.push(`**${g.classification}** (${g.licenses.length}): ${counts.map(([lic, ls]) => `${mdCell(lic)} ${ls.length}`).join(', ')}`, '');
        continue;
      }
      out.push(`**${g.classification}** (${g.licenses.length})`, '', '| Package | Version | Licence | Severity | Reason |', '|---|---|---|---|---|');
      for (const l of g.licenses.slice(0, MAX_ROWS)) out.push(`| ${mdCell(l.package.name)} | ${mdCell(l.package.version)} | ${mdCell(l.license)}${l.spdx ? '' : ' (not SPDX)'} | ${l.severity} | ${mdCell(l.reason)} |`);
      out.push('');
    }
  }
  return out;
}

export const markdownWriter: ReportWriter = { format: 'markdown', description: 'Markdown summary for pull-request comments', extension: 'md', write: renderMarkdown };
