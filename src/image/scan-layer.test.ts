import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isHullscanError } from '../errors.js';
import { openImage } from '../source/index.js';
import { indexTar, normaliseArchiveName } from '../source/tar-index.js';
import { CORPUS, recorder } from '../source/test-support.js';
import type { LayerBlob } from '../source/types.js';
import { sha256, tarBuffer, writeOciLayout } from './fixture-tar.js';
import type { LayerScan } from './layer-scan.js';
import { scanLayer } from './scan-layer.js';

const tmp = mkdtempSync(join(tmpdir(), 'hullscan-scanlayer-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const wanted = () => [
  recorder('etc', (p) => p.startsWith('/etc/') || p === '/var/lib/dpkg/status'),
  recorder('bins', (p, info) => info.kind === 'file' && p.startsWith('/usr/bin/') ? { headBytes: 64 } : false),
];

/** The parts of a layer scan that must not depend on how its bytes were read. */
const summary = (s: LayerScan) => ({
  digest: s.digest, compression: s.compression, compressedSize: s.compressedSize, uncompressedSize: s.uncompressedSize,
  entryCount: s.entryCount, whiteouts: s.whiteouts, symlinks: s.symlinks.length, warnings: s.warnings,
  files: s.files.map((f) => `${f.path} ${f.kind} ${f.size} ${f.wantedBy.join('+')} ${f.content ? sha256(f.content) : '-'}`),
});

test('a layer read by the worker straight from the archive file, from the stream, or without the worker: the same scan', async () => {
  const archive = join(CORPUS, 'multi-lang.docker.tar');
  const [img] = await openImage(archive);
  const entries = await indexTar(archive, statSync(archive).size);
  const manifest = JSON.parse(readFileSync(archive).subarray(entries.get('manifest.json')!.offset, entries.get('manifest.json')!.offset + entries.get('manifest.json')!.size).toString('utf8'));
  assert.ok(img!.layers.length >= 3);
  let kept = 0;
  for (const layer of img!.layers) {
    const e = entries.get(normaliseArchiveName(manifest[0].Layers[layer.index]))!;
    const viaFile: LayerBlob = { ...layer, file: { path: archive, offset: e.offset, size: e.size } };
    const fromStream = await scanLayer(layer, wanted());
    const fromFile = await scanLayer(viaFile, wanted());
    assert.deepEqual(summary(fromFile), summary(fromStream), `layer ${layer.index}`);
    // Without the worker (a Node without the zlib handle it drives): a stream pipeline, same scan.
    process.env.HULLSCAN_LAYER_WORKER = '0';
    try {
      assert.deepEqual(summary(await scanLayer(viaFile, wanted())), summary(fromStream), `layer ${layer.index} without worker`);
    } finally {
      delete process.env.HULLSCAN_LAYER_WORKER;
    }
    kept += fromStream.files.length;
  }
  assert.ok(kept > 100, `${kept} files kept`);
});

test('a blob file that is not what its digest says, or shorter than its range, fails like the stream check', async () => {
  const t = tarBuffer([{ name: 'etc/os-release', content: 'ID=debian\n' }]);
  const blob = gzipSync(t);
  const dir = join(tmp, 'layout');
  await writeOciLayout(dir, [{ blob, diffId: sha256(t) }]);
  const blobPath = join(dir, 'blobs', 'sha256', sha256(blob).slice('sha256:'.length));
  const [img] = await openImage(dir);
  const layer = img!.layers[0]!;
  const good = await scanLayer({ ...layer, file: { path: blobPath, offset: 0, size: blob.length } }, wanted());
  assert.equal(good.files[0]?.content?.toString(), 'ID=debian\n');

  // Same length, other bytes (a valid gzip of another tar): the blob digest no longer matches.
  const other = gzipSync(tarBuffer([{ name: 'etc/os-release', content: 'ID=alpine\n' }]));
  const forged = join(tmp, 'forged.gz');
  writeFileSync(forged, other);
  await assert.rejects(scanLayer({ ...layer, file: { path: forged, offset: 0, size: other.length } }, wanted()),
    (e: unknown) => isHullscanError(e) && e.code === 'DIGEST' && /digest mismatch for layer 1 of 1 \(sha256:[0-9a-f]{12}\): expected /.test(e.message));

  // A range past the end of the file: the gzip stream ends early.
  await assert.rejects(scanLayer({ ...layer, file: { path: blobPath, offset: 10, size: blob.length } }, wanted()),
    (e: unknown) => isHullscanError(e) && e.code === 'INPUT');
});

test('a wanted hard link whose target nobody wanted: the layer is read again only up to the link', async () => {
  const tool = randomBytes(300_000);
  const t = tarBuffer([
    { name: 'usr/bin/tool', content: tool, mode: 0o755 },
    { name: 'usr/share/before.bin', content: randomBytes(3_000_000) },
    { name: 'usr/local/bin/tool', type: 'hardlink', linkname: 'usr/bin/tool' },
    { name: 'usr/share/after.bin', content: randomBytes(12_000_000) },
    { name: 'usr/bin/tool', content: 'a later file of that name is not the link\'s target' },
  ]);
  const blob = gzipSync(t);
  const dir = join(tmp, 'links');
  await writeOciLayout(dir, [{ blob, diffId: sha256(t) }]);
  const [img] = await openImage(dir);
  const layer = img!.layers[0]!;
  const reads: number[] = [];
  const counted: LayerBlob = {
    ...layer,
    file: undefined, // every read goes through open(), where this test counts them
    open: async () => {
      const n = reads.push(0) - 1;
      const counter = new Transform({ transform(c: Buffer, _e, cb) { reads[n]! += c.length; cb(null, c); } });
      return (await layer.open()).pipe(counter);
    },
  };
  const links = recorder('links', (p) => p === '/usr/local/bin/tool' ? { maxBytes: 1 << 20 } : false);
  const scan = await scanLayer(counted, [links]);
  const link = scan.files.find((f) => f.path === '/usr/local/bin/tool')!;
  assert.equal(link.kind, 'hardlink');
  assert.ok(link.content?.equals(tool), 'the link has its target\'s bytes');
  assert.equal(reads.length, 2);
  assert.equal(reads[0], blob.length);
  // The second read stopped at the link: well before the 12 MB that follow it.
  assert.ok(reads[1]! < blob.length / 2, `second read ${reads[1]} of ${blob.length} bytes`);
});

test('warnings name the layer as the reports do, from the base and out of the count; after 50 the rest are counted out', async () => {
  const hostile = Array.from({ length: 60 }, (_, i) => ({ name: `../escape-${i}`, content: 'x' }));
  const layers = [tarBuffer([{ name: 'etc/os-release', content: 'ID=debian\n' }]), tarBuffer(hostile)];
  const dir = join(tmp, 'warnings');
  await writeOciLayout(dir, layers.map((t) => ({ blob: gzipSync(t), diffId: sha256(t) })));
  const [img] = await openImage(dir);
  const scan = await scanLayer(img!.layers[1]!, wanted());
  const label = `layer 2 of 2 (${sha256(layers[1]!).slice(0, 19)})`;
  assert.equal(scan.warnings.length, 51);
  assert.equal(scan.warnings[0], `${label}: skipped hostile entry '../escape-0' (absolute path or '..')`);
  assert.equal(scan.warnings[50], `${label}: further warnings suppressed`);
});
