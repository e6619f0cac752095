// SBOM writers: CycloneDX 1.6 JSON, SPDX 2.3 JSON and hullscan's JSON inventory.
export { toCycloneDX, cycloneDxLicenses, type CycloneDxOptions } from './cyclonedx.js';
export { toSpdx, type SpdxOptions } from './spdx.js';
export { toInventoryJson, INVENTORY_SCHEMA, type InventoryJsonOptions } from './json.js';
export type { SbomOptions } from './common.js';

import type { Inventory } from '../model.js';
import { toCycloneDX } from './cyclonedx.js';
import { toSpdx } from './spdx.js';
import { toInventoryJson } from './json.js';
import type { SbomOptions } from './common.js';

export type SbomFormat = 'cyclonedx' | 'spdx-json' | 'json';
export const SBOM_FORMATS: readonly SbomFormat[] = ['cyclonedx', 'spdx-json', 'json'];

/** The document for `hullscan sbom --format`, serialised (2-space JSON, trailing newline). */
export function writeSbom(inv: Inventory, format: SbomFormat, opts: SbomOptions = {}): string {
  const doc = format === 'cyclonedx' ? toCycloneDX(inv, opts) : format === 'spdx-json' ? toSpdx(inv, opts) : toInventoryJson(inv, opts);
  return JSON.stringify(doc, null, 2) + '\n';
}
