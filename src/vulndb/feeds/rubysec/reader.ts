// ruby-advisory-db: one YAML advisory per file, gems/<gem>/<id>.yml and rubies/<engine>/<id>.yml, with RubyGems
// requirement lists (patched_versions, unaffected_versions).
import { basename, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Advisory, FeedReader, SeverityRating } from '../../model.js';
import { levelFromScore } from '../../severity.js';
import { extOf, isObject, oneLine, readFeedFile, readHead, skipped, str, strArray } from '../files.js';
import { fromRequirements } from '../requirements.js';

function idText(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : str(v);
}

function scoreRating(type: SeverityRating['type'], v: unknown): SeverityRating | undefined {
  const score = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(score) ? { source: 'rubysec', type, score, level: levelFromScore(type, score) } : undefined;
}

export const rubysecReader: FeedReader = {
  format: 'rubysec',
  async detect(path) {
    const ext = extOf(path);
    if (ext !== 'yml' && ext !== 'yaml') return false;
    const head = readHead(path, 2048);
    return /^(gem|engine):\s*\S/m.test(head) && /^(title|url|date|cve|ghsa):/m.test(head);
  },
  async *read(path) {
    let text: string;
    try { text = readFeedFile(path).toString('utf8'); } catch (e) { yield skipped(path, oneLine(e)); return; }
    let doc: unknown;
    try { doc = parseYaml(text, { maxAliasCount: 100 }); } catch (e) { yield skipped(path, `invalid YAML: ${oneLine(e)}`); return; }
    if (!isObject(doc)) { yield skipped(path, 'not a YAML mapping'); return; }
    const gem = str(doc.gem);
    const engine = str(doc.engine);
    if (!gem && !engine) { yield skipped(path, 'neither gem nor engine'); return; }
    const cve = idText(doc.cve), ghsa = idText(doc.ghsa), osvdb = idText(doc.osvdb);
    const ids = [cve && `CVE-${cve}`, ghsa && `GHSA-${ghsa}`, osvdb && `OSVDB-${osvdb}`].filter((x): x is string => !!x);
    // The file name is the advisory's own id (CVE-…, GHSA-…, OSVDB-…).
    const id = basename(path).replace(/\.ya?ml$/i, '');
    const adv: Advisory = {
      id, aliases: ids.filter((x) => x !== id), source: 'rubysec',
      references: [str(doc.url), ...(isObject(doc.related) ? strArray(doc.related.url) : [])].filter((u, i, all): u is string => !!u && all.indexOf(u) === i),
      cwes: [], severities: [],
      affected: [{
        ecosystem: gem ? 'RubyGems' : 'ruby-engine',
        package: (gem ?? engine)!,
        ...fromRequirements('gem', strArray(doc.patched_versions), strArray(doc.unaffected_versions)),
      }],
    };
    const title = str(doc.title); if (title) adv.summary = title;
    const description = str(doc.description); if (description) adv.details = description.trim();
    const date = str(doc.date); if (date) adv.published = date;
    for (const [k, t] of [['cvss_v2', 'CVSS_V2'], ['cvss_v3', 'CVSS_V3'], ['cvss_v4', 'CVSS_V4']] as const) {
      const r = scoreRating(t, doc[k]);
      if (r) adv.severities.push(r);
    }
    if (path.split(sep).includes('rubies') && !engine) { yield skipped(path, 'rubies/ entry without engine', id); return; }
    // One CVE is often filed once per gem (actionpack, activesupport …): fragments of one advisory.
    yield { kind: 'advisory', advisory: adv, fragment: true };
  },
};
