// `hullscan inspect IMAGE`: OS, platform, layers, config and package counts.
import type { Command } from 'commander';
import { layerOf, shortDiffId } from '../../inventory/layer-label.js';
import type { Inventory } from '../../inventory/model.js';
import { redactImageMeta } from '../../report/redact.js';
import { scanImage } from '../../scan.js';
import type { RegisterCommand } from './index.js';
import { addImageOptions, parseImageOptions, type RawImageOptions } from './scan-options.js';

function humanSize(n?: number): string {
  if (n === undefined) return '?';
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function formatInspect(inv: Inventory): string {
  const img = redactImageMeta(inv.image);
  const counts = new Map<string, number>();
  for (const p of inv.packages) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
  const lines = [
    `image:        ${img.reference}${img.names.length ? ` (${img.names.join(', ')})` : ''}`,
    `digest:       ${img.digest ?? '-'}`,
    ...(img.indexDigest ? [`index digest: ${img.indexDigest}`] : []),
    `image id:     ${img.configDigest}`,
    `platform:     ${img.platform}`,
    `os:           ${inv.os ? `${inv.os.name}${inv.os.version ? ` (${inv.os.family} ${inv.os.version}${inv.os.codename ? `, ${inv.os.codename}` : ''})` : ''}` : 'unknown'}`,
    `created:      ${img.created ?? '-'}`,
    `user:         ${img.user ?? '(none: runs as root)'}`,
    `workdir:      ${img.workingDir ?? '-'}`,
    `entrypoint:   ${img.entrypoint ? JSON.stringify(img.entrypoint) : '-'}`,
    `cmd:          ${img.cmd ? JSON.stringify(img.cmd) : '-'}`,
    `ports:        ${img.exposedPorts?.join(', ') || '-'}`,
    `env:          ${img.env?.map((e) => e.split('=')[0]).join(', ') || '-'}`,
    `packages:     ${[...counts].sort().map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}`,
    `layers:       ${img.layers.length}`,
  ];
  // Numbered as everywhere else people read them ('4 of 5': from the base, starting at 1), not by the 0-based index.
  const width = layerOf({ index: img.layers.length - 1 }, img).length;
  for (const l of img.layers) {
    lines.push(`  ${layerOf(l, img).padStart(width)}  ${humanSize(l.size).padStart(9)}  ${shortDiffId(l.diffId)}  ${(l.createdBy ?? '').replace(/\s+/g, ' ').trim().slice(0, 100)}`.trimEnd());
  }
  return lines.join('\n') + '\n';
}

export const registerInspectCommand: RegisterCommand = (program: Command, setExit) => {
  const cmd = program
    .command('inspect')
    .argument('<image>', 'archive path, OCI layout, or image reference')
    .description('show OS, platform, layers (size, digest, created_by), config and package counts')
    .option('--json', 'machine-readable output');
  addImageOptions(cmd);
  cmd.action(async (ref: string, raw: RawImageOptions & { json?: boolean }) => {
    const results = await scanImage(ref, { ...parseImageOptions(raw), scanners: [] });
    if (raw.json) process.stdout.write(JSON.stringify(results.map((r) => ({ ...redactImageMeta(r.inventory.image), os: r.inventory.os, packageCounts: countByType(r.inventory) })), null, 2) + '\n');
    else process.stdout.write(results.map((r) => formatInspect(r.inventory)).join('\n'));
    setExit(0);
  });
};

function countByType(inv: Inventory): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of inv.packages) out[p.type] = (out[p.type] ?? 0) + 1;
  return out;
}
