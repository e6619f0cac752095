// Layer-walk benchmarks: (a) the ~1 GB image against its floor (gunzip + tar headers only),
// (b) a generated image with one layer of 1,000,000 small files. Each measurement runs in a child
// process so its peak RSS is its own.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { tarChunks, writeOciLayout, type FixtureEntry } from '../src/image/fixture-tar.js';
import type { BenchSection } from './section.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.HULLSCAN_BENCH_RUNS ?? 3);

interface ChildResult { seconds: number; cpuSeconds: number; maxRssMB: number; entries?: number; uncompressed?: number; facts?: string[] }

function child(mode: string, image: string, concurrency = 2): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/child.ts'), mode, image, String(concurrency)],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`${mode} failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || err.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      });
  });
}

/** Alternate floor and walk runs (the machine is shared, so take each one's best wall time). */
async function compare(image: string): Promise<Record<string, string | number>> {
  const floor: ChildResult[] = [];
  const walk: ChildResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(await child('floor', image));
    walk.push(await child('walk', image));
  }
  const best = (rs: ChildResult[]) => Math.min(...rs.map((r) => r.seconds));
  const f = best(floor);
  const w = best(walk);
  const last = walk[walk.length - 1]!;
  return {
    image,
    runs: RUNS,
    // the machine is shared: wall times mean little when this is far above the core count
    'load average (1 min) / cores': `${loadavg()[0]!.toFixed(1)} / ${availableParallelism()}`,
    'entries': last.entries ?? 0,
    'uncompressed MB': ((last.uncompressed ?? 0) / 1e6).toFixed(1),
    'floor wall s (gunzip + tar headers, best)': f.toFixed(2),
    'walk wall s (analyzeImage, realistic wants, best)': w.toFixed(2),
    'ratio walk/floor (target <= 1.5)': (w / f).toFixed(2),
    'floor CPU s (all threads, best)': Math.min(...floor.map((r) => r.cpuSeconds)).toFixed(2),
    'walk CPU s (all threads, best)': Math.min(...walk.map((r) => r.cpuSeconds)).toFixed(2),
    'CPU ratio walk/floor': (Math.min(...walk.map((r) => r.cpuSeconds)) / Math.min(...floor.map((r) => r.cpuSeconds))).toFixed(2),
    'floor peak RSS MB': Math.max(...floor.map((r) => r.maxRssMB)).toFixed(0),
    'walk peak RSS MB (target <= 300)': Math.max(...walk.map((r) => r.maxRssMB)).toFixed(0),
    'all walk runs s': walk.map((r) => r.seconds.toFixed(2)).join(' '),
    'all floor runs s': floor.map((r) => r.seconds.toFixed(2)).join(' '),
    'facts': (last.facts ?? []).join('; '),
  };
}

const bigImage: BenchSection = {
  name: 'layer walk: ~1 GB image vs floor',
  async run() {
    const image = process.env.HULLSCAN_BIG_IMAGE ?? '/tmp/hullscan-corpus/out/big.docker.tar';
    if (!existsSync(image)) {
      return { skipped: `${image} is missing; build it with: sudo ../shared/corpus/build.sh big /tmp/hullscan-corpus (10-15 min), or set HULLSCAN_BIG_IMAGE` };
    }
    return compare(image);
  },
};

/** One gzip layer of `count` small files (plus os-release and some package.json), as an OCI layout directory. */
export async function generateManyFilesImage(dir: string, count: number): Promise<void> {
  function* entries(): Generator<FixtureEntry> {
    yield { name: 'etc/', type: 'dir' };
    yield { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' };
    for (let d = 0; d < 1000; d++) yield { name: `data/d${d}/`, type: 'dir' };
    for (let i = 0; i < count; i++) {
      const d = i % 1000;
      yield i % 1000 === 7 ? { name: `data/d${d}/p${i}/package.json`, content: `{"name":"p${i}","version":"1.0.${i}"}` }
        : { name: `data/d${d}/f${i}.txt`, content: `file ${i}\n` };
    }
  }
  const diff = createHash('sha256');
  const tap = new Transform({ transform(c, _e, cb) { diff.update(c); cb(null, c); } });
  const blobPath = join(dir, 'layer.tar.gz');
  await pipeline(Readable.from(batched(tarChunks(entries())), { objectMode: false }), tap, createGzip({ level: 1 }), createWriteStream(blobPath));
  const blob = await readFile(blobPath);
  await writeOciLayout(join(dir, 'oci'), [{ blob, diffId: 'sha256:' + diff.digest('hex') }]);
  await rm(blobPath);
}

/** Tiny tar pieces glued into ~1 MB chunks: a stream of millions of 512-byte buffers is slow. */
function* batched(chunks: Iterable<Buffer>): Generator<Buffer> {
  let parts: Buffer[] = [];
  let n = 0;
  for (const c of chunks) {
    parts.push(c);
    n += c.length;
    if (n >= 1 << 20) { yield Buffer.concat(parts, n); parts = []; n = 0; }
  }
  if (n) yield Buffer.concat(parts, n);
}

const manyFiles: BenchSection = {
  name: 'layer walk: one layer of 1,000,000 small files',
  async run() {
    const count = Number(process.env.HULLSCAN_BENCH_FILES ?? 1_000_000);
    const dir = await mkdtemp(join(tmpdir(), 'hullscan-bench-'));
    try {
      const t0 = Date.now();
      await generateManyFilesImage(dir, count);
      const genSeconds = (Date.now() - t0) / 1000;
      const layout = join(dir, 'oci');
      const r = await compare(layout);
      return { files: count, 'generation s': genSeconds.toFixed(1), ...r, image: '(generated, deleted after)' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export const imageWalkSections: BenchSection[] = [bigImage, manyFiles];
