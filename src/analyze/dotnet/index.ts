// .NET: NuGet packages an app was built with (*.deps.json beside the published app) and the pins of
// packages.lock.json.
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { AnalyzeContext, Analyzer, Facts, Want } from '../types.js';
import { parseDepsJson, parsePackagesLock, type NugetPackage } from './nuget.js';

const CAP: Want = { maxBytes: 32 << 20 };

export const dotnetAnalyzer: Analyzer = {
  name: 'dotnet',
  version: 1,
  wants(path: string, info: FileInfo): boolean | Want {
    if (info.kind !== 'file' && info.kind !== 'hardlink') return false;
    return path.endsWith('.deps.json') || path.endsWith('/packages.lock.json') ? CAP : false;
  },
  async analyze(files: AsyncIterable<FileEntry>, ctx: AnalyzeContext): Promise<Facts> {
    const packages: Package[] = [];
    for await (const entry of files) {
      const path = entry.info.path;
      if (entry.truncated) { ctx.warn(`${path}: larger than the dotnet analyzer's cap, skipped`); continue; }
      let found: NugetPackage[];
      try { found = path.endsWith('.deps.json') ? parseDepsJson(entry.content.toString('utf8')) : parsePackagesLock(entry.content.toString('utf8')); }
      catch (e) { ctx.warn(`${path}: not valid JSON, skipped (${(e as Error).message})`); continue; }
      const seen = new Set<string>();
      for (const n of found) {
        const purl = purlFor({ type: 'nuget', name: n.name, version: n.version });
        if (seen.has(purl)) continue;
        seen.add(purl);
        packages.push({ type: 'nuget', name: n.name, version: n.version, purl, licenses: [], locations: [{ path, layer: entry.info.layer }] });
      }
    }
    return { packages };
  },
};
