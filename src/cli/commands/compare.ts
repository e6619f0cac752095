// `hullscan compare IMAGE_A IMAGE_B`: what changes between two images (vulnerabilities and packages
// added, removed, unchanged; counts per severity side by side). `--fail-on-new high` gates pull requests.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { applyPolicy } from '../../policy/apply.js';
import { addReportOptions, parseReportOptions, type RawReportOptions } from '../../policy/options.js';
import { parseSeverity } from '../../policy/severity.js';
import { compareScans, newAtOrAbove } from '../../report/compare/compare.js';
import { COMPARE_FORMATS, renderComparison } from '../../report/compare/render.js';
import { scanImage } from '../../scan.js';
import { terminalOptions } from './image.js';
import type { RegisterCommand } from './index.js';
import { addImageOptions, parseImageOptions, type RawImageOptions } from './scan-options.js';

export const registerCompareCommand: RegisterCommand = (program: Command, setExit) => {
  const cmd = program
    .command('compare')
    .argument('<image-a>', 'the image before (archive path or reference)')
    .argument('<image-b>', 'the image after')
    .description('compare two images: vulnerabilities and packages added, removed, unchanged (exit 1 with --fail-on-new when B adds findings at or above it)')
    .option('--db <path>', 'vulnerability database (default: HULLSCAN_DB or the cache path)')
    .addOption(new Option('--fail-on-new <severity>', 'exit 1 (or --exit-code) when B has a vulnerability A does not, at or above this severity'));
  addImageOptions(cmd);
  addReportOptions(cmd, COMPARE_FORMATS);
  cmd.action(async (refA: string, refB: string, raw: RawImageOptions & RawReportOptions & { db?: string; failOnNew?: string }) => {
    const flags = parseReportOptions(raw, COMPARE_FORMATS);
    const threshold = raw.failOnNew ? parseSeverity(raw.failOnNew, '--fail-on-new') : undefined;
    const scanOpts = { ...parseImageOptions(raw), dbPath: raw.db, scanners: ['vuln' as const] };
    const a = applyPolicy(await scanImage(refA, scanOpts), flags.policy);
    const b = applyPolicy(await scanImage(refB, scanOpts), flags.policy);
    const comparison = compareScans(a.results, b.results);
    const term = terminalOptions();
    for (const target of flags.outputs) {
      const text = renderComparison(target.format, comparison, target.path ? {} : term);
      if (target.path) writeFileSync(target.path, text);
      else process.stdout.write(text);
    }
    if (threshold) {
      const fresh = newAtOrAbove(comparison, threshold);
      if (fresh.length) {
        process.stderr.write(`hullscan: ${fresh.length} new vulnerabilit${fresh.length === 1 ? 'y' : 'ies'} at or above ${threshold} in ${refB}\n`);
        setExit(flags.policy.exitCode ?? 1);
      }
    }
  });
};
