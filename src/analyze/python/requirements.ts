// requirements*.txt: only exactly pinned lines (`name==1.2.3`, `name[extra]===1.2.3 ; marker`) name a version.
import type { LockedPypiPackage } from './lockfile.js';

const PIN = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*$/;

export function parseRequirements(text: string): LockedPypiPackage[] {
  const out: LockedPypiPackage[] = [];
  // Backslash continuations join lines; `#` starts a comment when preceded by whitespace or at line start.
  for (const logical of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    let line = logical.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    line = line.split(';')[0]!.split(/\s--?[a-z]/)[0]!.trim();   // drop env markers and per-line options (--hash)
    const m = PIN.exec(line);
    if (m && !m[2]!.includes('*')) out.push({ name: m[1]!, version: m[2]!, dev: false });
  }
  return out;
}
