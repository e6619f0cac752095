// uv.lock (TOML): [[package]] entries; the project itself has an editable/virtual source. Dev packages are
// those only the project's `dev-dependencies` groups reach.
import { parse as parseToml } from 'smol-toml';
import type { LockedPypiPackage } from './lockfile.js';
import { normalizePypiName } from './metadata.js';

interface UvPackage { name?: unknown; version?: unknown; source?: Record<string, unknown>; dependencies?: { name: string }[]; 'optional-dependencies'?: Record<string, { name: string }[]>; 'dev-dependencies'?: Record<string, { name: string }[]> }

const LOCAL_SOURCES = ['editable', 'virtual', 'directory', 'path'];

export function parseUvLock(text: string): LockedPypiPackage[] {
  const doc = parseToml(text) as { package?: UvPackage[] };
  const all = (doc.package ?? []).filter((p) => typeof p.name === 'string');
  const isProject = (p: UvPackage) => !!p.source && LOCAL_SOURCES.some((k) => k in p.source!);
  const byName = new Map<string, UvPackage[]>();
  for (const p of all) { const n = normalizePypiName(p.name as string); byName.set(n, [...(byName.get(n) ?? []), p]); }
  const reach = (roots: { name: string }[]) => {
    const seen = new Set<UvPackage>();
    const stack = roots.flatMap((r) => byName.get(normalizePypiName(r.name)) ?? []);
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const deps = [...(p.dependencies ?? []), ...Object.values(p['optional-dependencies'] ?? {}).flat()];
      for (const d of deps) stack.push(...(byName.get(normalizePypiName(d.name)) ?? []));
    }
    return seen;
  };
  const projects = all.filter(isProject);
  const prod = reach(projects.flatMap((p) => [...(p.dependencies ?? []), ...Object.values(p['optional-dependencies'] ?? {}).flat()]));
  const dev = reach(projects.flatMap((p) => Object.values(p['dev-dependencies'] ?? {}).flat()));
  return all
    .filter((p) => !isProject(p) && typeof p.version === 'string')
    .map((p) => ({ name: p.name as string, version: p.version as string, dev: projects.length > 0 && !prod.has(p) && dev.has(p) }));
}
