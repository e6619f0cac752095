// yarn.lock: the classic v1 format and the berry (v2+) YAML format. yarn records no dev flag, so dev
// packages are worked out from the project's package.json: those only its devDependencies reach.
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { LockedPackage } from './lockfile.js';
import { isRegistryVersion } from './lockfile.js';
import type { PackageJson } from './package-json.js';

interface YarnEntry { name: string; version: string; registry: boolean; specs: string[]; deps: string[] }

/** `@babel/core@^7.0.0` -> '@babel/core' */
function nameOfSpec(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at < 0 ? spec : spec.slice(0, at);
}

const unquote = (s: string) => s.trim().replace(/^"|"$/g, '');

function parseV1(text: string): YarnEntry[] {
  const out: YarnEntry[] = [];
  let cur: YarnEntry | undefined;
  let inDeps = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line[0] !== ' ') {
      cur = undefined;
      if (!line.endsWith(':')) continue;
      const specs = line.slice(0, -1).split(',').map(unquote).filter((s) => s !== '');
      if (!specs.length) continue;
      cur = { name: nameOfSpec(specs[0]!), version: '', registry: true, specs, deps: [] };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('    ')) {
      if (inDeps) {
        // `    ms "2.1.2"` or `    "@types/ms" "^0.7"`
        const m = /^\s+("[^"]+"|\S+)\s+(.+)$/.exec(line);
        if (m) cur.deps.push(`${unquote(m[1]!)}@${unquote(m[2]!)}`);
      }
      continue;
    }
    inDeps = line === '  dependencies:' || line === '  optionalDependencies:';
    if (line.startsWith('  version ')) cur.version = unquote(line.slice('  version '.length));
  }
  return out.filter((e) => e.version !== '');
}

function parseBerry(text: string): YarnEntry[] {
  const doc = load(text, { schema: FAILSAFE_SCHEMA }) as Record<string, Record<string, unknown> | null> | null;
  const out: YarnEntry[] = [];
  if (!doc || typeof doc !== 'object') return out;
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata' || !entry || typeof entry.resolution !== 'string') continue;
    // Registry packages resolve to `name@npm:1.2.3`; workspaces, patches, git and file resolutions are not
    // registry packages (a patch's underlying npm version has its own entry).
    const res = entry.resolution;
    const at = res.indexOf('@npm:', 1);
    const deps = Object.entries({ ...(entry.dependencies as object ?? {}), ...(entry.optionalDependencies as object ?? {}) })
      .map(([n, r]) => `${n}@${String(r)}`);
    out.push({
      name: at < 0 ? nameOfSpec(res) : res.slice(0, at),
      version: at < 0 ? String(entry.version ?? '') : res.slice(at + '@npm:'.length),
      registry: at >= 0,
      specs: key.split(',').map((s) => s.trim()),
      deps,
    });
  }
  return out;
}

/** Specs as written in package.json (`^1.0.0`) against berry's keys (`npm:^1.0.0`): try both. */
function lookup(bySpec: Map<string, YarnEntry>, name: string, range: string): YarnEntry | undefined {
  return bySpec.get(`${name}@${range}`) ?? bySpec.get(`${name}@npm:${range}`);
}

export function parseYarnLock(text: string, project?: PackageJson): LockedPackage[] {
  const entries = /^__metadata:/m.test(text) ? parseBerry(text) : parseV1(text);
  const bySpec = new Map<string, YarnEntry>();
  for (const e of entries) for (const s of e.specs) bySpec.set(s, e);
  const reach = (roots: Record<string, string>) => {
    const seen = new Set<YarnEntry>();
    const stack = Object.entries(roots).map(([n, r]) => lookup(bySpec, n, r)).filter((e): e is YarnEntry => !!e);
    while (stack.length) {
      const e = stack.pop()!;
      if (seen.has(e)) continue;
      seen.add(e);
      for (const d of e.deps) { const x = bySpec.get(d) ?? lookup(bySpec, nameOfSpec(d), d.slice(nameOfSpec(d).length + 1)); if (x) stack.push(x); }
    }
    return seen;
  };
  const prod = project ? reach({ ...project.dependencies, ...project.optionalDependencies }) : undefined;
  const dev = project ? reach(project.devDependencies) : undefined;
  return entries
    .filter((e) => e.registry && isRegistryVersion(e.version))
    .map((e) => ({ name: e.name, version: e.version, dev: !!prod && !!dev && !prod.has(e) && dev.has(e) }));
}
