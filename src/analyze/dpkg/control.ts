// Debian control-file stanzas (deb822): "Field: value", continuation lines start with a space or tab,
// stanzas are separated by blank lines. Used by /var/lib/dpkg/status and the distroless status.d/ files.

export type Stanza = Map<string, string>;

/** Parses every stanza; field names are matched case-insensitively, so they are stored lower-case. */
export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza = new Map();
  let last: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      if (cur.size) out.push(cur);
      cur = new Map();
      last = undefined;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (last) cur.set(last, `${cur.get(last)}\n${line.slice(1)}`);
      continue;
    }
    if (line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    cur.set(last, line.slice(colon + 1).trim());
  }
  if (cur.size) out.push(cur);
  return out;
}

/** `Source: name` or `Source: name (version)`. */
export function parseSourceField(value: string): { name: string; version?: string } {
  const m = /^(\S+)\s*(?:\(\s*([^)\s]+)\s*\))?/.exec(value.trim());
  if (!m) return { name: value.trim() };
  return m[2] ? { name: m[1]!, version: m[2] } : { name: m[1]! };
}

/** dpkg's Status field is "want flag state"; a package is present when its state is `installed` and dpkg still wants it. */
export function isInstalled(status: string | undefined): boolean {
  if (status === undefined) return false;
  const [want, , state] = status.trim().split(/\s+/);
  return (want === 'install' || want === 'hold') && state === 'installed';
}

/** Licence short names from a machine-readable (DEP-5) copyright file; [] for free-form files. */
export function dep5Licenses(text: string): string[] {
  if (!/^Format:\s*\S*(copyright-format|dep5|DEP-5)/im.test(text.slice(0, 4096))) return [];
  const found = new Set<string>();
  for (const m of text.matchAll(/^License:[ \t]*([^\n]*)$/gm)) {
    const v = m[1]!.trim();
    if (v) found.add(v);
  }
  return [...found];
}
