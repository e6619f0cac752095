// A realistic set of wants for benchmarks: what the dpkg, os and npm analyzers ask for,
// with analyze() just counting, so the walk itself is what gets measured.
import type { Analyzer } from '../src/analyze/types.js';

function counting(name: string, wants: (p: string) => boolean): Analyzer {
  return {
    name, version: 1,
    wants: (p) => wants(p),
    async analyze(files) {
      let n = 0;
      let bytes = 0;
      for await (const f of files) { n++; bytes += f.content.length; }
      return { warnings: [`${n} files ${bytes} bytes`] };
    },
  };
}

export function realisticAnalyzers(): Analyzer[] {
  return [
    counting('os', (p) => p === '/etc/os-release' || p === '/usr/lib/os-release' || p === '/etc/debian_version'),
    counting('dpkg', (p) => p === '/var/lib/dpkg/status' || (p.startsWith('/var/lib/dpkg/info/') && p.endsWith('.list'))),
    counting('npm', (p) => p.endsWith('/package.json')),
  ];
}
