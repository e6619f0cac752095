// Walk all layers of an image: each layer streamed once (several in parallel, bounded), per-layer
// results optionally cached by diffID, then squashed in layer order. Results never depend on the
// degree of parallelism: layers are independent until the squash, which runs in order.
import { availableParallelism } from 'node:os';
import type { Analyzer } from '../analyze/types.js';
import type { ImageSource } from '../source/types.js';
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
        let scan = await opts.layerCache?.get(layer.diffId, key);
        if (scan) {
          // The cached scan is content-addressed by diffID; provenance belongs to this image.
          scan = { ...reviveLayerScan(scan), index: layer.index, digest: layer.digest || scan.digest, createdBy: layer.createdBy };
        } else {
          scan = await scanLayer(layer, analyzers, { ...opts, wantedBudget, subject: opts.subject ?? image.reference });
          await opts.layerCache?.put(layer.diffId, key, scan);
        }
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
