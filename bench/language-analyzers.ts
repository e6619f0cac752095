// The language analyzers (npm, python, binary, ruby, php, dotnet, golang, java, rust) on the ~1 GB image: the scan with
// them against the scan without them and against the read floor, and the check that matters for
// correctness there: every language file belongs to a Debian package, so zero language packages.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './section.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.HULLSCAN_BENCH_RUNS ?? 3);

interface Result { seconds: number; cpuSeconds: number; maxRssMB: number; osPackages?: number; languageFound?: number; languageReported?: number; executables?: number; unaccounted?: number }

function child(script: string, mode: string, image: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), mode, image], { cwd: ROOT, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${script} ${mode} failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || err.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

const languageOnBig: BenchSection = {
  name: 'language analyzers: ~1 GB image, with vs without, vs floor',
  async run(): Promise<Record<string, string | number>> {
    const image = process.env.HULLSCAN_BIG_IMAGE ?? '/tmp/hullscan-corpus/out/big.docker.tar';
    if (!existsSync(image)) return { skipped: `${image} is missing; build it with: sudo ../shared/corpus/build.sh big /tmp/hullscan-corpus` };
    const floor: Result[] = [], base: Result[] = [], lang: Result[] = [];
    // Interleaved: the machine is shared, so each kind keeps its best run.
    for (let i = 0; i < RUNS; i++) {
      floor.push(await child('child.ts', 'floor', image));
      base.push(await child('language-child.ts', 'base', image));
      lang.push(await child('language-child.ts', 'language', image));
    }
    const best = (rs: Result[], k: 'seconds' | 'cpuSeconds') => Math.min(...rs.map((r) => r[k]));
    const last = lang[lang.length - 1]!;
    if (last.languageReported !== 0) throw new Error(`${last.languageReported} language packages reported on an image whose language files all belong to Debian packages`);
    return {
      image, runs: RUNS,
      'dpkg packages': last.osPackages ?? 0,
      'language packages found / reported after the OS-owned rule (right answer: 0 reported)': `${last.languageFound} / ${last.languageReported}`,
      'ELF executables seen / unaccounted': `${last.executables} / ${last.unaccounted}`,
      'floor wall s (best)': best(floor, 'seconds').toFixed(2),
      'scan wall s, os+dpkg (best)': best(base, 'seconds').toFixed(2),
      'scan wall s, + language analyzers (best)': best(lang, 'seconds').toFixed(2),
      'ratio with language / floor': (best(lang, 'seconds') / best(floor, 'seconds')).toFixed(2),
      'language analyzers extra wall s': (best(lang, 'seconds') - best(base, 'seconds')).toFixed(2),
      'CPU s floor / os+dpkg / + language (best)': `${best(floor, 'cpuSeconds').toFixed(2)} / ${best(base, 'cpuSeconds').toFixed(2)} / ${best(lang, 'cpuSeconds').toFixed(2)}`,
      'peak RSS MB os+dpkg / + language': `${Math.max(...base.map((r) => r.maxRssMB)).toFixed(0)} / ${Math.max(...lang.map((r) => r.maxRssMB)).toFixed(0)}`,
    };
  },
};

export const languageAnalyzerSections: BenchSection[] = [languageOnBig];
