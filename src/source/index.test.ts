import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HullscanError } from '../errors.js';
import { analyzeImage } from '../analyze/run.js';
import { sha256, tarBuffer } from '../image/fixture-tar.js';
import { imageMeta, openImage } from './index.js';
import { CORPUS, EXTRA, MULTIARCH_INDEX, recorder } from './test-support.js';

const c = (f: string) => join(CORPUS, f);

test('Docker >= 25 archive is read as the OCI layout it also is, with its RepoTags', async () => {
  const [img, ...rest] = await openImage(c('debian12-pkgdb-2025.docker.tar'));
  assert.equal(rest.length, 0);
  assert.ok(img!.names.includes('hullscan/debian12-pkgdb:2025'));
  assert.equal(img!.digest, 'sha256:db7c14dc8627704b629ff29cbb759adf784c7bf36cc6b4593d11ef24719d604a');
  assert.equal(img!.configDigest, 'sha256:ce6399f9690d16ae848a6e316ea9e2d3afa78a47690ae42851d6968f8ce742d1');
  assert.deepEqual(img!.layers.map((l) => [l.digest, l.size]), [['sha256:13056448ce1c1ebb2f93dcdc1db1f63d4665b8c6751e9674202fbb200fc3ffd9', 3739609]]);
  assert.deepEqual(img!.platform, { os: 'linux', architecture: 'amd64' });
});

test('go-containerregistry docker-archive: layers by manifest.json, digests from names, provenance from history', async () => {
  const [img] = await openImage(c('multi-lang.docker.tar'));
  assert.deepEqual(img!.names, ['hullscan/multi-lang:latest']);
  assert.equal(img!.configDigest, 'sha256:92f0caa12d7c1e4249aed214d4f17e6334f5a22729d2f02dbe74d06445a5c6ca');
  assert.equal(img!.layers.length, 5);
  assert.equal(img!.layers[4]!.digest, 'sha256:16c1f196e1024056579bd400fdc8f5c91a47342713c114c5bbe5f8229fd491b8');
  assert.equal(img!.layers[4]!.diffId, 'sha256:8e5134369858e70245067d55e586027cab57c77c3c918dbd82a572a4188db317');
  assert.match(img!.layers[0]!.createdBy!, /ADD file:debootstrap-minbase-bookworm.tar/);
  assert.match(img!.layers[1]!.createdBy!, /COPY --from=debs \/usr\/bin\/docker-registry/); // the CMD empty_layer entry is skipped
  assert.match(img!.layers[4]!.createdBy!, /COPY site-packages/);
});

test('nested image index and flat index: platform choice, variant, all, and the error listing platforms', async () => {
  for (const f of ['multiarch-index.oci.tar', 'multiarch-flat.oci.tar']) {
    const [amd] = await openImage(c(f), { platform: 'linux/amd64' });
    assert.equal(amd!.configDigest, 'sha256:a23fa4d3ac7bec4a136ff531e7761da59d9890320b5a4166531e674d14863dcd', f);
    for (const p of ['linux/arm64', 'linux/arm64/v8']) {
      const [arm] = await openImage(c(f), { platform: p });
      assert.equal(arm!.configDigest, 'sha256:fe7d8a07b2c3e4dbcd4a22070218757f1135ba18ede9cd40890e9fc2ff3e0546', `${f} ${p}`);
      assert.deepEqual(arm!.platform, { architecture: 'arm64', os: 'linux', variant: 'v8' });
    }
    const all = await openImage(c(f), { platform: 'all' });
    assert.deepEqual(all.map((i) => i.platform.architecture), ['amd64', 'arm64']);
    await assert.rejects(openImage(c(f), { platform: 'linux/s390x' }), (e: HullscanError) =>
      e.code === 'NOT_FOUND' && e.message.includes(f) && e.message.includes('available platforms: linux/amd64, linux/arm64/v8'));
    await assert.rejects(openImage(c(f), { platform: 'linux' }), (e: HullscanError) => e.code === 'USAGE');
  }
  // default: the host's platform
  const [host] = await openImage(c('multiarch-index.oci.tar'));
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  if (arch) assert.equal(host!.platform.architecture, arch);
  const flat = await openImage(c('multiarch-flat.oci.tar'), { platform: 'all' });
  assert.deepEqual(flat.map((i) => i.names), [['amd64'], ['arm64']]);
  const [byRef] = await openImage(c('multiarch-flat.oci.tar'), { name: 'arm64' });
  assert.equal(byRef!.platform.architecture, 'arm64');
});

test('multi-platform images keep the digest of the image index they were chosen from; single images have none', async (t) => {
  const all = await openImage(c('multiarch-index.oci.tar'), { platform: 'all' });
  assert.deepEqual(all.map((i) => [i.platform.architecture, i.indexDigest, imageMeta(i).indexDigest]),
    [['amd64', MULTIARCH_INDEX, MULTIARCH_INDEX], ['arm64', MULTIARCH_INDEX, MULTIARCH_INDEX]]);
  assert.equal((await openImage(c('multiarch-index.oci.tar'), { platform: 'linux/arm64' }))[0]!.indexDigest, MULTIARCH_INDEX, 'one platform picked');
  // index.json is no content-addressed index: a layout that lists the manifests itself has no index digest
  for (const img of await openImage(c('multiarch-flat.oci.tar'), { platform: 'all' })) assert.equal(imageMeta(img).indexDigest, undefined);
  for (const f of ['debian12-pkgdb-2025.docker.tar', 'multi-lang.docker.tar', 'multiarch-two-images.docker.tar:hullscan/tiny:arm64']) {
    assert.equal(imageMeta((await openImage(c(f)))[0]!).indexDigest, undefined, f);
  }
  if (spawnSync('sh', ['-c', 'command -v skopeo']).status !== 0) return t.diagnostic('skopeo is not installed: digest not cross-checked');
  const raw = execFileSync('skopeo', ['inspect', '--raw', `oci-archive:${c('multiarch-index.oci.tar')}`]);
  assert.equal(sha256(raw), MULTIARCH_INDEX, 'skopeo names the same index');
});

test('an index nested in an index: the platform images keep the outermost one (the one a tag names)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-oci-'));
  try {
    execFileSync('tar', ['-xf', c('multiarch-index.oci.tar'), '-C', dir]);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const outer = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index.manifests }));
    writeFileSync(join(dir, 'blobs/sha256', sha256(outer).slice(7)), outer);
    index.manifests = [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(outer), size: outer.length }];
    writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
    const all = await openImage(dir, { platform: 'all' });
    assert.deepEqual(all.map((i) => i.indexDigest), [sha256(outer), sha256(outer)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classic docker-archive with two images: ambiguity lists the names; pick by name, path:name:tag or platform', async () => {
  const f = c('multiarch-two-images.docker.tar');
  await assert.rejects(openImage(f), (e: HullscanError) =>
    e.code === 'USAGE' && e.message.startsWith(f) && /hullscan\/tiny:amd64 \/ hullscan\/tiny:latest \[linux\/amd64\], hullscan\/tiny:arm64 \[linux\/arm64\/v8\]/.test(e.message));
  const [latest] = await openImage(f, { name: 'hullscan/tiny:latest' });
  assert.equal(latest!.platform.architecture, 'amd64');
  const [arm] = await openImage(`${f}:hullscan/tiny:arm64`);
  assert.equal(arm!.configDigest, 'sha256:fe7d8a07b2c3e4dbcd4a22070218757f1135ba18ede9cd40890e9fc2ff3e0546');
  assert.deepEqual(arm!.names, ['hullscan/tiny:arm64']);
  const [byPlatform] = await openImage(f, { platform: 'linux/arm64' });
  assert.deepEqual(byPlatform!.names, ['hullscan/tiny:arm64']);
  assert.equal((await openImage(f, { platform: 'all' })).length, 2);
  await assert.rejects(openImage(f, { name: 'hullscan/tiny:nope' }), /no image named hullscan\/tiny:nope; available: hullscan\/tiny:amd64/);
  // the classic layout's layer is uncompressed: its digest is its diffID, verified while walking
  const r = await analyzeImage(arm!, [recorder('os', (p) => p === '/usr/lib/os-release')]);
  assert.equal(r.layers[0]!.digest, arm!.layers[0]!.diffId);
  assert.equal(r.layers[0]!.compression, 'none');
});

test('zstd OCI archive: media types kept, history matched (5 empty_layer entries skipped), imageMeta for inspect', async () => {
  const [img] = await openImage(c('node-app.oci-zstd.tar'));
  assert.ok(img!.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar+zstd'));
  const meta = imageMeta(img!);
  assert.equal(meta.platform, 'linux/amd64');
  assert.equal(meta.user, undefined);
  assert.ok(meta.env!.includes('DB_PASSWORD=hunter2-example'));
  assert.deepEqual(meta.exposedPorts!.sort(), ['22/tcp', '3000/tcp']);
  assert.equal(meta.workingDir, '/app');
  assert.deepEqual(meta.cmd, ['node', '/app/index.js']);
  assert.equal(meta.layers.length, 5);
  assert.match(meta.layers[3]!.createdBy!, /COPY secrets\//);
  assert.match(meta.layers[4]!.createdBy!, /rm -f \/root\/.aws\/credentials/);
  assert.equal(meta.layers[0]!.size, 31891070);
});

test('OCI layout directory; a tampered blob of the right size fails with DIGEST naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-oci-'));
  try {
    execFileSync('tar', ['-xf', c('multiarch-index.oci.tar'), '-C', dir]);
    const [img] = await openImage(dir, { platform: 'linux/arm64' });
    const rec = recorder('os', (p) => p === '/usr/lib/os-release');
    await analyzeImage(img!, [rec]);
    assert.match(rec.seen.files[0]!.content.toString(), /Debian GNU\/Linux 12/);
    // a descriptor without mediaType: the blob itself shows it is a nested index
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    delete index.manifests[0].mediaType;
    writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
    assert.equal((await openImage(dir, { platform: 'all' })).length, 2);

    const layer = join(dir, 'blobs/sha256/2f15c30539d272c2a2968e4373789e93442cc60c8d2749ae3928603f121fc133');
    const bytes = readFileSync(layer);
    bytes[bytes.length - 10] ^= 0xff; // in the gzip trailer: same size, other content
    writeFileSync(layer, bytes);
    const [tampered] = await openImage(dir, { platform: 'linux/arm64' });
    await assert.rejects(analyzeImage(tampered!, [rec]), (e: HullscanError) =>
      e.code === 'DIGEST' && e.message.startsWith(dir) && e.message.includes('sha256:2f15c30539d272c2a2968e4373789e93442cc60c8d2749ae3928603f121fc133'));
    // the blob's own stream (what a walk without the worker reads) says the same, naming the layer as reports do
    await assert.rejects(async () => { for await (const _ of await tampered!.layers[0]!.open()) { /* drain */ } }, (e: HullscanError) =>
      e.code === 'DIGEST' && e.message === `${dir}: digest mismatch for layer 1 of 1 (${tampered!.layers[0]!.diffId.slice(0, 19)}): `
        + 'expected sha256:2f15c30539d272c2a2968e4373789e93442cc60c8d2749ae3928603f121fc133, got ' + sha256(bytes));

    const cfg = join(dir, 'blobs/sha256/a23fa4d3ac7bec4a136ff531e7761da59d9890320b5a4166531e674d14863dcd');
    writeFileSync(cfg, readFileSync(cfg).toString().replace('amd64', 'AMD64'));
    await assert.rejects(openImage(dir, { platform: 'linux/amd64' }), (e: HullscanError) => e.code === 'DIGEST' && /config sha256:a23f/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classic docker-archive whose <id>/layer.tar is a symlink to <diffid>.tar (skopeo), gzip layer.tar without digest name', async () => {
  const layerTar = tarBuffer([{ name: 'etc/', type: 'dir' }, { name: 'etc/os-release', content: 'ID=debian\n' }]);
  const diffId = sha256(layerTar);
  const gz = gzipSync(layerTar);
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId, diffId] }, history: [{ created_by: 'one' }, { created_by: 'two' }] });
  const cfgHex = sha256(config).slice(7);
  const v1a = 'a'.repeat(64);
  const v1b = 'b'.repeat(64);
  const archive = tarBuffer([
    { name: `${diffId.slice(7)}.tar`, content: layerTar },
    { name: `${v1a}/`, type: 'dir' },
    { name: `${v1a}/layer.tar`, type: 'symlink', linkname: `../${diffId.slice(7)}.tar` },
    { name: `${v1b}/`, type: 'dir' },
    { name: `${v1b}/layer.tar`, content: gz },
    { name: `${cfgHex}.json`, content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: `${cfgHex}.json`, RepoTags: ['x/y:1'], Layers: [`${v1a}/layer.tar`, `${v1b}/layer.tar`] }]) },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-classic-'));
  try {
    writeFileSync(join(dir, 'img.tar'), archive);
    const [img] = await openImage(join(dir, 'img.tar'));
    assert.equal(img!.layers[0]!.digest, diffId, 'digest from the symlink target name');
    assert.equal(img!.layers[1]!.digest, '', 'unknown until read');
    const rec = recorder('os', (p) => p === '/etc/os-release');
    const r = await analyzeImage(img!, [rec]);
    assert.equal(r.layers[1]!.digest, sha256(gz));
    assert.equal(r.layers[1]!.compression, 'gzip');
    assert.deepEqual(r.layers.map((l) => l.createdBy), ['one', 'two']);
    assert.equal(rec.seen.files.length, 1);
    assert.equal(rec.seen.files[0]!.info.layer.index, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on-demand corpus images (build.sh extra): skopeo docker-archive with symlinked layers, minbase OCI, node-app docker', async (t) => {
  const files = ['debian12-minbase.docker.tar', 'debian12-minbase.oci.tar', 'node-app.docker.tar'].map((f) => join(EXTRA, f));
  if (!files.every(existsSync)) return t.skip(`not built: run ../shared/corpus/build.sh extra /tmp/hullscan-corpus (or set HULLSCAN_EXTRA_CORPUS)`);
  const diffIds = new Set<string>();
  for (const f of files) {
    const [img] = await openImage(f);
    const rec = recorder('os', (p) => p === '/etc/os-release' || p === '/usr/lib/os-release', { readPaths: ['/etc/os-release'] });
    const r = await analyzeImage(img!, [rec], { subject: f });
    assert.match(rec.seen.read['/etc/os-release'] ?? '', /VERSION_ID="12"/, f);
    diffIds.add(r.layers[0]!.diffId);
  }
  assert.equal(diffIds.size, 1, 'the same base layer in all three');

  // the same image as docker-archive/gzip and OCI/zstd: identical squashed and deleted views
  const views = [];
  for (const f of [join(EXTRA, 'node-app.docker.tar'), c('node-app.oci-zstd.tar')]) {
    const [img] = await openImage(f);
    const rec = recorder('npm', (p) => p.endsWith('/package.json') || p.startsWith('/root/'), { wantsDeleted: true });
    const r = await analyzeImage(img!, [rec]);
    views.push({
      files: rec.seen.files.map((x) => `${x.deleted ? 'D' : 'L'} ${x.info.path} ${x.info.layer.index} ${x.info.layer.diffId} ${sha256(x.content)}`),
      diffIds: r.layers.map((l) => l.diffId),
    });
  }
  assert.ok(views[0]!.files.length > 200, String(views[0]!.files.length));
  assert.deepEqual(views[0], views[1]);
});
