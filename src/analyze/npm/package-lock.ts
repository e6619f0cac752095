// package-lock.json (and npm-shrinkwrap.json) v1, v2 and v3.
import type { LockedPackage } from './lockfile.js';
import { isRegistryVersion } from './lockfile.js';
import { npmLicenses } from './package-json.js';

interface V1Dep { version?: string; dev?: boolean; bundled?: boolean; dependencies?: Record<string, V1Dep> }

export function parsePackageLock(text: string): LockedPackage[] {
  const doc = JSON.parse(text) as { lockfileVersion?: number; packages?: Record<string, Record<string, unknown>>; dependencies?: Record<string, V1Dep> };
  if (!doc || typeof doc !== 'object') throw new SyntaxError('not a JSON object');
  const out: LockedPackage[] = [];
  if (doc.packages && typeof doc.packages === 'object') {
    // v2/v3: keys are install paths; "" is the root project; workspace folders have no node_modules segment.
    for (const [key, entry] of Object.entries(doc.packages)) {
      const i = key.lastIndexOf('node_modules/');
      if (i < 0 || !entry || entry.link === true) continue;
      const name = typeof entry.name === 'string' ? entry.name : key.slice(i + 'node_modules/'.length);
      const version = entry.version;
      if (typeof version !== 'string' || !isRegistryVersion(version)) continue;
      out.push({ name, version, dev: entry.dev === true, licenses: npmLicenses(entry), installPath: key });
    }
    return out;
  }
  // v1: a nested tree of dependencies.
  const visit = (deps: Record<string, V1Dep> | undefined, prefix: string) => {
    if (!deps || typeof deps !== 'object') return;
    for (const [name, dep] of Object.entries(deps)) {
      if (!dep || typeof dep !== 'object') continue;
      const installPath = `${prefix}node_modules/${name}`;
      if (typeof dep.version === 'string' && isRegistryVersion(dep.version)) out.push({ name, version: dep.version, dev: dep.dev === true, installPath });
      visit(dep.dependencies, `${installPath}/`);
    }
  };
  visit(doc.dependencies, '');
  return out;
}
