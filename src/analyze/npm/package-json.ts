// Reads one package.json: identity and licences of an installed npm package or a project root.

export interface PackageJson {
  name: string;
  version: string;
  licenses: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

/** Licences as npm metadata writes them: `license` (string or legacy {type}) or legacy `licenses` [{type}]. */
export function npmLicenses(doc: Record<string, unknown>): string[] {
  const one = (l: unknown): string | undefined =>
    typeof l === 'string' ? l : l && typeof l === 'object' && typeof (l as { type?: unknown }).type === 'string' ? (l as { type: string }).type : undefined;
  const out: string[] = [];
  const single = one(doc.license);
  if (single) out.push(single);
  if (Array.isArray(doc.licenses)) for (const l of doc.licenses) { const s = one(l); if (s) out.push(s); }
  else { const s = one(doc.licenses); if (s) out.push(s); }
  return [...new Set(out.map((s) => s.trim()).filter((s) => s !== ''))];
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/**
 * Parses package.json text. Throws SyntaxError when it is not JSON; returns undefined when it is JSON but
 * names no package (e.g. a nested `{"type":"module"}` marker), which is not an error.
 */
export function parsePackageJson(text: string): PackageJson | undefined {
  const doc: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if (typeof d.name !== 'string' || typeof d.version !== 'string' || d.name === '' || d.version === '') return undefined;
  return {
    name: d.name, version: d.version, licenses: npmLicenses(d),
    dependencies: stringMap(d.dependencies), devDependencies: stringMap(d.devDependencies), optionalDependencies: stringMap(d.optionalDependencies),
  };
}

/**
 * For `/app/node_modules/@s/x/package.json` returns `{ project: '/app', name: '@s/x' }`: the path is a
 * package root only when it sits directly in a node_modules folder (scoped: one level deeper).
 */
export function installedPackagePath(path: string): { project: string; name: string } | undefined {
  const i = path.lastIndexOf('/node_modules/');
  if (i < 0) return undefined;
  const rest = path.slice(i + '/node_modules/'.length).split('/');
  if (rest[rest.length - 1] !== 'package.json') return undefined;
  let name: string;
  if (rest.length === 2 && !rest[0]!.startsWith('@') && !rest[0]!.startsWith('.')) name = rest[0]!;
  else if (rest.length === 3 && rest[0]!.startsWith('@')) name = `${rest[0]}/${rest[1]}`;
  else return undefined;
  const first = path.indexOf('/node_modules/');
  return { project: path.slice(0, first) || '/', name };
}
