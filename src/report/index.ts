// The registry of report writers: a plain array, one line per format.
import { HullscanError } from '../errors.js';
import type { PolicyOutcome } from '../policy/apply.js';
import { csvWriter } from './csv/csv.js';
import { cyclonedxWriter } from './cyclonedx/cyclonedx.js';
import { gitlabWriter } from './gitlab/gitlab.js';
import { htmlWriter } from './html/html.js';
import { jsonWriter } from './json/json.js';
import { junitWriter } from './junit/junit.js';
import { markdownWriter } from './markdown/markdown.js';
import { sarifWriter } from './sarif/sarif.js';
import { spdxWriter } from './spdx/spdx.js';
import { summaryWriter } from './summary/summary.js';
import { tableWriter } from './table/table.js';
import type { ReportOptions, ReportWriter } from './types.js';

export const writers: ReportWriter[] = [
  tableWriter,
  jsonWriter,
  sarifWriter,
  cyclonedxWriter,
  spdxWriter,
  htmlWriter,
  csvWriter,
  junitWriter,
  gitlabWriter,
  markdownWriter,
  summaryWriter,
];

export const REPORT_FORMATS: readonly string[] = writers.map((w) => w.format);

export function writerFor(format: string): ReportWriter {
  const w = writers.find((x) => x.format === format);
  if (!w) throw new HullscanError('USAGE', `unknown format '${format}' (expected one of ${REPORT_FORMATS.join(', ')})`, { subject: '--format' });
  return w;
}

/** Renders the policy outcome in one format. */
export function writeReport(format: string, outcome: PolicyOutcome, opts: ReportOptions = {}): string {
  return writerFor(format).write(outcome, opts);
}
