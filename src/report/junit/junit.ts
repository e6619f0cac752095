// JUnit XML for CI test dashboards: one testsuite per target, one failing testcase per finding
// (or one passing case when a target is clean). Failures are findings at or over the threshold; below it they pass.
import type { PolicyOutcome } from '../../policy/apply.js';
import { severityRank } from '../../policy/severity.js';
import { imageName, targetsOf } from '../targets.js';
import type { ReportWriter } from '../types.js';
import { redactOutcome } from '../redact.js';

export function xmlEscape(s: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderJunit(raw: PolicyOutcome): string {
  const outcome = redactOutcome(raw);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites: string[] = [];
  let tests = 0, failures = 0;
  const fails = (sev: Parameters<typeof severityRank>[0]) => !outcome.threshold || severityRank(sev) >= severityRank(outcome.threshold);
  for (const r of outcome.results) {
    for (const t of targetsOf(r.inventory, r.findings)) {
      const name = `${imageName(r.inventory)}: ${t.name}`;
      const cases: string[] = [];
      let suiteFailures = 0;
      for (const f of t.findings) {
        const caseName = `[${f.severity}] ${f.id} ${f.package.name}@${f.installedVersion}`;
        const body = `${f.title ?? ''}\nPackage: ${f.package.purl}\nInstalled: ${f.installedVersion}\nFixed: ${f.fixedVersion ?? 'no fix'}\nPath: ${f.package.locations[0]?.path ?? ''}`;
        if (fails(f.severity)) {
          suiteFailures++;
          cases.push(`    <testcase classname="${xmlEscape(f.package.purl)}" name="${xmlEscape(caseName)}">\n      <failure message="${xmlEscape(`${f.id} (${f.severity})`)}" type="${f.severity}">${xmlEscape(body)}</failure>\n    </testcase>`);
        } else cases.push(`    <testcase classname="${xmlEscape(f.package.purl)}" name="${xmlEscape(caseName)}"/>`);
      }
      if (!t.findings.length) cases.push(`    <testcase classname="${xmlEscape(name)}" name="no vulnerabilities"/>`);
      tests += cases.length; failures += suiteFailures;
      suites.push(`  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
    }
  }
  out.push(`<testsuites name="hullscan" tests="${tests}" failures="${failures}" errors="0">`, ...suites, '</testsuites>');
  return out.join('\n') + '\n';
}

export const junitWriter: ReportWriter = { format: 'junit', description: 'JUnit XML, one testcase per finding', extension: 'xml', write: (o) => renderJunit(o) };
