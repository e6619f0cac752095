// Composer: vendor/composer/installed.json (Composer 1: a list; Composer 2: { packages, dev-package-names })
// and composer.lock ({ packages, packages-dev }).

export interface ComposerPackage { name: string; version: string; licenses: string[]; dev: boolean }

interface Entry { name?: unknown; version?: unknown; license?: unknown }

/** Composer writes tags as `v1.2.3` and treats them as `1.2.3`; branches (`dev-main`) are not releases. */
function releaseVersion(v: string): string | undefined {
  if (v.startsWith('dev-') || v.endsWith('-dev')) return undefined;
  return /^v\d/.test(v) ? v.slice(1) : v;
}

function toPackage(e: Entry, dev: boolean): ComposerPackage | undefined {
  if (typeof e?.name !== 'string' || typeof e.version !== 'string' || !e.name.includes('/')) return undefined;
  const version = releaseVersion(e.version);
  if (!version) return undefined;
  const licenses = Array.isArray(e.license) ? e.license.filter((l): l is string => typeof l === 'string') : typeof e.license === 'string' ? [e.license] : [];
  return { name: e.name.toLowerCase(), version, licenses, dev };
}

export function parseInstalledJson(text: string): ComposerPackage[] {
  const doc = JSON.parse(text) as Entry[] | { packages?: Entry[]; 'dev-package-names'?: string[] };
  const list = Array.isArray(doc) ? doc : doc.packages ?? [];
  const devNames = new Set(Array.isArray(doc) ? [] : (doc['dev-package-names'] ?? []).map((n) => n.toLowerCase()));
  return list.map((e) => toPackage(e, typeof e?.name === 'string' && devNames.has(e.name.toLowerCase()))).filter((p): p is ComposerPackage => !!p);
}

export function parseComposerLock(text: string): ComposerPackage[] {
  const doc = JSON.parse(text) as { packages?: Entry[]; 'packages-dev'?: Entry[] };
  return [
    ...(doc.packages ?? []).map((e) => toPackage(e, false)),
    ...(doc['packages-dev'] ?? []).map((e) => toPackage(e, true)),
  ].filter((p): p is ComposerPackage => !!p);
}
