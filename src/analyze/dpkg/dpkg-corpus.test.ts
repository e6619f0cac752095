// Issue 2's inventory-accuracy measurement: on every corpus image (every platform, every archive format),
// the dpkg cataloger reports exactly what dpkg-query reports for the same root filesystem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ON_DEMAND, extractArchive, runOn, type ExtractedImage } from '../../inventory/testing/corpus.js';
import { dpkgAnalyzer } from './dpkg.js';
import { osAnalyzer } from '../os/os.js';
import type { Package } from '../../inventory/model.js';
import { openImage, formatPlatform } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import type { ImageSource } from '../../source/types.js';

const hasDpkgQuery = (() => { try { execFileSync('dpkg-query', ['--version']); return true; } catch { return false; } })();

// Only what the dpkg and os analyzers read is extracted (tar still reads every layer in full).
const include = (p: string) => p.startsWith('/var/lib/dpkg') || p.startsWith('/etc/') || p === '/usr/lib/os-release' || p === '/usr/lib' || p === '/usr' || p === '/etc';

function oracle(root: string): string[] {
  const out = execFileSync('dpkg-query', [
    `--admindir=${join(root, 'var/lib/dpkg')}`, '-W',
    '-f', '${db:Status-Want} ${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n',
  ], { maxBuffer: 1 << 26 }).toString();
  return out.split('\n').filter(Boolean)
    // Installed means state `installed` and dpkg still wanting it; `rc` (config-files) stanzas are not packages.
    .filter((l) => /^(install|hold) installed\t/.test(l))
    .map((l) => l.split('\t').slice(1).join('\t')).sort();
}

const row = (p: Package) => [p.name, p.version, p.arch ?? '', p.source?.name ?? '', p.source?.version ?? ''].join('\t');

async function inventory(img: ExtractedImage): Promise<string[]> {
  const facts = await runOn(dpkgAnalyzer, img);
  return facts.packages!.map(row).sort();
}

const images: { file: string; dir: string; expected: Record<string, number> }[] = [
  { file: 'debian12-pkgdb-2025.docker.tar', dir: CORPUS, expected: { 'linux/amd64': 756 } },
  { file: 'node-app.oci-zstd.tar', dir: CORPUS, expected: { 'linux/amd64': 88 } },
  { file: 'multi-lang.docker.tar', dir: CORPUS, expected: { 'linux/amd64': 88 } },
  { file: 'multiarch-index.oci.tar', dir: CORPUS, expected: { 'linux/amd64': 4, 'linux/arm64/v8': 4 } },
  { file: 'multiarch-flat.oci.tar', dir: CORPUS, expected: { 'linux/amd64': 4, 'linux/arm64/v8': 4 } },
  { file: 'multiarch-two-images.docker.tar', dir: CORPUS, expected: { 'linux/amd64': 4, 'linux/arm64/v8': 4 } },
  { file: 'debian12-minbase.oci.tar', dir: ON_DEMAND, expected: { 'linux/amd64': 88 } },
  { file: 'debian12-minbase.docker.tar', dir: ON_DEMAND, expected: { 'linux/amd64': 88 } },
  { file: 'node-app.docker.tar', dir: ON_DEMAND, expected: { 'linux/amd64': 88 } },
  { file: 'big.docker.tar', dir: ON_DEMAND, expected: { 'linux/amd64': 562 } },
];

/** Inventories by format, to compare images that are the same content in another archive format. */
const byName = new Map<string, { file: string; rows: string[] }>();
const nameKey = (file: string, platform: string) => `${file.replace(/\..*$/, '').replace(/^multiarch-.*/, 'multiarch')}|${platform}`;
/** Images with the same layers (by diffID) in other archive formats must give the same inventory. */
const byLayers = new Map<string, { file: string; rows: string[] }>();

for (const { file, dir, expected } of images) {
  const path = join(dir, file);
  // big (1 GB) takes a minute or more on a loaded 2-core machine: opt in.
  const skip = !hasDpkgQuery ? 'dpkg-query is not installed'
    : !existsSync(path) ? `${path} not built (corpus build.sh extra/big)`
    : file.startsWith('big.') && !process.env.HULLSCAN_BIG_TESTS ? 'set HULLSCAN_BIG_TESTS=1 to check the 1 GB image too' : false;
  test(`dpkg inventory of ${file} equals dpkg-query, per platform`, { skip }, async () => {
    const { images: extracted, cleanup } = extractArchive(path, include);
    try {
      const platforms = new Set(extracted.map((i) => i.platform));
      assert.deepEqual([...platforms].sort(), Object.keys(expected).sort());
      for (const img of extracted) {
        const ours = await inventory(img);
        const truth = oracle(img.root);
        assert.deepEqual(ours, truth, `${file} ${img.platform}`);
        assert.equal(ours.length, expected[img.platform], `${file} ${img.platform} count`);
        const key = img.layers.map((l) => l.diffId).join(',');
        const other = byLayers.get(key);
        if (other) assert.deepEqual(ours, other.rows, `${file} vs ${other.file} (${img.platform})`);
        else byLayers.set(key, { file, rows: ours });
        byName.set(nameKey(file, img.platform), { file, rows: ours });
        const os = (await runOn(osAnalyzer, img)).os;
        assert.equal(os?.family, 'debian');
        assert.equal(os?.version, '12');
      }

      // The same through the product: openImage + the streaming layer walk, no extraction.
      const sources: ImageSource[] = [];
      const names = [...new Set(extracted.map((i) => i.names.find((n) => n.includes(':')) ?? ''))];
      if (file.includes('two-images')) for (const name of names) sources.push(...await openImage(path, { name, platform: 'all' }));
      else sources.push(...await openImage(path, { platform: 'all' }));
      try {
        assert.deepEqual(sources.map((s) => formatPlatform(s.platform)).sort(), Object.keys(expected).sort());
        for (const source of sources) {
          const platform = formatPlatform(source.platform);
          const analysis = await analyzeImage(source, [osAnalyzer, dpkgAnalyzer]);
          const facts = (name: string) => analysis.facts.find((f) => f.analyzer === name)!.facts;
          const packages = facts('dpkg').packages!;
          const truth = oracle(extracted.find((i) => i.platform === platform)!.root);
          assert.deepEqual(packages.map(row).sort(), truth, `${file} ${platform} through the layer walk`);
          assert.equal(facts('os').os?.version, '12');
          // Every package of these images came with the base layer's status file.
          assert.deepEqual([...new Set(packages.map((p) => p.locations[0]!.layer.index))], [0]);
          assert.equal(packages[0]!.locations[0]!.layer.diffId, source.layers[0]!.diffId);
          assert.ok(packages.every((p) => p.purl.includes('distro=debian-12')));
          if (file.startsWith('node-app') || file.startsWith('multi-lang')) {
            // Licences from the machine-readable /usr/share/doc/*/copyright files, in SPDX where exact.
            assert.deepEqual(packages.find((p) => p.name === 'zlib1g')!.licenses, ['Zlib']);
            assert.ok(packages.find((p) => p.name === 'bash')!.licenses.includes('GPL-3.0-or-later'));
            assert.ok(packages.filter((p) => p.licenses.length).length >= 70);
          }
        }
      } finally { for (const s of sources) await s.close(); }
    } finally { cleanup(); }
  });
}

test('the multiarch platforms really differ (a mixed-up platform would be caught)', { skip: !hasDpkgQuery }, () => {
  const amd = byName.get('multiarch|linux/amd64')?.rows;
  const arm = byName.get('multiarch|linux/arm64/v8')?.rows;
  assert.ok(amd && arm, 'the multiarch tests ran');
  assert.notDeepEqual(amd, arm);
  assert.ok(arm.some((r) => r.startsWith('libssl3\t3.0.9-1+b1\tarm64\topenssl\t3.0.9-1')), arm.join('\n'));
});

test('node-app and multi-lang share the base layer, hence the dpkg inventory', { skip: !hasDpkgQuery }, () => {
  const a = byName.get('node-app|linux/amd64')?.rows;
  const b = byName.get('multi-lang|linux/amd64')?.rows;
  assert.ok(a && b, 'both images were inventoried');
  assert.deepEqual(a, b);
  // The three multiarch archives hold the same two images: each platform was compared across formats.
  assert.ok([...byLayers.values()].filter((v) => v.file.startsWith('multiarch')).length === 2);
});
