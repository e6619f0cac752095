// Comparator throughput on real vector data, for `npm run bench` (the lead wires it into bench/run.ts).
import { performance } from 'node:perf_hooks';
import { versionScheme, VERSION_ECOSYSTEMS, type VersionEcosystem } from './index.js';
import { loadVectors } from './vectors.js';

export interface VersionBenchResult { ecosystem: VersionEcosystem; compares: number; ms: number; perSecond: number }

/** Compares every valid vector pair `rounds` times (parse cache warm after the first round). */
export function benchVersions(rounds = 20): VersionBenchResult[] {
  const out: VersionBenchResult[] = [];
  for (const eco of VERSION_ECOSYSTEMS) {
    if (eco === 'apk' || eco === 'nuget') continue;
    const scheme = versionScheme(eco);
    const pairs = loadVectors(eco).filter((v) => v.expected !== '!');
    for (const p of pairs) scheme.compare(p.a, p.b);
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const p of pairs) scheme.compare(p.a, p.b);
    const ms = performance.now() - t0;
    const compares = pairs.length * rounds;
    out.push({ ecosystem: eco, compares, ms, perSecond: Math.round((compares / ms) * 1000) });
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const r of benchVersions()) console.log(`${r.ecosystem.padEnd(9)} ${String(r.perSecond).padStart(10)} compares/s (${r.compares} in ${r.ms.toFixed(1)} ms)`);
}
