// One measurement in its own process, so peak RSS (getrusage maxRSS) belongs to it alone.
// Usage: node --import tsx bench/child.ts floor|walk IMAGE [concurrency]
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { analyzeImage } from '../src/analyze/run.js';
import { openArchiveFiles } from '../src/source/archive-files.js';
import { openImage } from '../src/source/index.js';
import { readManifestJson } from '../src/source/docker-archive.js';
import { blobName } from '../src/source/oci-layout.js';
import { TarHeaderWalker } from './header-walk.js';
import { realisticAnalyzers } from './analyzers.js';

const [mode, image, conc] = process.argv.slice(2);
const concurrency = Number(conc ?? 2);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let extra: Record<string, unknown> = {};

if (mode === 'floor') {
  // Locate layer blobs without any hashing, then gunzip + header walk, `concurrency` layers at once.
  const files = await openArchiveFiles(image!);
  let names: string[];
  if ((await files.size('manifest.json')) !== undefined) names = (await readManifestJson(files))[0]!.Layers;
  else {
    const [img] = await openImage(image!);
    names = img!.layers.map((l) => blobName(l.digest));
  }
  let entries = 0;
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const walker = new TarHeaderWalker();
      await pipeline(files.stream(name), createGunzip({ chunkSize: 1024 * 1024 }), walker);
      entries += walker.entries;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  extra = { entries };
} else if (mode === 'walk') {
  const [img] = await openImage(image!);
  const r = await analyzeImage(img!, realisticAnalyzers(), { concurrency });
  extra = {
    entries: r.layers.reduce((n, l) => n + l.entryCount, 0),
    uncompressed: r.layers.reduce((n, l) => n + l.uncompressedSize, 0),
    facts: r.facts.map((f) => `${f.analyzer}:${f.facts.warnings?.join(' ') ?? ''}`),
    warnings: r.warnings.length,
  };
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({ seconds, cpuSeconds, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n');
