// hullscan's library entry: everything the CLI does is available here, typed.
export { HullscanError, isHullscanError } from './errors.js';
export type { ErrorCode } from './errors.js';
export type * from './inventory/model.js';
export type * from './image/types.js';
export type * from './source/types.js';
export type * from './analyze/types.js';
export type * from './vulndb/model.js';
export type * from './match/model.js';
export { compareVersions, satisfiesRange } from './version/index.js';
export type { VersionEcosystem } from './version/index.js';
export { purlFor, distroQualifier } from './inventory/purl.js';
export { toCycloneDX, toSpdx, toInventoryJson, writeSbom, SBOM_FORMATS } from './inventory/sbom/index.js';
export type { SbomFormat, SbomOptions, CycloneDxOptions, SpdxOptions, InventoryJsonOptions } from './inventory/sbom/index.js';
export { detectOs } from './analyze/os/os.js';
