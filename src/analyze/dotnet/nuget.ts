// .NET: `<app>.deps.json` (libraries of type "package") and NuGet `packages.lock.json`.

export interface NugetPackage { name: string; version: string }

export function parseDepsJson(text: string): NugetPackage[] {
  const doc = JSON.parse(text) as { libraries?: Record<string, { type?: unknown }> };
  const out: NugetPackage[] = [];
  for (const [key, lib] of Object.entries(doc.libraries ?? {})) {
    if (lib?.type !== 'package') continue;   // "project" and "reference" entries are the app's own code
    const slash = key.lastIndexOf('/');
    if (slash <= 0) continue;
    out.push({ name: key.slice(0, slash), version: key.slice(slash + 1) });
  }
  return out;
}

export function parsePackagesLock(text: string): NugetPackage[] {
  const doc = JSON.parse(text) as { dependencies?: Record<string, Record<string, { type?: unknown; resolved?: unknown }>> };
  const out = new Map<string, NugetPackage>();
  for (const framework of Object.values(doc.dependencies ?? {})) {
    for (const [name, dep] of Object.entries(framework ?? {})) {
      if (dep?.type === 'Project' || typeof dep?.resolved !== 'string') continue;
      const key = `${name.toLowerCase()}@${dep.resolved}`;
      if (!out.has(key)) out.set(key, { name, version: dep.resolved });
    }
  }
  return [...out.values()];
}
