// JUnit XML for CI test dashboards: one testsuite per target (then one per kind: secrets, misconfigurations,
// licences), one failing testcase per finding
// (or one passing case when a target is clean). Failures are findings at or over the threshold; below it they pass.
import type { ImageMeta } from '../../inventory/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { severityRank } from '../../policy/severity.js';
import { kindNoun, otherId, otherLabel, type OtherFinding, type OtherKind } from '../../policy/kinds.js';
import { layerStep } from '../../inventory/layer-label.js';
import { deletedNote, misconfigWhere, secretLayer, secretWhere, showsSection, vulnsScanned } from '../other-findings.js';
import { resultNames } from '../platforms.js';
import { targetsOf } from '../targets.js';
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
  const names = resultNames(outcome.results);
  for (const [i, r] of outcome.results.entries()) {
    // No vulnerability suites when the vuln scanner was off: a passing "no vulnerabilities" case would be untrue.
    for (const t of vulnsScanned(r) ? targetsOf(r.inventory, r.findings) : []) {
      const name = `${names[i]}: ${t.name}`;
      const cases: string[] = [];
      let suiteFailures = 0;
      for (const f of t.findings) {
        const caseName = `[${f.severity}] ${f.id} ${f.package.name}@${f.installedVersion}`;
        const loc = f.package.locations[0];
        const body = `${f.title ?? ''}\nPackage: ${f.package.purl}\nInstalled: ${f.installedVersion}\nFixed: ${f.fixedVersion ?? 'no fix'}\nPath: ${loc?.path ?? ''}` +
          (loc ? `\nAdded by: ${layerStep(loc.layer, r.inventory.image)}` : '');
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
  // A testsuite per kind for secrets, misconfigurations and licences (when found, or when their scanner ran).
  for (const [i, r] of outcome.results.entries()) {
    const image = names[i]!;
    const kinds: [OtherKind, string, OtherFinding[]][] = [
      ['secret', 'Secrets', r.inventory.secrets.map((finding) => ({ kind: 'secret' as const, finding }))],
      ['misconfiguration', 'Misconfigurations', r.inventory.misconfigurations.map((finding) => ({ kind: 'misconfiguration' as const, finding }))],
      ['license', 'Licences', (r.licenses ?? []).map((finding) => ({ kind: 'license' as const, finding }))],
    ];
    for (const [kind, title, items] of kinds) {
      if (!showsSection(r, kind)) continue;
      const name = `${image}: ${title}`;
      const cases: string[] = [];
      let suiteFailures = 0;
      for (const o of items) {
        const sev = o.finding.severity;
        const caseName = `[${sev}] ${otherLabel(o)}`;
        const classname = `${kind}.${otherId(o)}`;
        if (fails(sev)) {
          suiteFailures++;
          cases.push(`    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(caseName)}">\n      <failure message="${xmlEscape(`${otherId(o)} (${sev})`)}" type="${sev}">${xmlEscape(otherBody(o, r.inventory.image))}</failure>\n    </testcase>`);
        } else cases.push(`    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(caseName)}"/>`);
      }
      if (!items.length) cases.push(`    <testcase classname="${xmlEscape(name)}" name="no ${kindNoun(kind, 2)}"/>`);
      tests += cases.length; failures += suiteFailures;
      suites.push(`  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
    }
  }
  out.push(`<testsuites name="hullscan" tests="${tests}" failures="${failures}" errors="0">`, ...suites, '</testsuites>');
  return out.join('\n') + '\n';
}

/** The failure text: what was found, where, and what to do. */
function otherBody(o: OtherFinding, image: ImageMeta): string {
  switch (o.kind) {
    case 'secret': {
      const x = o.finding;
      const layer = secretLayer(x, image);
      return [`${x.title} (${x.category})`, `Where: ${secretWhere(x)}`, layer ? `Added by: ${layer}` : '', deletedNote(x, image) ?? '', `Match: ${x.match}`].filter(Boolean).join('\n');
    }
    case 'misconfiguration': {
      const m = o.finding;
      return [m.title, m.message, `Where: ${misconfigWhere(m, image)}`, m.resolution ? `Fix: ${m.resolution}` : ''].filter(Boolean).join('\n');
    }
    case 'license': {
      const l = o.finding;
      return [`${l.license} (${l.classification})`, l.reason, `Package: ${l.package.purl}`].join('\n');
    }
  }
}

export const junitWriter: ReportWriter = { format: 'junit', description: 'JUnit XML, a testsuite per target and per kind, one testcase per finding', extension: 'xml', write: (o) => renderJunit(o) };
