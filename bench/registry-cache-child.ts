// One scan in its own process (peak RSS is its own): inventory only, with a layer cache folder.
// Usage: node --import tsx bench/registry-cache-child.ts REF CACHE_DIR [insecure-host] [layers-only]
// layers-only: per-layer cache entries only (no whole-image analysis), so the analyzers run again.
import { DiskLayerCache } from '../src/image/layer-cache.js';
import { scanImage } from '../src/scan.js';

const [ref, cacheDir, insecure, mode] = process.argv.slice(2);
const diskCache = new DiskLayerCache(cacheDir!);
const layerCache = mode === 'layers-only' ? { get: diskCache.get.bind(diskCache), put: diskCache.put.bind(diskCache) } : diskCache;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const [result] = await scanImage(ref!, { skipMatch: true, cacheDir, layerCache, insecure: insecure ? [insecure] : [], credentials: { dockerConfigDir: '/nonexistent' } });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
  packages: result!.inventory.packages.length,
  layers: result!.inventory.image.layers.length,
  cache: diskCache.stats,
}) + '\n');
