// End-to-end: the same image read from an archive, a real registry and a real Podman service gives the
// same inventory; the layer cache makes re-scans skip layers (and the registry) entirely.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from './inventory/model.js';
import { DiskLayerCache } from './image/layer-cache.js';
import { scanImage } from './scan.js';
import { haveRegistryTools, startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from './source/registry/test-registry.js';

const CORPUS = '/work/shared/corpus';

/** What must agree between sources: every package's identity and where it was found. */
function packageSet(inv: Inventory): string[] {
  return inv.packages.map((p) => `${p.type} ${p.name} ${p.version} ${p.arch ?? ''} ${p.source?.name ?? ''} ${p.source?.version ?? ''} ${p.locations[0]?.path} L${p.locations[0]?.layer.index}`).sort();
}

async function inventories(ref: string, opts: Parameters<typeof scanImage>[1] = {}): Promise<Inventory[]> {
  return (await scanImage(ref, { skipMatch: true, ...opts })).map((r) => r.inventory);
}

for (const auth of ['none', 'basic', 'token'] as const) {
  describe(`registry source (auth=${auth}) gives the archive inventories`, { skip: haveRegistryTools() }, () => {
    let reg: TestRegistry;
    const credentials = auth === 'none' ? { dockerConfigDir: '/nonexistent' } : { username: TEST_USER, password: TEST_PASSWORD };
    before(async () => {
      reg = await startRegistry(auth);
      await reg.push(`oci-archive:${CORPUS}/node-app.oci-zstd.tar`, 'node-app:zstd');
      await reg.push(`oci-archive:${CORPUS}/multiarch-index.oci.tar:latest`, 'multi:latest', true);
    });
    after(() => reg?.stop());

    test('zstd image from the registry has the same inventory as from its archive', async () => {
      const [fromArchive] = await inventories(`${CORPUS}/node-app.oci-zstd.tar`);
      const [fromRegistry] = await inventories(`registry:${reg.host}/node-app:zstd`, { insecure: [reg.host], credentials });
      assert.ok(fromArchive!.packages.length > 150);
      assert.deepEqual(packageSet(fromRegistry!), packageSet(fromArchive!));
      assert.equal(fromRegistry!.os?.codename, 'bookworm');
    });

    test('multi-arch index: each platform as from the archive', async () => {
      const archive = await inventories(`${CORPUS}/multiarch-index.oci.tar`, { platform: 'all' });
      const registry = await inventories(`registry:${reg.host}/multi:latest`, { insecure: [reg.host], credentials, platform: 'all' });
      const byPlatform = (invs: Inventory[]) => Object.fromEntries(invs.map((i) => [i.image.platform, packageSet(i)]));
      assert.deepEqual(byPlatform(registry), byPlatform(archive));
      assert.equal(Object.keys(byPlatform(registry)).length, 2);
    });
  });
}

describe('registry source and the cache', { skip: haveRegistryTools() }, () => {
  let reg: TestRegistry;
  const cacheDir = mkdtempSync(join(tmpdir(), 'hullscan-cache-'));
  before(async () => {
    reg = await startRegistry('none');
    await reg.push(`oci-archive:${CORPUS}/node-app.oci-zstd.tar`, 'node-app:zstd');
  });
  after(async () => {
    await reg?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('a warm cache re-scans a registry image by digest with the registry gone', async () => {
    const ref = `${reg.host}/node-app:zstd`;
    const [cold] = await scanImage(`registry:${ref}`, { skipMatch: true, insecure: [reg.host], cacheDir });
    const digest = cold!.inventory.image.digest!;
    await reg.stop();
    const cache = new DiskLayerCache(cacheDir);
    const [warm] = await scanImage(`registry:${reg.host}/node-app@${digest}`, { skipMatch: true, insecure: [reg.host], layerCache: cache, cacheDir });
    // the whole image's analysis is cached: neither layers nor analyzers run again
    assert.equal(cache.stats.analysisHits, 1);
    assert.equal(cache.stats.misses, 0);
    assert.deepEqual(packageSet(warm!.inventory), packageSet(cold!.inventory));
    assert.deepEqual(warm!.inventory.packages, cold!.inventory.packages);
  });
});

describe('layer cache', () => {
  const image = `${CORPUS}/multi-lang.docker.tar`;

  test('shared base layers hit across images; a corrupt entry is discarded and rebuilt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullscan-cache-'));
    try {
      const first = new DiskLayerCache(dir);
      const [cold] = await inventories(image, { layerCache: first });
      assert.equal(first.stats.writes, 5);
      // node-app shares the debian12-minbase base layer with multi-lang.
      const second = new DiskLayerCache(dir);
      await inventories(`${CORPUS}/node-app.oci-zstd.tar`, { layerCache: second });
      assert.equal(second.stats.hits, 1);
      assert.equal(second.stats.writes, 4);
      // Corrupt every entry: each is discarded with a warning and rebuilt; results do not change.
      const entries = await first.entries();
      for (const e of entries) writeFileSync(e.path, 'garbage');
      const warnings: string[] = [];
      const third = new DiskLayerCache(dir, { warn: (m) => warnings.push(m) });
      const [again] = await inventories(image, { layerCache: third });
      assert.equal(entries.length, 11); // 5 + 5 layers, 1 shared; 2 image analyses
      assert.equal(third.stats.discarded, 6); // multi-lang's 5 layers and its analysis
      assert.equal(third.stats.writes, 5);
      assert.equal(third.stats.analysisWrites, 1);
      assert.equal(warnings.length, 6);
      assert.deepEqual(packageSet(again!), packageSet(cold!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the same layers under another name and compression reuse the analysis with this image\'s provenance', { skip: spawnSync('sh', ['-c', 'command -v skopeo']).status !== 0 && 'skopeo is not installed' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullscan-cache-'));
    try {
      const zstd = `${CORPUS}/node-app.oci-zstd.tar`;
      const [cold] = await inventories(zstd, { layerCache: new DiskLayerCache(dir) });
      // recompressed as gzip: other blob digests, same diffIDs
      const plain = join(dir, 'node-app-gzip');
      const copy = spawnSync('skopeo', ['copy', '--quiet', '--dest-compress', '--dest-compress-format', 'gzip', `oci-archive:${zstd}`, `oci:${plain}:gzip`], { encoding: 'utf8' });
      assert.equal(copy.status, 0, copy.stderr);
      const cache = new DiskLayerCache(dir);
      const [warm] = await inventories(plain, { layerCache: cache });
      assert.equal(cache.stats.analysisHits, 1);
      assert.equal(cache.stats.hits + cache.stats.misses, 0); // no layer touched
      assert.deepEqual(packageSet(warm!), packageSet(cold!));
      const digests = new Map(warm!.image.layers.map((l) => [l.index, l.digest]));
      assert.notDeepEqual([...digests.values()], cold!.image.layers.map((l) => l.digest));
      for (const p of warm!.packages) assert.equal(p.locations[0]!.layer.digest, digests.get(p.locations[0]!.layer.index), p.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('size bound evicts least recently used entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullscan-cache-'));
    try {
      const cache = new DiskLayerCache(dir, { maxBytes: 1 });
      await inventories(`${CORPUS}/multiarch-index.oci.tar`, { layerCache: cache, platform: 'linux/amd64' });
      assert.ok((await cache.entries()).length <= 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('concurrent scans in several processes share one cache safely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullscan-cache-'));
    try {
      const run = () => new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sbom', image, '-f', 'json', '--cache-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        p.stdout.on('data', (d) => { out += d; });
        p.on('close', (code) => resolve({ code, out: out.replace(/"created": "[^"]*"/, '') }));
      });
      const results = await Promise.all([run(), run(), run()]);
      for (const r of results) assert.equal(r.code, 0);
      assert.equal(new Set(results.map((r) => r.out)).size, 1);
      const leftovers = readdirSync(join(dir, 'layers'), { recursive: true }).filter((n) => String(n).endsWith('.tmp'));
      assert.deepEqual(leftovers, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function podmanMissing(): string | undefined {
  return spawnSync('sh', ['-c', 'command -v podman']).status === 0 ? undefined : 'podman is not installed (see .ci/run)';
}

describe('podman service (Docker-compatible API on a unix socket)', { skip: podmanMissing() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-podman-'));
  const sock = join(dir, 'podman.sock');
  const podman = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs'];
  let service: ChildProcess;
  before(async () => {
    const load = spawnSync('podman', [...podman, 'load', '-i', `${CORPUS}/multiarch-two-images.docker.tar`], { encoding: 'utf8' });
    assert.equal(load.status, 0, load.stderr);
    service = spawn('podman', [...podman, 'system', 'service', '--time=0', `unix://${sock}`], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
  });
  after(() => {
    service?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('podman: image streamed from the service has the archive inventory', async () => {
    const env = { ...process.env, CONTAINER_HOST: `unix://${sock}` };
    const [fromPodman] = await inventories('podman:hullscan/tiny:arm64', { env });
    const [fromArchive] = await inventories(`${CORPUS}/multiarch-two-images.docker.tar:hullscan/tiny:arm64`);
    assert.equal(fromPodman!.packages.length, 4);
    assert.deepEqual(packageSet(fromPodman!), packageSet(fromArchive!));
  });

  test('without a prefix a daemon that has the image is used; a missing image is a one-line error', async () => {
    const env = { ...process.env, CONTAINER_HOST: `unix://${sock}`, DOCKER_HOST: 'unix:///nonexistent.sock' };
    const [inv] = await inventories('hullscan/tiny:amd64', { env, imageSrc: ['docker', 'podman'] });
    assert.equal(inv!.image.platform, 'linux/amd64');
    await assert.rejects(inventories('hullscan/nothere:1', { env, imageSrc: ['docker', 'podman'] }), (e: any) => e.code === 'NOT_FOUND' && /podman: no such image/.test(e.message));
  });
});
