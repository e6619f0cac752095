// META-INF/MANIFEST.MF (JAR spec: 72-byte lines continued by a leading space, sections split by
// blank lines) and pom.properties (java.util.Properties, the subset Maven writes).

export interface Manifest {
  main: Map<string, string>;
  /** Per-entry sections (`Name: org/apache/log4j`), in order. */
  sections: Map<string, string>[];
}

export function parseManifest(text: string): Manifest {
  const sections: Map<string, string>[] = [new Map()];
  let last: { map: Map<string, string>; key: string } | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') { if (sections[sections.length - 1]!.size > 0) sections.push(new Map()); last = undefined; continue; }
    if (line.startsWith(' ')) {
      if (last) last.map.set(last.key, last.map.get(last.key)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const map = sections[sections.length - 1]!;
    const key = line.slice(0, colon).trim();
    map.set(key, line.slice(colon + 1).trim());
    last = { map, key };
  }
  const [main, ...rest] = sections;
  return { main: main!, sections: rest.filter((s) => s.size > 0) };
}

/** An attribute from the main section, else from the first per-entry section that has it. */
export function manifestValue(m: Manifest, key: string): string | undefined {
  const v = m.main.get(key) ?? m.sections.find((s) => s.has(key))?.get(key);
  return v ? v.replace(/^"(.*)"$/, '$1').trim() || undefined : undefined;
}

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trimStart();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trimStart();
    const m = /^((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.replace(/\\(.)/g, '$1'), m[2]!.trim());
    else out.set(line.trim(), '');
  }
  return out;
}
