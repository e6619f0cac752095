// Pipfile.lock (JSON): `default` and `develop` sections of name -> { version: "==1.2.3" }.
import type { LockedPypiPackage } from './lockfile.js';

export function parsePipfileLock(text: string): LockedPypiPackage[] {
  const doc = JSON.parse(text) as Record<string, Record<string, { version?: unknown }> | undefined>;
  const out: LockedPypiPackage[] = [];
  for (const [section, dev] of [['default', false], ['develop', true]] as const) {
    for (const [name, entry] of Object.entries(doc?.[section] ?? {})) {
      const v = entry?.version;
      if (typeof v === 'string' && v.startsWith('==')) out.push({ name, version: v.replace(/^===?/, ''), dev });
    }
  }
  return out;
}
