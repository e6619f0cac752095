// Version comparators: compares per second per ecosystem (parse cache warm), on the generated vectors.
import { benchVersions } from '../src/version/bench.js';
import type { BenchSection } from './section.js';

export const versionSections: BenchSection[] = [{
  name: 'version comparators',
  async run() {
    const figures: Record<string, string> = {};
    for (const r of benchVersions()) figures[r.ecosystem] = `${Math.round(r.perSecond).toLocaleString('en-US')} compares/s (${r.compares} in ${r.ms.toFixed(0)} ms)`;
    return figures;
  },
}];
