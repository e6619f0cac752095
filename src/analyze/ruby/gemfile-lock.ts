// Gemfile.lock: the `specs:` of the GEM (rubygems.org) sections; GIT and PATH sources are not registry gems.

export interface LockedGem { name: string; version: string }

export function parseGemfileLock(text: string): LockedGem[] {
  const out: LockedGem[] = [];
  let section = '';
  let inSpecs = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (line[0] !== ' ') { section = line.trim(); inSpecs = false; continue; }
    if (line === '  specs:') { inSpecs = true; continue; }
    if (!inSpecs || section !== 'GEM') continue;
    // Exactly four spaces: a gem; six: one of its dependencies.
    const m = /^ {4}([^\s(]+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    // Platform gems: `nokogiri (1.13.10-x86_64-linux)`; gem versions never contain '-'.
    out.push({ name: m[1]!, version: m[2]!.split('-')[0]! });
  }
  return out;
}
