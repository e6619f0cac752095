// PHP: packages Composer installed (vendor/composer/installed.json) and, for projects without an
// installed vendor tree, the pins of composer.lock.
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { AnalyzeContext, Analyzer, Facts, Want } from '../types.js';
import { parseComposerLock, parseInstalledJson, type ComposerPackage } from './composer.js';

const CAP: Want = { maxBytes: 32 << 20 };
const INSTALLED = '/vendor/composer/installed.json';

export const phpAnalyzer: Analyzer = {
  name: 'php',
  version: 1,
  wants(path: string, info: FileInfo): boolean | Want {
    if (info.kind !== 'file' && info.kind !== 'hardlink') return false;
    if (path.endsWith(INSTALLED)) return CAP;
    if (path.endsWith('/composer.lock') && !path.includes('/vendor/')) return CAP;
    return false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const parsed: { entry: FileEntry; project: string; installed: boolean; pkgs: ComposerPackage[] }[] = [];
    for await (const entry of files) {
      const path = entry.info.path;
      if (entry.truncated) { ctx.warn(`${path}: larger than the php analyzer's cap, skipped`); continue; }
      const installed = path.endsWith(INSTALLED);
      try {
        const text = entry.content.toString('utf8');
        parsed.push({ entry, installed, project: installed ? path.slice(0, -INSTALLED.length) : path.slice(0, path.lastIndexOf('/')), pkgs: installed ? parseInstalledJson(text) : parseComposerLock(text) });
      } catch (e) { ctx.warn(`${path}: not valid JSON, skipped (${(e as Error).message})`); }
    }
    const withVendor = new Set(parsed.filter((p) => p.installed).map((p) => p.project));
    const packages: Package[] = [];
    for (const { entry, installed, project, pkgs } of parsed) {
      if (!installed && withVendor.has(project)) continue;   // the installed tree is the truth
      for (const c of pkgs) {
        const p: Package = {
          type: 'composer', name: c.name, version: c.version, purl: purlFor({ type: 'composer', name: c.name, version: c.version }),
          licenses: c.licenses, locations: [{ path: entry.info.path, layer: entry.info.layer }],
        };
        if (c.dev) p.dev = true;
        packages.push(p);
      }
    }
    return { packages };
  },
};
