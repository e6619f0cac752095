import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { serialize } from 'node:v8';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { analyzeImage } from '../analyze/run.js';
import type { Analyzer, StreamScanner } from '../analyze/types.js';
import { openImage } from '../source/index.js';
import { CORPUS, recorder } from '../source/test-support.js';
import { sha256, tarBuffer, writeOciLayout, type FixtureEntry } from './fixture-tar.js';
import { DiskLayerCache } from './layer-cache.js';
import type { LayerScan } from './layer-scan.js';
import { walkImage } from './walk.js';

const NPM_PACKAGE = /\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/;

async function nodeApp() {
  const [img] = await openImage(join(CORPUS, 'node-app.oci-zstd.tar'));
  return img!;
}

/** Build an OCI layout directory from layer entry lists; returns its path. */
async function layout(dir: string, layers: FixtureEntry[][], config: Record<string, unknown> = {}): Promise<string> {
  await writeOciLayout(dir, layers.map((entries) => {
    const t = tarBuffer(entries);
    return { blob: gzipSync(t), diffId: sha256(t) };
  }), { history: layers.map((_, i) => ({ created_by: `step ${i}` })), ...config });
  return dir;
}

test('node-app: whiteouts and the opaque dir give the squashed view; deleted files reach wantsDeleted analyzers only', async () => {
  const img = await nodeApp();
  const npm = recorder('npm', (p) => NPM_PACKAGE.test(p));
  const secrets = recorder('secrets', (p) => p.startsWith('/root/') || p.startsWith('/app/config/') || NPM_PACKAGE.test(p), { wantsDeleted: true });
  const r = await analyzeImage(img, [npm, secrets]);

  const live = npm.seen.files.filter((f) => f.info.path.startsWith('/app/'));
  assert.equal(live.length, 76, '76 npm packages in the final filesystem');
  assert.ok(npm.seen.files.every((f) => !f.deleted));
  const paths = new Set(live.map((f) => f.info.path));
  assert.ok(!paths.has('/app/node_modules/eslint/package.json'), 'eslint removed by a whiteout');
  const hb = live.find((f) => f.info.path === '/app/node_modules/handlebars/package.json')!;
  assert.equal(JSON.parse(hb.content.toString()).version, '4.7.7');
  assert.equal(hb.info.layer.index, 4);
  assert.match(hb.info.layer.createdBy!, /npm install .*handlebars@4\.7\.7/);
  assert.ok(paths.has('/app/node_modules/handlebars/node_modules/minimist/package.json'), 'nested packages count');
  // opaque dir: nothing under handlebars/ may come from a lower layer
  assert.ok(live.filter((f) => f.info.path.startsWith('/app/node_modules/handlebars/')).every((f) => f.info.layer.index === 4));

  const deleted = secrets.seen.files.filter((f) => f.deleted);
  const deletedPaths = deleted.map((f) => f.info.path);
  assert.ok(deletedPaths.includes('/app/node_modules/eslint/package.json'));
  const oldHb = deleted.find((f) => f.info.path === '/app/node_modules/handlebars/package.json')!;
  assert.equal(JSON.parse(oldHb.content.toString()).version, '4.5.0');
  assert.equal(oldHb.info.layer.index, 2);
  const creds = deleted.find((f) => f.info.path === '/root/.aws/credentials')!;
  assert.equal(creds.info.layer.index, 3);
  assert.match(creds.content.toString(), /AKIAIOSFODNN7EXAMPLE/);
  assert.ok(secrets.seen.files.some((f) => f.info.path === '/app/config/id_rsa' && !f.deleted && f.info.mode === 0o600));
  assert.equal(deleted.filter((f) => NPM_PACKAGE.test(f.info.path)).length, 143, 'the stale packages stay reachable');
  assert.deepEqual(r.layers.map((l) => l.compression), ['zstd', 'zstd', 'zstd', 'zstd', 'zstd']);
  assert.equal(r.layers[2]!.entryCount, 9486);
});

test('provenance, symlinks across layers (os-release), hard links, pax names and layer summaries', async () => {
  const [img] = await openImage(join(CORPUS, 'multi-lang.docker.tar'));
  const rec = recorder('probe', (p) => p === '/etc/os-release' || p === '/usr/lib/os-release' || p === '/usr/bin/perl5.36.0'
    || p === '/usr/bin/uncompress' || p === '/usr/bin/gunzip' || p === '/usr/local/bin/demo-go', { readPaths: ['/etc/os-release', '/usr/bin/uncompress'] });
  const r = await analyzeImage(img!, [rec]);
  const byPath = new Map(rec.seen.files.map((f) => [f.info.path, f]));
  assert.equal(byPath.get('/etc/os-release')!.info.kind, 'symlink');
  assert.equal(byPath.get('/etc/os-release')!.info.linkTarget, '../usr/lib/os-release');
  assert.match(byPath.get('/etc/os-release')!.content.toString(), /^PRETTY_NAME="Debian GNU\/Linux 12 \(bookworm\)"/);
  assert.match(rec.seen.read['/etc/os-release']!, /VERSION_CODENAME=bookworm/);
  const perl = byPath.get('/usr/bin/perl5.36.0')!;
  assert.equal(perl.info.kind, 'hardlink');
  assert.equal(perl.info.linkTarget, '/usr/bin/perl');
  assert.equal(perl.content.subarray(0, 4).toString('latin1'), '\x7fELF', 'hard link resolved to its target (read again)');
  assert.equal(perl.info.size, perl.content.length);
  assert.equal(rec.seen.read['/usr/bin/uncompress'], rec.seen.read['/usr/bin/uncompress'] && byPath.get('/usr/bin/gunzip')!.content.toString());
  const demo = byPath.get('/usr/local/bin/demo-go')!;
  assert.equal(demo.info.layer.index, 2);
  assert.match(demo.info.layer.createdBy!, /COPY --from=gobuild/);
  assert.equal(demo.info.layer.diffId, img!.layers[2]!.diffId);
  assert.equal(r.layers.length, 5);
  assert.equal(r.layers.reduce((n, l) => n + l.uncompressedSize, 0), 148561920);
  assert.equal(r.layers[0]!.compressedSize, 48379142);

  for (const f of ['multiarch-index.oci.tar', 'multiarch-flat.oci.tar']) {
    const [arm] = await openImage(join(CORPUS, f), { platform: 'linux/arm64' });
    const pax = recorder('pax', (p) => p.startsWith('/usr/share/doc/hullscan-pax/') , { readPaths: [] });
    const dpkg = recorder('dpkg', (p) => p === '/var/lib/dpkg/status');
    await analyzeImage(arm!, [pax, dpkg]);
    const names = pax.seen.files.filter((x) => x.info.kind === 'file').map((x) => x.info.path);
    assert.ok(names.includes('/usr/share/doc/hullscan-pax/ünïcødé-名前-Főtanúsítvány.txt'));
    assert.ok(names.some((n) => n.length > 300 && n.endsWith('/README-long-name-0123456789.txt')));
    assert.match(dpkg.seen.files[0]!.content.toString(), /Version: 3\.0\.9-1\+b1/, 'arm64 status, not amd64');
  }
});

test('Want caps, headBytes and stream scanners merge per file; parallelism and the layer cache do not change results', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-wants-'));
  const big = Buffer.alloc(3_000_000, 'abcdefghij'); // spans several decompressed chunks
  await layout(dir, [
    [{ name: 'app/', type: 'dir' }, { name: 'app/lodash.js', content: 'old' }],
    [{ name: 'other.txt', content: 'x' }],
    [{ name: 'app/lodash.js', content: big }, { name: 'more.txt', content: 'y' }],
  ]);
  const [img] = await openImage(dir);
  after(() => rmSync(dir, { recursive: true, force: true }));
  let scannedBytes = 0;
  const scanner = (): StreamScanner => {
    let n = 0;
    return { write(c) { n += c.length; scannedBytes += c.length; return n >= 1000 ? 'done' : undefined; }, finish: () => Buffer.from(`saw ${n}`) };
  };
  const target = (p: string) => p === '/app/lodash.js';
  const full = recorder('full', (p) => target(p));
  const head = recorder('head', (p) => target(p) && { headBytes: 4 });
  const capped = recorder('capped', (p) => target(p) && { maxBytes: 100 });
  const scanning = recorder('scanning', (p) => target(p) && { scan: scanner });
  const r1 = await analyzeImage(img!, [full, head, capped, scanning], { concurrency: 1 });
  const size = full.seen.files[0]!.info.size;
  assert.ok(size > 500_000);
  assert.equal(full.seen.files[0]!.content.length, size);
  assert.equal(full.seen.files[0]!.truncated, false);
  assert.equal(head.seen.files[0]!.content.toString(), full.seen.files[0]!.content.subarray(0, 4).toString());
  assert.equal(head.seen.files[0]!.truncated, true);
  assert.equal(capped.seen.files[0]!.content.length, 100);
  assert.equal(capped.seen.files[0]!.truncated, true);
  assert.match(scanning.seen.files[0]!.content.toString(), /^saw \d+$/);
  assert.ok(Number(scanning.seen.files[0]!.content.toString().slice(4)) < size, 'scanner stopped early');

  const store = new Map<string, LayerScan>();
  let hits = 0;
  const cache = {
    get: async (d: string, k: string) => { const s = store.get(d + k); if (s) hits++; return s ? structuredClone(s) : undefined; },
    put: async (d: string, k: string, s: LayerScan) => { store.set(d + k, structuredClone(s)); },
  };
  const again = () => [recorder('full', (p) => target(p)), recorder('head', (p) => target(p) && { headBytes: 4 })];
  const a = again();
  const r2 = await analyzeImage(img!, a, { concurrency: 3, layerCache: cache });
  const b = again();
  const r3 = await analyzeImage(img!, b, { concurrency: 2, layerCache: cache });
  assert.equal(hits, 3, 'every layer from the cache the second time');
  assert.deepEqual(r2.layers, r1.layers);
  assert.deepEqual(r3.layers, r1.layers);
  assert.deepEqual(b[0]!.seen.files, a[0]!.seen.files);
  assert.deepEqual(a[0]!.seen.files, full.seen.files);
});

test('synthetic layers: opaque dir vs whiteout, replaced files, symlinked parents, a throwing analyzer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-walk-'));
  try {
    await layout(dir, [
      [
        { name: 'usr/', type: 'dir' }, { name: 'usr/lib/', type: 'dir' }, { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
        { name: 'data/', type: 'dir' }, { name: 'data/keep.txt', content: 'keep' }, { name: 'data/old.txt', content: 'old' },
        { name: 'opq/', type: 'dir' }, { name: 'opq/a.txt', content: 'a0' }, { name: 'opq/sub/', type: 'dir' }, { name: 'opq/sub/b.txt', content: 'b0' },
        { name: 'gone/', type: 'dir' }, { name: 'gone/x.txt', content: 'x' },
        { name: 'file.txt', content: 'v1' },
      ],
      [
        { name: 'data/.wh.old.txt', content: '' },
        { name: 'opq/', type: 'dir' }, { name: 'opq/.wh..wh..opq', content: '' }, { name: 'opq/c.txt', content: 'c1' },
        { name: '.wh.gone', content: '' },
        { name: 'file.txt', content: 'v2' },
        { name: 'lib/libfoo.so', content: 'through the merged-usr link' },
      ],
    ]);
    const [img] = await openImage(dir);
    const all = recorder('all', (_p, info) => info.kind === 'file', { wantsDeleted: true, readPaths: ['/lib/libfoo.so', '/opq/a.txt'] });
    const thrower: Analyzer = { name: 'thrower', version: 1, wants: (p) => p === '/file.txt', analyze: async () => { throw new TypeError('boom'); } };
    const badWants: Analyzer = { name: 'badwants', version: 1, wants: () => { throw new Error('nope'); }, analyze: async () => ({}) };
    const r = await analyzeImage(img!, [all, thrower, badWants]);
    const live = all.seen.files.filter((f) => !f.deleted).map((f) => `${f.info.path}@${f.info.layer.index}`);
    assert.deepEqual(live, ['/data/keep.txt@0', '/file.txt@1', '/opq/c.txt@1', '/usr/lib/libfoo.so@1']);
    const gone = all.seen.files.filter((f) => f.deleted).map((f) => `${f.info.path}@${f.info.layer.index}`).sort();
    assert.deepEqual(gone, ['/data/old.txt@0', '/file.txt@0', '/gone/x.txt@0', '/opq/a.txt@0', '/opq/sub/b.txt@0']);
    assert.equal(all.seen.read['/lib/libfoo.so'], 'through the merged-usr link');
    assert.equal(all.seen.read['/opq/a.txt'], undefined);
    assert.ok(r.warnings.some((w) => w === 'analyzer thrower failed: boom'));
    assert.ok(r.warnings.some((w) => w.includes('analyzer badwants failed in wants(')));
    assert.deepEqual(r.facts.map((f) => f.analyzer), ['all', 'badwants']);
    assert.deepEqual(r.layers.map((l) => l.createdBy), ['step 0', 'step 1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('walkImage keeps only wanted files: memory follows wants, not entry count', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-many-'));
  try {
    const entries: FixtureEntry[] = [];
    for (let i = 0; i < 20000; i++) entries.push({ name: `f${i}`, content: `${i}` });
    entries.push({ name: 'wanted', content: 'yes' });
    await layout(dir, [entries]);
    const [img] = await openImage(dir);
    const w = await walkImage(img!, [recorder('one', (p) => p === '/wanted')]);
    assert.equal(w.scans[0]!.entryCount, 20001);
    assert.equal(w.scans[0]!.files.length, 1);
    assert.equal(w.view.live.size, 1);
    await assert.rejects(walkImage(img!, [recorder('greedy', () => true)], { maxWantedBytes: 1000 }),
      (e: Error & { code?: string }) => e.code === 'LIMIT' && /buffer more than 1000 bytes/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cached layer\'s warnings name its position in the image being scanned, not in the one that filled the cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-relabel-'));
  try {
    // Image 1: the corpus image whose only layer holds hostile entries. Image 2: that same layer blob on top of two others.
    const [first] = await openImage(join(CORPUS, 'bad', 'path-traversal.docker.tar'));
    const shared = first!.layers[0]!;
    const short = shared.diffId.slice(0, 19);
    const small = (name: string) => { const t = tarBuffer([{ name, content: name }]); return { blob: gzipSync(t), diffId: sha256(t) }; };
    await writeOciLayout(join(dir, 'three'), [small('a.txt'), small('b.txt'), { blob: await buffer(await shared.open()), diffId: shared.diffId }]);
    const [second] = await openImage(join(dir, 'three'));
    const analyzers = () => [recorder('probe', (p) => p === '/etc/os-release')];
    const hostile = (warnings: string[]) => warnings.filter((w) => w.includes('skipped hostile entry'));

    const cold = await walkImage(first!, analyzers(), { layerCache: new DiskLayerCache(join(dir, 'cache')) });
    assert.ok(hostile(cold.warnings).length >= 2);
    assert.ok(hostile(cold.warnings).every((w) => w.startsWith(`layer 1 of 1 (${short}): `)), hostile(cold.warnings)[0]);

    const warm = new DiskLayerCache(join(dir, 'cache'));
    const reused = await walkImage(second!, analyzers(), { layerCache: warm });
    assert.equal(warm.stats.hits, 1, 'the shared layer came from the cache');
    assert.deepEqual(hostile(reused.warnings), hostile(cold.warnings).map((w) => w.replace('layer 1 of 1', 'layer 3 of 3')));
    const again = await walkImage(first!, analyzers(), { layerCache: warm });
    assert.equal(warm.stats.hits, 2);
    assert.deepEqual(again.warnings, cold.warnings, 'and back at position 1 in the first image');

    // An entry of the previous cache format, its warnings labelled 'layer 0: …', is not used, and replaced quietly.
    await walkImage(first!, analyzers(), { layerCache: new DiskLayerCache(join(dir, 'old')) });
    const [entry, ...none] = await new DiskLayerCache(join(dir, 'old')).entries();
    assert.equal(none.length, 0);
    const body = brotliCompressSync(serialize({ ...cold.scans[0]!, warnings: ['layer 0: skipped hostile entry \'x\''] }));
    writeFileSync(entry!.path, Buffer.concat([Buffer.from('HSLC1\n'), createHash('sha256').update(body).digest(), body]));
    const notices: string[] = [];
    const upgraded = new DiskLayerCache(join(dir, 'old'), { warn: (m) => notices.push(m) });
    const fresh = await walkImage(second!, analyzers(), { layerCache: upgraded });
    assert.deepEqual([upgraded.stats.hits, upgraded.stats.writes, notices], [0, 3, []]);
    assert.deepEqual(fresh.warnings, reused.warnings);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with diff_id mismatches allowed, the layer cache is neither read nor written: the blob may not be what its diffID names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-mismatch-'));
  try {
    const [img] = await openImage(join(CORPUS, 'bad', 'diffid-mismatch.docker.tar'));
    const cache = new DiskLayerCache(dir);
    const w = await walkImage(img!, [recorder('probe', (p) => p === '/etc/os-release')], { onDiffIdMismatch: 'warn', layerCache: cache });
    assert.ok(w.warnings.some((x) => /^WARNING: diff_id mismatch for layer 1 of 1 \(sha256:[0-9a-f]{12}\)/.test(x)), w.warnings.join('\n'));
    assert.deepEqual([cache.stats.hits, cache.stats.misses, cache.stats.writes], [0, 0, 0]);
    assert.deepEqual(await cache.entries(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
