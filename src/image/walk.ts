// Walk all layers of an image: each layer streamed once (several in parallel, bounded), per-layer
// results optionally cached by diffID, then squashed in layer order. Results never depend on the
// degree of parallelism: layers are independent until the squash, which runs in order.
import { availableParallelism } from 'node:os';
import type { Analyzer } from '../analyze/types.js';
import { layerLabelAt } from '../inventory/layer-label.js';
import type { ImageSource, LayerBlob } from '../source/types.js';
import { reviveLayerScan, type LayerCache, type LayerScan } from './layer-scan.js';
import { DEFAULT_MAX_WANTED_BYTES, scanLayer, type ScanLayerOptions } from './scan-layer.js';
import { SquashedView } from './squash.js';

export interface WalkOptions extends Omit<ScanLayerOptions, 'wantedBudget'> {
  /** Total bytes analyzers may have buffered over the walk; default 1 GiB (LIMIT error beyond). */
  maxWantedBytes?: number;
  /** Layers decompressed at once; default min(2, cores). */
  concurrency?: number;
  layerCache?: LayerCache;
}

export interface ImageWalk {
  scans: LayerScan[];
  view: SquashedView;
  warnings: string[];
}

/** Cache key: which analyzers (and versions) decided what was kept. */
export function analyzerKey(analyzers: readonly Analyzer[]): string {
  return analyzers.map((a) => `${a.name}@${a.version}`).sort().join(',');
}

export async function walkImage(image: ImageSource, analyzers: readonly Analyzer[], opts: WalkOptions = {}): Promise<ImageWalk> {
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(2, availableParallelism()));
  const key = analyzerKey(analyzers);
  // With diff_id mismatches allowed, a blob may not hold what its diffID names: the cache, keyed by
  // diffID, neither answers for it nor learns from it.
  const cache = opts.onDiffIdMismatch === 'warn' ? undefined : opts.layerCache;
  const scans: LayerScan[] = new Array(image.layers.length);
  const wantedBudget = { used: 0, limit: opts.maxWantedBytes ?? DEFAULT_MAX_WANTED_BYTES };
  // Largest layers first: the walk ends when its last layer does, so a big layer started late
  // leaves the other decompressors idle. Results do not depend on the order (squash is by index).
  const queue = [...image.layers].sort((a, b) => (b.size ?? 0) - (a.size ?? 0) || a.index - b.index);
  let nextLayer = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && nextLayer < queue.length) {
      const layer = queue[nextLayer++]!;
      try {
        const label = layerLabelAt(layer.index, layer.layerCount ?? image.layers.length, layer.diffId);
        let scan = await cache?.get(layer.diffId, key);
        if (scan) {
          // The cached scan is content-addressed by diffID; provenance belongs to this image.
          scan = { ...reviveLayerScan(scan), index: layer.index, digest: layer.digest || scan.digest, createdBy: layer.createdBy };
        } else {
          scan = await scanLayer(layer, analyzers, { ...opts, wantedBudget, subject: opts.subject ?? image.reference });
          scan = withoutPosition(scan, scanLayerLabel(layer));
          await cache?.put(layer.diffId, key, scan);
        }
        scan = atPosition(scan, label);
        scans[layer.index] = scan;
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, image.layers.length) }, worker));
  const view = SquashedView.build(scans);
  return { scans, view, warnings: [...scans.flatMap((s) => s.warnings), ...view.warnings] };
}

// A layer's warnings name its position ('layer 4 of 5 (sha256:…)'), which belongs to the image being scanned:
// the same diffID may be layer 1 of 1 in the image that filled the cache and layer 3 of 5 in this one. The
// scan is kept with a placeholder where the label was, filled in on every use (the layer cache's entry
// format is versioned, so entries written with a label baked in are not read).
const LAYER_LABEL_SLOT = '\u0000layer\u0000';

/** The label scanLayer wrote into the layer's warnings. */
function scanLayerLabel(layer: LayerBlob): string {
  return layerLabelAt(layer.index, layer.layerCount, layer.diffId);
}

function withoutPosition(scan: LayerScan, label: string): LayerScan {
  return { ...scan, warnings: scan.warnings.map((w) => w.split(label).join(LAYER_LABEL_SLOT)) };
}

function atPosition(scan: LayerScan, label: string): LayerScan {
  return { ...scan, warnings: scan.warnings.map((w) => w.split(LAYER_LABEL_SLOT).join(label)) };
}
