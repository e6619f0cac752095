// hullscan's own JSON inventory: the Inventory model as is, sorted, for machines that read hullscan.
import type { Inventory } from '../model.js';
import { TOOL, TOOL_VERSION, sortedPackages, timestampOf, type SbomOptions } from './common.js';

export const INVENTORY_SCHEMA = 'hullscan-inventory/1';

export interface InventoryJsonOptions extends SbomOptions {
  /** Include each OS package's owned-file list (large: tens of thousands of paths). Default false. */
  files?: boolean;
}

export function toInventoryJson(inv: Inventory, opts: InventoryJsonOptions = {}): Record<string, unknown> {
  const packages = sortedPackages(inv.packages).map((p) => {
    if (opts.files || !p.files) return p;
    const { files, ...rest } = p;
    return { ...rest, fileCount: files.length };
  });
  return {
    schema: INVENTORY_SCHEMA,
    tool: { name: TOOL, version: opts.toolVersion ?? TOOL_VERSION },
    created: timestampOf(opts.timestamp),
    image: inv.image,
    ...(inv.os ? { os: inv.os } : {}),
    packages,
    secrets: inv.secrets,
    misconfigurations: inv.misconfigurations,
    ...(inv.unaccountedExecutables !== undefined ? { unaccountedExecutables: inv.unaccountedExecutables } : {}),
    warnings: inv.warnings,
  };
}
