// RustSec's native advisories: Markdown files opening with a ```toml block ([advisory], [versions], [affected]).
import { sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Advisory, AffectedEntry, FeedReader } from '../../model.js';
import { cvssRating, cvssTypeOf } from '../../severity.js';
import { extOf, isObject, oneLine, readFeedFile, readHead, skipped, str, strArray } from '../files.js';
import { fromRequirements } from '../requirements.js';

const FRONT = /^\s*```toml\r?\n([\s\S]*?)\r?\n```\r?\n?([\s\S]*)$/;

// TOML dates arrive as Date-like objects; the model keeps ISO strings.
function tomlDate(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v;
  if (v && typeof v === 'object' && 'toISOString' in v) return String((v as { toISOString(): string }).toISOString()).slice(0, 10);
  return undefined;
}

export const rustsecReader: FeedReader = {
  format: 'rustsec',
  async detect(path) {
    return extOf(path) === 'md' && /^\s*```toml\s*\n\s*\[advisory\]/.test(readHead(path, 512));
  },
  async *read(path) {
    let text: string;
    try { text = readFeedFile(path).toString('utf8'); } catch (e) { yield skipped(path, oneLine(e)); return; }
    const m = FRONT.exec(text);
    if (!m) { yield skipped(path, 'no ```toml front matter block'); return; }
    let doc: Record<string, unknown>;
    try { doc = parseToml(m[1]!) as Record<string, unknown>; } catch (e) { yield skipped(path, `invalid TOML: ${oneLine(e)}`); return; }
    const a = isObject(doc.advisory) ? doc.advisory : undefined;
    const id = a ? str(a.id) : undefined;
    const pkg = a ? str(a.package) : undefined;
    if (!a || !id || !pkg) { yield skipped(path, '[advisory] needs id and package', id); return; }
    const versions = isObject(doc.versions) ? doc.versions : {};
    // Advisories under rust/ are about the toolchain and std, not crates.io crates.
    const parts = path.split(sep);
    const toolchain = parts.includes('rust') && !parts.includes('crates');
    const entry: AffectedEntry = {
      ecosystem: toolchain ? 'rust-toolchain' : 'crates.io',
      package: pkg,
      ...fromRequirements('cargo', strArray(versions.patched), strArray(versions.unaffected)),
    };
    const affected = isObject(doc.affected) ? doc.affected : {};
    if (isObject(affected.functions)) {
      const fns = Object.keys(affected.functions);
      if (fns.length) entry.symbols = [{ path: pkg, symbols: fns }];
    }
    const informational = str(a.informational);
    if (informational) entry.informational = informational;
    const body = m[2]!.trim();
    const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
    const adv: Advisory = {
      id, aliases: strArray(a.aliases), source: 'rustsec',
      references: [str(a.url), ...strArray(a.references)].filter((u): u is string => !!u),
      cwes: [], severities: [], affected: [entry],
    };
    if (title) adv.summary = title;
    if (body) adv.details = body.replace(/^#\s+.+\n+/, '');
    const date = tomlDate(a.date);
    if (date) adv.published = date;
    const withdrawn = tomlDate(a.withdrawn);
    if (withdrawn) adv.withdrawn = withdrawn;
    const cvss = str(a.cvss);
    if (cvss && cvssTypeOf(cvss)) adv.severities.push(cvssRating('rustsec', cvssTypeOf(cvss)!, cvss));
    yield { kind: 'advisory', advisory: adv };
  },
};
