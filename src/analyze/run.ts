// Run analyzers over an image: one layer walk for all of them, then each analyzer gets the squashed
// files it wanted (and, if it asks, the deleted ones). A failing analyzer costs a warning, not the scan.
import { isHullscanError } from '../errors.js';
import type { FileEntry, FileInfo } from '../image/types.js';
import type { LayerCache, LayerScan } from '../image/layer-scan.js';
import type { ViewFile, SquashedView } from '../image/squash.js';
import { walkImage, type WalkOptions } from '../image/walk.js';
import type { ImageSource } from '../source/types.js';
import { DEFAULT_MAX_FILE_BYTES, type AnalyzeContext, type Analyzer, type Facts } from './types.js';

/** What the walk tells about each layer: the per-layer scan without the files it kept. */
export type LayerSummary = Pick<LayerScan,
  'index' | 'digest' | 'diffId' | 'createdBy' | 'compression' | 'compressedSize' | 'uncompressedSize' | 'entryCount'>;

export interface ImageAnalysis {
  facts: { analyzer: string; facts: Facts }[];
  layers: LayerSummary[];
  warnings: string[];
}

export interface AnalyzeOptions extends WalkOptions {
  layerCache?: LayerCache;
}

export async function analyzeImage(image: ImageSource, analyzers: Analyzer[], opts: AnalyzeOptions = {}): Promise<ImageAnalysis> {
  const walk = await walkImage(image, analyzers, opts);
  const warnings = [...walk.warnings];
  const viewWarningsSeen = walk.view.warnings.length;
  const facts: ImageAnalysis['facts'] = [];
  for (const a of analyzers) {
    const ctx: AnalyzeContext = {
      readFile: (path) => readFor(walk.view, a.name, path),
      warn: (m) => warnings.push(`${a.name}: ${m}`),
    };
    try {
      facts.push({ analyzer: a.name, facts: await a.analyze(filesFor(walk.view, a), ctx) });
    } catch (e) {
      if (isHullscanError(e)) throw e;
      warnings.push(`analyzer ${a.name} failed: ${(e as Error)?.message ?? String(e)}`);
    }
  }
  // Lookups by analyzers (readFile, link contents) may have met symlink loops since.
  warnings.push(...walk.view.warnings.slice(viewWarningsSeen));
  const layers = walk.scans.map((s) => ({
    index: s.index, digest: image.layers[s.index]?.digest || s.digest, diffId: s.diffId, createdBy: s.createdBy,
    compression: s.compression, compressedSize: s.compressedSize, uncompressedSize: s.uncompressedSize, entryCount: s.entryCount,
  }));
  return { facts, layers, warnings };
}

/** Live files the analyzer wanted, by path; then, if it asks, deleted ones in layer order. */
async function* filesFor(view: SquashedView, a: Analyzer): AsyncIterable<FileEntry> {
  const live = [...view.live.values()].filter((v) => v.file.wantedBy.includes(a.name)).sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  for (const v of live) yield entryFor(view, v, a.name);
  if (!a.wantsDeleted) return;
  const gone = view.deleted.filter((v) => v.file.wantedBy.includes(a.name)).sort((x, y) => x.layer.index - y.layer.index || (x.path < y.path ? -1 : 1));
  for (const v of gone) yield entryFor(view, v, a.name);
}

function entryFor(view: SquashedView, v: ViewFile, analyzer: string): FileEntry {
  const f = v.file;
  const info: FileInfo = { path: v.path, kind: f.kind, size: f.size, mode: f.mode, layer: v.layer, ...(f.linkTarget !== undefined ? { linkTarget: f.linkTarget } : {}) };
  const { content, truncated } = contentFor(view, v, analyzer);
  return { info, content, truncated, deleted: v.deleted };
}

const EMPTY = Buffer.alloc(0);

function contentFor(view: SquashedView, v: ViewFile, analyzer: string): { content: Buffer; truncated: boolean } {
  const f = v.file;
  const scanned = f.scanned?.[analyzer];
  if (scanned) return { content: scanned, truncated: false };
  const cap = f.caps?.[analyzer] ?? DEFAULT_MAX_FILE_BYTES;
  let source = f;
  if (f.kind === 'symlink' && !v.deleted) {
    const target = view.lookup(v.path);
    if (!target || target.file.kind === 'symlink') return { content: EMPTY, truncated: false };
    source = target.file;
  } else if (f.kind === 'hardlink' && !f.content && f.linkTarget) {
    // normally resolved inside its layer; a link to a file of a lower layer resolves in the view
    const target = view.live.get(f.linkTarget);
    if (target && target.file.kind === 'file') source = target.file;
  }
  if (!source.content) return { content: EMPTY, truncated: source.size > 0 };
  const content = source.content.length > cap ? source.content.subarray(0, cap) : source.content;
  return { content, truncated: source.size > content.length };
}

function readFor(view: SquashedView, analyzer: string, path: string): Buffer | undefined {
  const v = view.lookup(path);
  if (!v || !v.file.wantedBy.includes(analyzer) || v.file.kind === 'symlink' || v.file.kind === 'dir') return undefined;
  return contentFor(view, v, analyzer).content;
}
