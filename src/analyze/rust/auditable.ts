// cargo-auditable data: the `.dep-v0` section of a Rust binary holds zlib-compressed JSON
// (`{"format":1,"packages":[{"name","version","source","kind"?,"dependencies"?,"root"?}]}`).
import { inflateSync } from 'node:zlib';

export interface AuditablePackage {
  name: string;
  version: string;
  /** crates.io, registry, git, local, or another source's name. */
  source: string;
  kind: 'runtime' | 'build';
  root: boolean;
}

/** Real dependency lists are a few KB; this bounds a hostile section. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export function parseAuditableSection(section: Buffer): AuditablePackage[] {
  let json: Buffer;
  try {
    json = inflateSync(section, { maxOutputLength: MAX_JSON_BYTES });
  } catch (e) {
    throw new Error(`.dep-v0 is not zlib data within ${MAX_JSON_BYTES} bytes (${(e as Error).message})`);
  }
  const doc = JSON.parse(json.toString('utf8')) as { packages?: unknown };
  if (!Array.isArray(doc.packages)) throw new Error('.dep-v0 JSON has no packages array');
  const out: AuditablePackage[] = [];
  for (const p of doc.packages as Record<string, unknown>[]) {
    if (typeof p?.name !== 'string' || typeof p.version !== 'string') continue;
    out.push({ name: p.name, version: p.version, source: sourceName(p.source), kind: p.kind === 'build' ? 'build' : 'runtime', root: p.root === true });
  }
  return out;
}

function sourceName(s: unknown): string {
  if (typeof s === 'string') return ({ CratesIo: 'crates.io', Git: 'git', Local: 'local', Registry: 'registry' } as Record<string, string>)[s] ?? s;
  if (s && typeof s === 'object' && typeof (s as { Other?: unknown }).Other === 'string') return (s as { Other: string }).Other;
  return 'unknown';
}
