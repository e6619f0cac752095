// `hullscan sbom IMAGE`: the inventory as CycloneDX 1.6, SPDX 2.3 or hullscan JSON.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { SBOM_FORMATS, writeSbom, type SbomFormat } from '../../inventory/sbom/index.js';
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
    const text = results.map((r) => writeSbom(r.inventory, raw.format)).join('');
    if (raw.output) writeFileSync(raw.output, text);
    else process.stdout.write(text);
    setExit(0);
  });
};
