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
 * For `/app/node_modules/@s/x/package.json` returns `{ project: '/app', name: '@s/x' }`. A path is a package
 * root only when, from the project's node_modules on, it alternates package names (`x` or `@s/x`) and
 * node_modules folders, as npm installs them; pnpm's store (`node_modules/.pnpm/<id>/node_modules/x`)
 * counts too. A package.json in a package's subfolder, or in test fixtures a package ships with their own
 * node_modules (`resolve/test/resolver/.../node_modules/x`), is not an installed package.
 */
export function installedPackagePath(path: string): { project: string; name: string } | undefined {
  const first = path.indexOf('/node_modules/');
  if (first < 0 || !path.endsWith('/package.json')) return undefined;
  const segs = path.slice(first + '/node_modules/'.length).split('/');
  let i = 0;
  let name = '';
  for (;;) {
    if (segs[i] === '.pnpm') i += 2;                       // .pnpm/<name>@<version>/node_modules/...
    else {
      const s = segs[i];
      if (!s || s.startsWith('.')) return undefined;
      if (s.startsWith('@')) { if (!segs[i + 1] || segs[i + 1] === 'package.json') return undefined; name = `${s}/${segs[i + 1]}`; i += 2; }
      else { name = s; i += 1; }
      if (segs[i] === 'package.json' && i === segs.length - 1) return { project: path.slice(0, first) || '/', name };
    }
    if (segs[i] !== 'node_modules') return undefined;
    i += 1;
  }
}
