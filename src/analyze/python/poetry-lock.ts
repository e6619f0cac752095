// poetry.lock (TOML): [[package]] name/version; dev from `category = "dev"` (lock 1.x) or `groups` without "main" (2.x).
import { parse as parseToml } from 'smol-toml';
import type { LockedPypiPackage } from './lockfile.js';

export function parsePoetryLock(text: string): LockedPypiPackage[] {
  const doc = parseToml(text) as { package?: Record<string, unknown>[] };
  const out: LockedPypiPackage[] = [];
  for (const p of doc.package ?? []) {
    if (typeof p.name !== 'string' || typeof p.version !== 'string') continue;
    const source = p.source as { type?: string } | undefined;
    if (source && (source.type === 'directory' || source.type === 'file' || source.type === 'git' || source.type === 'url')) continue;
    const groups = Array.isArray(p.groups) ? p.groups as unknown[] : undefined;
    const dev = p.category === 'dev' || (groups !== undefined && !groups.includes('main'));
    out.push({ name: p.name, version: p.version, dev });
  }
  return out;
}
