// How hullscan names a layer to people, in reports and in error and warning messages alike: counted from the
// base starting at 1, out of the image's layer count, with the diffID's short form: 'layer 4 of 5
// (sha256:673d607d7164)'. A bare 'layer 3' was read two ways: as hullscan's 0-based index, and against
// `docker history`, which lists the newest step first and shows a row for every step (ENV, EXPOSE ... too).
// "N of M" and the diffID leave no room for either reading. It lives beside the model so that the source, the
// layer walk and the reports can all use it. Machine-readable fields (JSON's `index`, SARIF's `layerIndex`)
// stay 0-based: they are documented as such.
import type { ImageMeta, LayerRef } from './model.js';

/** 'sha256:673d607d7164': the algorithm and 12 hex digits, as docker shortens ids. */
export function shortDiffId(diffId: string): string {
  const m = /^([a-z0-9]+):([0-9a-f]+)$/i.exec(diffId);
  return m ? `${m[1]}:${m[2]!.slice(0, 12)}` : diffId.slice(0, 19);
}

/** 1-based position from the base and the layer count (never less than the position). */
export function layerPosition(layer: Pick<LayerRef, 'index'>, image: Pick<ImageMeta, 'layers'>): { number: number; of: number } {
  return positionOf(layer.index, image.layers.length);
}

function positionOf(index: number, count: number): { number: number; of: number } {
  const number = index + 1;
  return { number, of: Math.max(count, number) };
}

/** '4 of 5': for table cells under a 'Layer' heading. */
export function layerOf(layer: Pick<LayerRef, 'index'>, image: Pick<ImageMeta, 'layers'>): string {
  const p = layerPosition(layer, image);
  return `${p.number} of ${p.of}`;
}

/** 'layer 4 of 5 (sha256:673d607d7164)'. */
export function layerLabel(layer: LayerRef, image: Pick<ImageMeta, 'layers'>): string {
  return `layer ${layerOf(layer, image)} (${shortDiffId(layer.diffId)})`;
}

/**
 * The same label where only the 0-based index, the layer count and the diffID are at hand (an image source, one
 * layer's scan). Without a count (a layer blob made by hand) it still counts from 1: 'layer 4 (sha256:…)'.
 */
export function layerLabelAt(index: number, layerCount: number | undefined, diffId: string): string {
  if (layerCount === undefined) return `layer ${index + 1} (${shortDiffId(diffId)})`;
  const p = positionOf(index, layerCount);
  return `layer ${p.number} of ${p.of} (${shortDiffId(diffId)})`;
}

/** 'layer 4 of 5 (sha256:673d607d7164): COPY secrets/ / # buildkit': the label and the build step that made it. */
export function layerStep(layer: LayerRef, image: Pick<ImageMeta, 'layers'>): string {
  const step = layer.createdBy?.replace(/\s+/g, ' ').trim();
  return `${layerLabel(layer, image)}${step ? `: ${step}` : ''}`;
}
