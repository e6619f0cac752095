// Licences: normalisation to SPDX expressions and classification, used after the analyzers.
export { normalizeLicense, licenseTree, type NormalizedLicense, type NormalizeOptions } from './normalize.js';
export { classifyLicense, classifyTree } from './classify.js';
export { normalizePackageLicenses } from './packages.js';
export { LICENSE_CLASSES } from './classes.js';
export { isValidSpdx, type LicenseTree, type LicenseLeaf } from './spdx.js';
