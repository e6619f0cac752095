// Which layers came from the base image. Images rarely say so, so hullscan infers it from the history:
//
//   1. If some layers were made by BuildKit (created_by ends in "# buildkit") and the first layers were
//      not, those first non-BuildKit layers are the base image's (the base was built elsewhere, earlier).
//   2. Otherwise, if the first layers use the classic "/bin/sh -c #(nop) ADD file:" rootfs form and later
//      ones don't, the base is the layers up to the last "#(nop)" one before the first other step.
//   3. Otherwise (unknown history): only layer 0, the root filesystem, counts as base.
import type { ImageMeta } from '../../inventory/model.js';

export interface BaseSplit { baseLayers: number[]; addedLayers: number[]; rule: 'buildkit' | 'nop' | 'layer0' }

export function splitBaseLayers(image: ImageMeta): BaseSplit {
  const layers = image.layers.filter((l) => !l.empty);
  const indexes = layers.map((l) => l.index);
  const by = layers.map((l) => l.createdBy ?? '');
  const cut = (n: number, rule: BaseSplit['rule']): BaseSplit => ({ baseLayers: indexes.slice(0, n), addedLayers: indexes.slice(n), rule });
  if (!layers.length) return { baseLayers: [], addedLayers: [], rule: 'layer0' };
  const isBuildkit = (s: string) => /#\s*buildkit\s*$/.test(s);
  const firstBuildkit = by.findIndex(isBuildkit);
  if (firstBuildkit > 0 && by.slice(0, firstBuildkit).every((s) => !isBuildkit(s))) return cut(firstBuildkit, 'buildkit');
  const isNop = (s: string) => /^\/bin\/sh -c #\(nop\)/.test(s);
  const firstOther = by.findIndex((s) => !isNop(s));
  if (firstOther > 0 && by.slice(firstOther).some((s) => s !== '')) return cut(firstOther, 'nop');
  return cut(1, 'layer0');
}
