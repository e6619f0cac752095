// How every human-readable format names a layer: counted from the base starting at 1, out of the image's
// layer count, with the diffID's short form: 'layer 4 of 5 (sha256:673d607d7164)'. A bare 'layer 3' was read
// two ways: as hullscan's 0-based index, and against `docker history`, which lists the newest step first and
// shows a row for every step (ENV, EXPOSE ... too). "N of M" and the diffID leave no room for either reading.
// Machine-readable fields (JSON's `index`, SARIF's `layerIndex`) stay 0-based: they are documented as such.
import type { ImageMeta, LayerRef } from '../inventory/model.js';

/** 'sha256:673d607d7164': the algorithm and 12 hex digits, as docker shortens ids. */
export function shortDiffId(diffId: string): string {
  const m = /^([a-z0-9]+):([0-9a-f]+)$/i.exec(diffId);
  return m ? `${m[1]}:${m[2]!.slice(0, 12)}` : diffId.slice(0, 19);
}

/** 1-based position from the base and the layer count (never less than the position). */
export function layerPosition(layer: Pick<LayerRef, 'index'>, image: Pick<ImageMeta, 'layers'>): { number: number; of: number } {
  const number = layer.index + 1;
  return { number, of: Math.max(image.layers.length, number) };
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

/** 'layer 4 of 5 (sha256:673d607d7164): COPY secrets/ / # buildkit': the label and the build step that made it. */
export function layerStep(layer: LayerRef, image: Pick<ImageMeta, 'layers'>): string {
  const step = layer.createdBy?.replace(/\s+/g, ' ').trim();
  return `${layerLabel(layer, image)}${step ? `: ${step}` : ''}`;
}
