// Python core metadata (PKG-INFO / METADATA, an RFC 822-style header block) and PEP 503 names.

/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

export interface CoreMetadata { name: string; version: string; licenses: string[] }

/** Header fields of the first block (before the body); continuation lines are folded in. */
function headers(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && last) { last[last.length - 1] += '\n' + line.trim(); continue; }
    const colon = line.indexOf(':');
    if (colon <= 0) { last = undefined; continue; }
    const key = line.slice(0, colon).trim().toLowerCase();
    const list = out.get(key) ?? [];
    list.push(line.slice(colon + 1).trim());
    out.set(key, list);
    last = list;
  }
  return out;
}

/**
 * Licences, best source first: License-Expression (PEP 639), then a short License field (long ones are the
 * whole licence text, not a name), then the `License ::` trove classifiers.
 */
function licensesOf(h: Map<string, string[]>): string[] {
  const expr = h.get('license-expression')?.[0];
  if (expr) return [expr];
  const field = h.get('license')?.[0];
  if (field && !field.includes('\n') && field.length <= 80 && !/^unknown$/i.test(field)) return [field];
  const fromClassifiers = (h.get('classifier') ?? [])
    .filter((c) => c.startsWith('License ::'))
    .map((c) => c.split('::').map((s) => s.trim()).pop()!)
    .filter((l) => l !== '' && l !== 'OSI Approved');
  return [...new Set(fromClassifiers)];
}

/** Returns undefined when the block has no Name or Version (not package metadata). */
export function parseCoreMetadata(text: string): CoreMetadata | undefined {
  const h = headers(text);
  const name = h.get('name')?.[0];
  const version = h.get('version')?.[0];
  if (!name || !version) return undefined;
  return { name, version, licenses: licensesOf(h) };
}
