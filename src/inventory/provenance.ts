// Which layer installed a package, when a package database file was rewritten by later layers.
import type { LayerRef } from './model.js';

/** A superseded version of a package database: the layer that wrote it and the package ids it lists. */
export interface DbVersion { layer: LayerRef; ids: ReadonlySet<string> }

/**
 * The layer that introduced package `id`, found in the database written by `current`: the oldest
 * layer from which every later version of the database still lists the same id (name, arch, version).
 * A package removed and re-installed later counts from the re-install.
 */
export function introducedIn(id: string, current: LayerRef, older: readonly DbVersion[]): LayerRef {
  let layer = current;
  for (const v of [...older].sort((a, b) => b.layer.index - a.layer.index)) {
    if (v.layer.index >= layer.index) continue;
    if (!v.ids.has(id)) break;
    layer = v.layer;
  }
  return layer;
}
