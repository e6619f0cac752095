// `hullscan image IMAGE`: inventory + match + policy + reports.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { applyPolicy } from '../../policy/apply.js';
import { addReportOptions, parseReportOptions, type RawReportOptions } from '../../policy/options.js';
import { REPORT_FORMATS, writeReport } from '../../report/index.js';
import { scanImage, type ScanOptions } from '../../scan.js';
import { DEFAULT_SCANNERS, parseScanners, SCANNERS } from '../../scanners.js';
import { DEFAULT_MAX_AGE_DAYS } from '../../analyze/imageconfig/index.js';
import { loadSecretConfig } from '../../analyze/secret/index.js';
import { HullscanError } from '../../errors.js';
import { parseLicensePolicyFlags } from '../../policy/license.js';
import type { RegisterCommand } from './index.js';
import { addImageOptions, parseImageOptions, type RawImageOptions } from './scan-options.js';

export function terminalOptions(): { color: boolean; width: number } {
  const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
  return { color, width: process.stdout.columns || 120 };
}

interface RawScannerOptions { scanners?: string; secretConfig?: string; maxImageAge?: string; licenseDeny?: string[]; licenseAllow?: string[]; licenseSeverity?: string }

const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseScannerOptions(raw: RawScannerOptions): Pick<ScanOptions, 'scanners' | 'secretConfig' | 'maxImageAgeDays' | 'licensePolicy'> {
  const days = Number(raw.maxImageAge ?? DEFAULT_MAX_AGE_DAYS);
  if (!Number.isInteger(days) || days <= 0) throw new HullscanError('USAGE', `'${raw.maxImageAge}' is not a number of days`, { subject: '--max-image-age' });
  return {
    scanners: parseScanners(raw.scanners ?? DEFAULT_SCANNERS.join(',')),
    ...(raw.secretConfig ? { secretConfig: loadSecretConfig(raw.secretConfig) } : {}),
    maxImageAgeDays: days,
    licensePolicy: parseLicensePolicyFlags(raw.licenseDeny ?? [], raw.licenseAllow ?? [], raw.licenseSeverity),
  };
}

export const registerImageCommand: RegisterCommand = (program: Command, setExit) => {
  const cmd = program
    .command('image')
    .argument('<image>', 'archive path, OCI layout, or image reference (alpine:3.19, registry:5000/app@sha256:...)')
    .description('scan an image: inventory, vulnerabilities, reports and CI gating (exit 0 clean or under threshold, 1 findings at or over threshold, 2 error)')
    .option('--db <path>', 'vulnerability database (default: HULLSCAN_DB or the cache path)')
    .option('--keep-os-owned', 'also report language packages whose files an OS package owns')
    .option('--include-informational', 'also report informational advisories (unmaintained, unsound)')
    .option('--offline', 'no network access at all: local image files only (the DB is never updated by a scan)')
    .option('--skip-db-update', 'never update the DB before the scan (hullscan never does by default; run `hullscan db update`)')
    .option('--scanners <list>', `what to look for on top of the package inventory: ${SCANNERS.join(',')} (or none)`, DEFAULT_SCANNERS.join(','))
    .option('--secret-config <file>', 'secret scanner configuration (YAML: allow-rules by path or rule id, disable-rules)')
    .option('--max-image-age <days>', 'misconfig: report an image built longer ago than this', String(DEFAULT_MAX_AGE_DAYS))
    .option('--license-deny <ids>', 'license: these SPDX ids or classes are CRITICAL findings (comma-separated, repeatable)', collect)
    .option('--license-allow <ids>', 'license: these SPDX ids or classes are accepted, no finding (comma-separated, repeatable)', collect)
    .option('--license-severity <class=level,...>', 'license: severity per class (permissive, public-domain, weak-copyleft, strong-copyleft, network-copyleft, unknown)');
  addImageOptions(cmd);
  addReportOptions(cmd, REPORT_FORMATS);
  cmd.action(async (ref: string, raw: RawImageOptions & RawReportOptions & RawScannerOptions & { db?: string; keepOsOwned?: boolean; includeInformational?: boolean; offline?: boolean }) => {
    const flags = parseReportOptions(raw, REPORT_FORMATS);
    const results = await scanImage(ref, {
      ...parseImageOptions(raw),
      dbPath: raw.db,
      offline: raw.offline,
      keepOsOwned: raw.keepOsOwned,
      includeInformational: raw.includeInformational,
      ignoreUnfixed: flags.policy.ignoreUnfixed,
      ...parseScannerOptions(raw),
    });
    if (results.length > 1 || raw.platform === undefined) {
      for (const r of results) process.stderr.write(`hullscan: scanned ${r.inventory.image.reference} for platform ${r.inventory.image.platform}\n`);
    }
    for (const r of results) for (const w of r.inventory.warnings) process.stderr.write(`hullscan: warning: ${w}\n`);
    const outcome = applyPolicy(results, flags.policy);
    for (const e of outcome.expiredIgnores) process.stderr.write(`hullscan: ignore entry for ${e.id} expired on ${e.expires ?? '?'}: it no longer applies\n`);
    const term = terminalOptions();
    if (flags.summary) flags.outputs[0] = { format: 'summary' };
    for (const target of flags.outputs) {
      const text = writeReport(target.format, outcome, target.path ? { width: term.width } : term);
      if (target.path) writeFileSync(target.path, text);
      else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
    setExit(outcome.exitCode);
  });
};
