// `hullscan sbom IMAGE`: the inventory as CycloneDX 1.6, SPDX 2.3 or hullscan JSON.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { SBOM_FORMATS, toInventoryJson, writeSbom, type SbomFormat } from '../../inventory/sbom/index.js';
import type { ScanResult } from '../../match/model.js';
import { applyPolicy } from '../../policy/apply.js';
import { cyclonedxWriter } from '../../report/cyclonedx/cyclonedx.js';
import { spdxWriter } from '../../report/spdx/spdx.js';
import { scanImage } from '../../scan.js';
import type { RegisterCommand } from './index.js';
import { addImageOptions, parseImageOptions, type RawImageOptions } from './scan-options.js';

export const registerSbomCommand: RegisterCommand = (program: Command, setExit) => {
  const cmd = program
    .command('sbom')
    .argument('<image>', 'archive path, OCI layout, or image reference')
    .description('write the software bill of materials of an image')
    .addOption(new Option('-f, --format <format>', 'cyclonedx, spdx-json or json').choices([...SBOM_FORMATS]).default('cyclonedx'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--keep-os-owned', 'also list language packages whose files an OS package owns');
  addImageOptions(cmd);
  cmd.action(async (ref: string, raw: RawImageOptions & { format: SbomFormat; output?: string; keepOsOwned?: boolean }) => {
    const results = await scanImage(ref, { ...parseImageOptions(raw), scanners: [], keepOsOwned: raw.keepOsOwned });
    for (const r of results) for (const w of r.inventory.warnings) process.stderr.write(`hullscan: warning: ${w}\n`);
    const text = results.length === 1 ? writeSbom(results[0]!.inventory, raw.format) : multiPlatformSbom(results, raw.format);
    if (raw.output) writeFileSync(raw.output, text);
    else process.stdout.write(text);
    setExit(0);
  });
};

/**
 * One document for every platform of a multi-platform scan (`--platform all`): CycloneDX and SPDX as the
 * reports write them (the multi-platform image over its platform images, no vulnerabilities since none were
 * looked for); hullscan JSON as an array of the platforms' inventories.
 */
function multiPlatformSbom(results: ScanResult[], format: SbomFormat): string {
  if (format === 'json') return JSON.stringify(results.map((r) => toInventoryJson(r.inventory)), null, 2) + '\n';
  return (format === 'cyclonedx' ? cyclonedxWriter : spdxWriter).write(applyPolicy(results), {});
}
