// Test support only: turns a corpus image archive into real files on disk with GNU tar, so that
// analyzers can be tested on real data before (and independently of) the product's layer walk, and
// so that oracles such as dpkg-query can run on the same root. The product never extracts images.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { Analyzer, Facts } from '../../analyze/types.js';
import type { FileEntry, FileInfo, FileKind } from '../../image/types.js';
import type { LayerRef } from '../model.js';

export const CORPUS = '/work/shared/corpus';
/** Where `build.sh extra|big` puts the on-demand images (HULLSCAN_CORPUS_OUT overrides). */
export const ON_DEMAND = process.env.HULLSCAN_CORPUS_OUT ?? join(tmpdir(), 'hullscan-corpus', 'out');

export interface ExtractedImage {
  platform: string;
  names: string[];
  layers: LayerRef[];
  /** The squashed filesystem (whiteouts applied). */
  root: string;
  /** path → index of the last layer that wrote it. */
  provenance: Map<string, number>;
}

interface Descriptor { mediaType?: string; digest: string; platform?: { os: string; architecture: string; variant?: string }; annotations?: Record<string, string> }

function blobPath(dir: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  return join(dir, 'blobs', alg!, hex!);
}

/** Extracts every image (every platform) of an archive into temp roots. Call cleanup() when done. */
export function extractArchive(archive: string, include?: (path: string) => boolean): { images: ExtractedImage[]; cleanup(): void } {
  const work = mkdtempSync(join(tmpdir(), 'hullscan-test-'));
  const outer = join(work, 'archive');
  execFileSync('mkdir', ['-p', outer]);
  execFileSync('tar', ['-xf', archive, '-C', outer]);
  const images: ExtractedImage[] = [];
  const plans: { names: string[]; config: string; layers: string[] }[] = [];
  if (existsSync(join(outer, 'manifest.json'))) {
    for (const m of JSON.parse(readFileSync(join(outer, 'manifest.json'), 'utf8')) as { Config: string; RepoTags?: string[]; Layers: string[] }[]) {
      plans.push({ names: m.RepoTags ?? [], config: join(outer, m.Config), layers: m.Layers.map((l) => join(outer, l)) });
    }
  } else {
    const visit = (d: Descriptor, names: string[]): void => {
      const doc = JSON.parse(readFileSync(blobPath(outer, d.digest), 'utf8')) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
      if (doc.manifests) for (const c of doc.manifests) visit(c, names);
      else plans.push({ names, config: blobPath(outer, doc.config!.digest), layers: doc.layers!.map((l) => blobPath(outer, l.digest)) });
    };
    const index = JSON.parse(readFileSync(join(outer, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
    for (const d of index.manifests) visit(d, d.annotations?.['org.opencontainers.image.ref.name'] ? [d.annotations['org.opencontainers.image.ref.name']] : []);
  }
  plans.forEach((plan, n) => {
    const config = JSON.parse(readFileSync(plan.config, 'utf8')) as { architecture: string; os: string; variant?: string; rootfs: { diff_ids: string[] } };
    const root = join(work, `root${n}`);
    execFileSync('mkdir', ['-p', root]);
    const provenance = new Map<string, number>();
    plan.layers.forEach((layer, index) => {
      const listing = execFileSync('tar', ['-tf', layer], { maxBuffer: 1 << 30 }).toString().split('\n').filter(Boolean);
      const selected: string[] = [];
      for (const raw of listing) {
        const path = '/' + raw.replace(/^\.?\//, '').replace(/\/$/, '');
        const base = posix.basename(path);
        if (base === '.wh..wh..opq') {
          const dir = join(root, posix.dirname(path));
          if (existsSync(dir)) for (const child of readdirSync(dir)) rmSync(join(dir, child), { recursive: true, force: true });
        } else if (base.startsWith('.wh.')) {
          rmSync(join(root, posix.dirname(path), base.slice(4)), { recursive: true, force: true });
        } else if (!include || include(path)) {
          provenance.set(path, index);
          selected.push(raw);
        }
      }
      if (!include) execFileSync('tar', ['-xf', layer, '-C', root, '--exclude=.wh.*', '--no-same-owner']);
      else if (selected.length) {
        const names = join(work, 'names');
        writeFileSync(names, selected.join('\n') + '\n');
        execFileSync('tar', ['-xf', layer, '-C', root, '--no-same-owner', '--no-recursion', '--verbatim-files-from', '-T', names]);
      }
    });
    images.push({
      platform: [config.os, config.architecture, config.variant].filter(Boolean).join('/'),
      names: plan.names,
      layers: config.rootfs.diff_ids.map((diffId, index) => ({ index, diffId })),
      root,
      provenance,
    });
  });
  return { images, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

/** Resolves a path inside root, following symlinks the way the image would (never leaving root). */
function resolveInRoot(root: string, path: string, depth = 0): string | undefined {
  if (depth > 40) return undefined;
  const parts = path.split('/').filter(Boolean);
  let cur = '/';
  for (let i = 0; i < parts.length; i++) {
    const next = posix.join(cur, parts[i]!);
    let st;
    try { st = lstatSync(join(root, next)); } catch { return undefined; }
    if (st.isSymbolicLink()) {
      const target = readlinkSync(join(root, next));
      const abs = target.startsWith('/') ? target : posix.join(cur, target);
      const rest = parts.slice(i + 1).join('/');
      return resolveInRoot(root, posix.normalize('/' + abs + (rest ? '/' + rest : '')), depth + 1);
    }
    cur = next;
  }
  return cur;
}

function walk(root: string, rel: string, out: string[]): void {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const p = rel === '/' ? `/${name}` : `${rel}/${name}`;
    out.push(p);
    const st = lstatSync(join(root, p));
    if (st.isDirectory()) walk(root, p, out);
  }
}

/** The files of an extracted image that an analyzer wants, as the layer walk would hand them over. */
export function entriesFor(analyzer: Analyzer, image: Pick<ExtractedImage, 'root' | 'provenance' | 'layers'>): FileEntry[] {
  const paths: string[] = [];
  walk(image.root, '/', paths);
  const entries: FileEntry[] = [];
  for (const path of paths) {
    const st = lstatSync(join(image.root, path));
    const kind: FileKind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    const layerIndex = image.provenance.get(path) ?? image.layers.length - 1;
    const info: FileInfo = {
      path, kind, size: kind === 'file' ? st.size : 0, mode: st.mode & 0o7777,
      linkTarget: kind === 'symlink' ? readlinkSync(join(image.root, path)) : undefined,
      layer: image.layers[layerIndex] ?? { index: 0, diffId: 'sha256:unknown' },
    };
    const want = analyzer.wants(path, info);
    if (!want) continue;
    let content = Buffer.alloc(0);
    if (kind === 'file') content = readFileSync(join(image.root, path));
    else if (kind === 'symlink') {
      const target = resolveInRoot(image.root, path);
      if (target && existsSync(join(image.root, target)) && lstatSync(join(image.root, target)).isFile()) content = readFileSync(join(image.root, target));
    }
    const head = typeof want === 'object' ? want.headBytes : undefined;
    if (head !== undefined) content = content.subarray(0, head);
    entries.push({ info, content, truncated: false, deleted: false });
  }
  return entries;
}

async function* iterate(entries: FileEntry[]): AsyncIterable<FileEntry> { for (const e of entries) yield e; }

/** Runs one analyzer over an extracted image root. */
export async function runOn(analyzer: Analyzer, image: Pick<ExtractedImage, 'root' | 'provenance' | 'layers'>): Promise<Facts & { warned: string[] }> {
  const warned: string[] = [];
  const facts = await analyzer.analyze(iterate(entriesFor(analyzer, image)), {
    readFile(path) {
      const real = resolveInRoot(image.root, path);
      if (!real) return undefined;
      try { return readFileSync(join(image.root, real)); } catch { return undefined; }
    },
    warn: (m) => { warned.push(m); },
  });
  return { ...facts, warned };
}

/** Runs an analyzer over a plain directory tree (one layer), e.g. the pkgdb snapshot or a fixture. */
export function dirImage(root: string): Pick<ExtractedImage, 'root' | 'provenance' | 'layers'> {
  return { root: realpathSync(root), provenance: new Map(), layers: [{ index: 0, diffId: 'sha256:' + '0'.repeat(64) }] };
}

/** A temp dir removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
