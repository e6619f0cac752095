// DB delivery figures for the DB built from all of ../shared/vulndata: compressed size and publish time, a full
// `db update` (download from a local HTTP mirror + decompress + verify + swap), and a delta update from an older
// DB (the same DB with 2% of advisories dropped and 2% changed): delta size and apply time.
// Runs in `npm run bench` (section "dbupdate"), or alone: npm run bench -- dbupdate
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDb } from '../src/vulndb/build.js';
import { readDbContent } from '../src/vulndb/update/content.js';
import { publishDb } from '../src/vulndb/update/publish.js';
import { startMirror } from '../src/vulndb/update/test-server.js';
import { updateDb } from '../src/vulndb/update/update.js';
import { writeStore } from '../src/vulndb/writer.js';
import type { BenchSection } from './section.js';

const VULNDATA = process.env.HULLSCAN_VULNDATA ?? '/work/shared/vulndata';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const dbUpdateSections: BenchSection[] = [{
  name: 'dbupdate: publish, full update and delta update (DB from all of vulndata)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'hullscan-bench-dbupdate-'));
    try {
      const current = join(dir, 'current.db'), older = join(dir, 'older.db');
      await buildDb({ from: [VULNDATA], out: current });
      const content = readDbContent(current);
      const advisories = content.advisories.filter((_, i) => i % 50 !== 0)
        .map((a, i) => (i % 50 === 1 ? { ...a, summary: `${a.summary ?? ''} (older text)` } : a));
      writeStore(older, { ...content, advisories }, new Date(Date.parse(content.builtAt) - 86_400_000));

      let t0 = performance.now();
      const meta = await publishDb({ db: current, outDir: join(dir, 'pub'), previous: [older] });
      const publishMs = performance.now() - t0;
      const mirror = await startMirror(join(dir, 'pub'));
      try {
        const target = join(dir, 'site', 'hullscan.db');
        t0 = performance.now();
        const full = await updateDb({ dbPath: target, urls: [mirror.url] });
        const fullMs = performance.now() - t0;
        if (full.action !== 'full') throw new Error(`expected a full update, got ${full.action}`);
        const site2 = join(dir, 'site2', 'hullscan.db');
        mkdirSync(join(dir, 'site2'));
        copyFileSync(older, site2);
        t0 = performance.now();
        const delta = await updateDb({ dbPath: site2, urls: [mirror.url] });
        const deltaMs = performance.now() - t0;
        if (delta.action !== 'delta') throw new Error(`expected a delta update, got ${delta.action}`);
        return {
          'advisories': content.advisories.length,
          'DB size': mb(meta.db.size),
          [`compressed (${meta.file.compression})`]: `${mb(meta.file.size)} (${((meta.file.size / meta.db.size) * 100).toFixed(1)}%)`,
          'publish (compress + delta + metadata)': s(publishMs),
          'full update (download + decompress + verify + swap)': s(fullMs),
          'delta size (2% removed, 2% changed)': mb(meta.deltas[0]!.size),
          'delta update (download + apply + rewrite + verify + swap)': s(deltaMs),
        };
      } finally { await mirror.stop(); }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
}];
