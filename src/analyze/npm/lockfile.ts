// What every npm lockfile reader yields: one entry per locked package copy.
export interface LockedPackage {
  name: string;
  version: string;
  dev: boolean;
  licenses?: string[];
  /** Where the copy would be installed, when the lockfile says (package-lock v2/v3 keys). */
  installPath?: string;
}

/** Lockfile versions that are not registry versions (git URLs, file:, link:, workspace:) are skipped. */
export function isRegistryVersion(v: string): boolean {
  const c = v.charCodeAt(0);
  return c >= 48 && c <= 57 && !v.includes(':') && !v.includes('/');
}
