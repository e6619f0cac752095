// `hullscan config PATH`: misconfiguration checks of Dockerfiles (a file, or every Dockerfile under a
// directory) at source level, with line numbers. Thin: the parser, the rules and the outputs live in
// src/misconfig/dockerfile.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { HullscanError } from '../../errors.js';
import { parseSeverity, parseSeverityList } from '../../policy/severity.js';
import { CONFIG_FORMATS, failingFindings, filterSeverities, renderConfig, type ConfigFormat } from '../../misconfig/dockerfile/report.js';
import { scanConfigPath } from '../../misconfig/dockerfile/scan.js';
import { terminalOptions } from './image.js';
import type { RegisterCommand } from './index.js';

interface RawConfigOptions { format: string; output?: string; severity?: string; exitCode?: string; failOn?: string }

export const registerConfigCommand: RegisterCommand = (program: Command, setExit) => {
  program
    .command('config')
    .argument('<path>', 'a Dockerfile, or a directory searched for Dockerfile, Containerfile, *.Dockerfile and Dockerfile.*')
    .description('check Dockerfiles for misconfigurations (root user, unpinned base, curl | sh, secrets in ENV/ARG, ...) with line numbers')
    .addOption(new Option('-f, --format <format>', `output format (${CONFIG_FORMATS.join(', ')})`).default('table'))
    .addOption(new Option('-o, --output <file>', 'write the report to this file instead of stdout'))
    .addOption(new Option('--severity <levels>', 'report only these severities, comma-separated (CRITICAL,HIGH,MEDIUM,LOW)'))
    .addOption(new Option('--exit-code <n>', 'exit with this code when a finding remains (at or over --fail-on when given)'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 (or --exit-code) when a finding at or above this severity remains'))
    .action((path: string, raw: RawConfigOptions) => {
      const format = raw.format.toLowerCase();
      if (!(CONFIG_FORMATS as readonly string[]).includes(format)) {
        throw new HullscanError('USAGE', `unknown format '${raw.format}' (expected one of ${CONFIG_FORMATS.join(', ')})`, { subject: '--format' });
      }
      if (raw.exitCode !== undefined && (!/^\d{1,3}$/.test(raw.exitCode) || Number(raw.exitCode) > 255)) {
        throw new HullscanError('USAGE', `'${raw.exitCode}' is not an exit code (0-255)`, { subject: '--exit-code' });
      }
      const threshold = raw.failOn ? parseSeverity(raw.failOn, '--fail-on') : undefined;
      const severities = raw.severity ? parseSeverityList(raw.severity) : undefined;
      let results = scanConfigPath(path);
      if (severities) results = filterSeverities(results, severities);
      for (const r of results) {
        for (const w of r.warnings) process.stderr.write(`hullscan: warning: ${w}\n`);
        if (r.error) process.stderr.write(`hullscan: warning: not checked: ${r.error}\n`);
      }
      const term = terminalOptions();
      const text = renderConfig(format as ConfigFormat, results, { color: raw.output ? false : term.color });
      if (raw.output) writeFileSync(raw.output, text);
      else process.stdout.write(text);
      const failCode = raw.exitCode !== undefined ? Number(raw.exitCode) : threshold ? 1 : 0;
      if (failCode && failingFindings(results, threshold).length) setExit(failCode);
    });
};
