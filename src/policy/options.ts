// The report and gating flags shared by `image` and `compare`: defined once, parsed into PolicyOptions
// and output targets.
import { Command, Option } from 'commander';
import { HullscanError } from '../errors.js';
import type { PolicyOptions, PkgKind } from './apply.js';
import { loadIgnoreFile } from './ignore-file.js';
import { parseSeverity, parseSeverityList } from './severity.js';
import { loadVexFile } from './vex.js';

export interface OutputTarget {
  format: string;
  /** File path; undefined means stdout. */
  path?: string;
}

export interface ReportFlags {
  policy: PolicyOptions;
  outputs: OutputTarget[];
  summary: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds --severity, --exit-code, --fail-on, --ignore-unfixed, --pkg-types, --ignore-file, --vex, --format, --output, --summary. */
export function addReportOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `output format on stdout (${formats.join(', ')})`).default('table'))
    .addOption(new Option('-o, --output <format=path...>', 'also write a report in this format to a file (repeatable), e.g. sarif=out.sarif').argParser(collect))
    .addOption(new Option('--severity <levels>', 'report only these severities, comma-separated (CRITICAL,HIGH,MEDIUM,LOW,NEGLIGIBLE,UNKNOWN)'))
    .addOption(new Option('--exit-code <n>', 'exit with this code when findings remain (at or over --fail-on when given)'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 (or --exit-code) when a finding at or above this severity remains'))
    .addOption(new Option('--ignore-unfixed', 'hide findings that have no fixed version'))
    .addOption(new Option('--pkg-types <kinds>', 'package kinds to report: os, library, or os,library').default('os,library'))
    .addOption(new Option('--ignore-file <file>', 'YAML ignore file (id, package, path, reason, expires)'))
    .addOption(new Option('--vex <file...>', 'OpenVEX or CycloneDX VEX document (repeatable)').argParser(collect))
    .addOption(new Option('--summary', 'print a one-screen overview instead of the findings table'));
}

/** Parses `format=path` (or a bare format, meaning stdout) and checks the format is known. */
export function parseOutputTarget(spec: string, formats: readonly string[], subject = '--output'): OutputTarget {
  const eq = spec.indexOf('=');
  const format = (eq < 0 ? spec : spec.slice(0, eq)).trim().toLowerCase();
  const path = eq < 0 ? undefined : spec.slice(eq + 1);
  if (!formats.includes(format)) throw new HullscanError('USAGE', `unknown format '${format}' (expected one of ${formats.join(', ')})`, { subject });
  if (path !== undefined && !path) throw new HullscanError('USAGE', `empty path in '${spec}'`, { subject });
  return { format, path };
}

export interface RawReportOptions {
  format?: string; output?: string[]; severity?: string; exitCode?: string; failOn?: string;
  ignoreUnfixed?: boolean; pkgTypes?: string; ignoreFile?: string; vex?: string[]; summary?: boolean;
}

/** Turns commander's parsed options into policy options (loading ignore and VEX files) and output targets. */
export function parseReportOptions(raw: RawReportOptions, formats: readonly string[]): ReportFlags {
  const policy: PolicyOptions = {};
  if (raw.severity) policy.severities = parseSeverityList(raw.severity);
  if (raw.exitCode !== undefined) {
    if (!/^\d{1,3}$/.test(raw.exitCode) || Number(raw.exitCode) > 255) throw new HullscanError('USAGE', `'${raw.exitCode}' is not an exit code (0-255)`, { subject: '--exit-code' });
    policy.exitCode = Number(raw.exitCode);
  }
  if (raw.failOn) policy.failOn = parseSeverity(raw.failOn, '--fail-on');
  if (raw.ignoreUnfixed) policy.ignoreUnfixed = true;
  if (raw.pkgTypes) {
    const kinds = raw.pkgTypes.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean);
    for (const k of kinds) if (k !== 'os' && k !== 'library') throw new HullscanError('USAGE', `unknown package kind '${k}' (expected os, library)`, { subject: '--pkg-types' });
    policy.pkgTypes = [...new Set(kinds)] as PkgKind[];
  }
  if (raw.ignoreFile) policy.ignore = loadIgnoreFile(raw.ignoreFile);
  if (raw.vex?.length) policy.vex = raw.vex.flatMap(loadVexFile);
  const outputs: OutputTarget[] = [parseOutputTarget(raw.format ?? 'table', formats, '--format')];
  if (outputs[0]!.path) throw new HullscanError('USAGE', '--format takes a format name; use --output format=path for files', { subject: '--format' });
  for (const spec of raw.output ?? []) outputs.push(parseOutputTarget(spec, formats));
  return { policy, outputs, summary: !!raw.summary };
}
