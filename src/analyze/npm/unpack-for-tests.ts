// Test support for the language analyzers: unpack a real corpus image with the system tar (applying
// whiteouts and opaque markers the overlayfs way), then feed an analyzer the files it wants, as the
// layer walk would. The analyzers' tests use this to check themselves against real trees and real tools.
import { execFileSync } from 'node:child_process';
import { type Stats, lstatSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, readdirSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, basename } from 'node:path';
import type { FileEntry, FileInfo, FileKind } from '../../image/types.js';
import type { LayerRef } from '../../inventory/model.js';
import { DEFAULT_MAX_FILE_BYTES, type Analyzer, type Facts, type Want } from '../types.js';

export interface UnpackedImage {
  root: string;
  layers: LayerRef[];
  /** Image path -> the layer that last wrote it. */
  layerOf: Map<string, LayerRef>;
  cleanup(): void;
}

function layerBlobs(outer: string): string[] {
  if (existsSync(join(outer, 'manifest.json'))) {
    const manifest = JSON.parse(readFileSync(join(outer, 'manifest.json'), 'utf8'));
    return (manifest[0].Layers as string[]).map((p) => join(outer, p));
  }
  const index = JSON.parse(readFileSync(join(outer, 'index.json'), 'utf8'));
  const blob = (digest: string) => join(outer, 'blobs', 'sha256', digest.slice('sha256:'.length));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  return (manifest.layers as { digest: string }[]).map((l) => blob(l.digest));
}

function decompressor(blob: string): string {
  const fd = openSync(blob, 'r');
  const head = Buffer.alloc(4);
  readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip -dc';
  if (head.readUInt32LE(0) === 0xfd2fb528) return 'zstd -dc -q';
  return 'cat';
}

/** Unpack the image's layers in order; `include` limits extraction to paths under these prefixes (no leading '/'). */
export function unpackImage(archive: string, include: string[] = ['']): UnpackedImage {
  const tmp = mkdtempSync(join(tmpdir(), 'hullscan-unpack-'));
  const outer = join(tmp, 'outer');
  const root = join(tmp, 'root');
  execFileSync('mkdir', ['-p', outer, root]);
  execFileSync('tar', ['-xf', archive, '-C', outer]);
  const blobs = layerBlobs(outer);
  const layers: LayerRef[] = [];
  const layerOf = new Map<string, LayerRef>();
  const wanted = (name: string) => include.some((p) => name === p || name.startsWith(p === '' ? '' : p + '/'));
  blobs.forEach((blob, index) => {
    const layer: LayerRef = { index, diffId: `sha256:${basename(blob).replace(/\.tar\.gz$/, '')}` };
    layers.push(layer);
    const cat = `${decompressor(blob)} '${blob}'`;
    const names = execFileSync('sh', ['-c', `${cat} | tar -t`], { maxBuffer: 1 << 28 }).toString().split('\n')
      .filter((n) => n !== '').map((n) => n.replace(/\/$/, ''));
    const members: string[] = [];
    for (const name of names) {
      const base = basename(name);
      if (base === '.wh..wh..opq') {
        const dir = dirname(name);
        if (existsSync(join(root, dir))) for (const child of readdirSync(join(root, dir))) rmSync(join(root, dir, child), { recursive: true, force: true });
        for (const p of [...layerOf.keys()]) if (p.startsWith(`/${dir}/`)) layerOf.delete(p);
      } else if (base.startsWith('.wh.')) {
        const victim = join(dirname(name), base.slice('.wh.'.length));
        rmSync(join(root, victim), { recursive: true, force: true });
        for (const p of [...layerOf.keys()]) if (p === `/${victim}` || p.startsWith(`/${victim}/`)) layerOf.delete(p);
      } else if (wanted(name)) {
        members.push(name);
      }
    }
    if (!members.length) return;
    const list = join(tmp, 'members.txt');
    writeFileSync(list, members.join('\n') + '\n');
    execFileSync('sh', ['-c', `${cat} | tar -x -C '${root}' --no-recursion --verbatim-files-from -T '${list}'`]);
    for (const m of members) layerOf.set(`/${m}`, layer);
  });
  return { root, layers, layerOf, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

function kindOf(st: Stats): FileKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

function* walk(root: string, rel: string): Generator<[string, Stats]> {
  for (const d of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = `${rel}/${d.name}`;
    // Only files and links need their stat (size, mode); directories are walked into.
    if (d.isDirectory()) { yield [p, lstatSync(join(root, p))]; yield* walk(root, p); }
    else yield [p, lstatSync(join(root, p))];
  }
}

function contentFor(file: string, want: boolean | Want, size: number): { content: Buffer; truncated: boolean } {
  const w: Want = typeof want === 'object' ? want : {};
  if (w.scan) {
    const scanner = w.scan();
    const data = readFileSync(file);
    for (let off = 0; off < data.length; off += 1 << 20) if (scanner.write(data.subarray(off, off + (1 << 20))) === 'done') break;
    return { content: scanner.finish(), truncated: false };
  }
  const cap = w.headBytes ?? w.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(Math.min(cap, size));
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return { content: buf.subarray(0, n), truncated: size > cap };
}

/** The files of an unpacked tree the analyzer wants, as FileEntries. */
export function entriesFor(analyzer: Analyzer, img: Pick<UnpackedImage, 'root' | 'layerOf' | 'layers'>): FileEntry[] {
  const out: FileEntry[] = [];
  for (const [path, st] of walk(img.root, '')) {
    const info: FileInfo = {
      path, kind: kindOf(st), size: st.isFile() ? st.size : 0, mode: st.mode & 0o7777,
      layer: img.layerOf.get(path) ?? img.layers[img.layers.length - 1]!,
    };
    if (st.isSymbolicLink()) info.linkTarget = readlinkSync(join(img.root, path));
    const want = analyzer.wants(path, info);
    if (!want) continue;
    const { content, truncated } = st.isFile() ? contentFor(join(img.root, path), want, st.size) : { content: Buffer.alloc(0), truncated: false };
    out.push({ info, content, truncated, deleted: false });
  }
  return out;
}

/** Run one analyzer over FileEntries as the scan would; warnings are collected in the result. */
export async function runAnalyzer(analyzer: Analyzer, entries: FileEntry[]): Promise<Facts & { warnings: string[] }> {
  const warnings: string[] = [];
  const byPath = new Map(entries.map((e) => [e.info.path, e.content]));
  async function* iterate() { yield* entries; }
  const facts = await analyzer.analyze(iterate(), { readFile: (p) => byPath.get(p), warn: (m) => warnings.push(m) });
  return { ...facts, warnings: [...(facts.warnings ?? []), ...warnings] };
}

const testLayer: LayerRef = { index: 0, diffId: 'sha256:test' };

/** A FileEntry for test data that is not in an image (lockfile fixtures), with the image path it is given. */
export function entryOf(path: string, content: Buffer | string, mode = 0o644): FileEntry {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  return { info: { path, kind: 'file', size: buf.length, mode, layer: testLayer }, content: buf, truncated: false, deleted: false };
}
