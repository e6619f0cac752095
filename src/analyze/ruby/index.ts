// Ruby: installed gems (specifications/*.gemspec, default gems included) and Gemfile.lock pins.
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { Location, Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { AnalyzeContext, Analyzer, Facts, Want } from '../types.js';
import { parseGemfileLock } from './gemfile-lock.js';
import { parseGemspec } from './gemspec.js';

const CAP: Want = { maxBytes: 4 << 20 };

const gem = (name: string, version: string, licenses: string[], location: Location): Package =>
  ({ type: 'gem', name, version, purl: purlFor({ type: 'gem', name, version }), licenses, locations: [location] });

export const rubyAnalyzer: Analyzer = {
  name: 'ruby',
  version: 1,
  wants(path: string, info: FileInfo): boolean | Want {
    if (info.kind !== 'file' && info.kind !== 'hardlink') return false;
    if (path.endsWith('.gemspec') && path.includes('/specifications/')) return CAP;
    if (path.endsWith('/Gemfile.lock') || path.endsWith('/gems.locked')) return CAP;
    return false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const installed: Package[] = [];
    const locked: Package[] = [];
    for await (const entry of files) {
      const path = entry.info.path;
      const location = { path, layer: entry.info.layer };
      if (entry.truncated) { ctx.warn(`${path}: larger than the ruby analyzer's cap, skipped`); continue; }
      const text = entry.content.toString('utf8');
      if (path.endsWith('.gemspec')) {
        const spec = parseGemspec(text);
        if (!spec) { ctx.warn(`${path}: no name/version in the gem specification, skipped`); continue; }
        installed.push(gem(spec.name, spec.version, spec.licenses, location));
      } else {
        const seen = new Set<string>();
        for (const g of parseGemfileLock(text)) {
          const p = gem(g.name, g.version, [], location);
          if (!seen.has(p.purl)) { seen.add(p.purl); locked.push(p); }
        }
      }
    }
    // A locked gem that is also installed is one package, with the lockfile as a further location.
    const byPurl = new Map(installed.map((p) => [p.purl, p]));
    const packages = [...installed];
    for (const p of locked) {
      const same = byPurl.get(p.purl);
      if (same) same.locations.push(p.locations[0]!);
      else { packages.push(p); byPurl.set(p.purl, p); }
    }
    return { packages };
  },
};
