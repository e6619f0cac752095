// The squashed view: apply layers in order (opaque dirs, whiteouts, then the layer's own entries)
// over the wanted files and all symlinks. Files removed or replaced by a later layer are kept aside
// as deleted, for analyzers that ask for them.
import type { LayerRef } from '../inventory/model.js';
import type { LayerScan, ScannedFile } from './layer-scan.js';
import { basename, dirname, isUnder, joinInsideRoot } from './paths.js';

/** Linux follows at most 40 symlinks per lookup; so do we, which also ends loops fast. */
export const MAX_SYMLINK_HOPS = 40;

export interface ViewFile {
  /** The path in the squashed tree (parent directories' symlinks resolved). */
  path: string;
  file: ScannedFile;
  layer: LayerRef;
  deleted: boolean;
}

interface Link { target: string; layer: number }

export class SquashedView {
  readonly live = new Map<string, ViewFile>();
  readonly deleted: ViewFile[] = [];
  readonly symlinks = new Map<string, Link>();
  readonly warnings: string[] = [];
  private readonly warned = new Set<string>();

  static build(scans: readonly LayerScan[]): SquashedView {
    const view = new SquashedView();
    for (const s of scans) view.apply(s);
    // Wanted symlinks that never resolve (loops) are worth a warning up front.
    for (const v of view.live.values()) if (v.file.kind === 'symlink') view.resolve(v.path);
    return view;
  }

  private warnOnce(msg: string): void {
    if (this.warned.has(msg)) return;
    this.warned.add(msg);
    this.warnings.push(msg);
  }

  private apply(s: LayerScan): void {
    const ref: LayerRef = { index: s.index, diffId: s.diffId, digest: s.digest || undefined, createdBy: s.createdBy };
    for (const d of s.opaqueDirs) {
      const dir = this.resolveParent(d);
      if (dir !== undefined) this.removeUnder(dir, false);
    }
    for (const w of s.whiteouts) {
      const p = this.resolveParent(w);
      if (p !== undefined) this.removeUnder(p, true);
    }
    for (const [path, target] of s.symlinks) {
      const p = this.resolveParent(path);
      if (p === undefined) continue;
      this.markDeleted(p);
      this.symlinks.set(p, { target, layer: s.index });
    }
    for (const f of s.files) {
      const p = this.resolveParent(f.path);
      if (p === undefined) continue;
      if (f.kind !== 'symlink') {
        this.markDeleted(p);
        const old = this.symlinks.get(p);
        if (old && old.layer !== s.index) this.symlinks.delete(p);
      }
      this.live.set(p, { path: p, file: f, layer: ref, deleted: false });
    }
  }

  private markDeleted(path: string): void {
    const old = this.live.get(path);
    if (old) {
      this.live.delete(path);
      this.deleted.push({ ...old, deleted: true });
    }
  }

  /** Whiteout (self and subtree) or opaque dir (subtree only). */
  private removeUnder(path: string, self: boolean): void {
    if (self) {
      this.markDeleted(path);
      this.symlinks.delete(path);
    }
    for (const key of [...this.live.keys()]) if (isUnder(key, path)) this.markDeleted(key);
    for (const key of [...this.symlinks.keys()]) if (isUnder(key, path)) this.symlinks.delete(key);
  }

  /** Resolve the directories of `path` through symlinks, keeping the last component as is. */
  resolveParent(path: string): string | undefined {
    const dir = dirname(path);
    if (dir === '/') return path;
    const d = this.resolve(dir);
    if (d === undefined) return undefined;
    return (d === '/' ? '' : d) + '/' + basename(path);
  }

  /**
   * Resolve symlinks along `path` inside the image root ('..' and absolute targets never leave it).
   * Returns undefined, with a warning, on a symlink loop.
   */
  resolve(path: string, followLast = true): string | undefined {
    let parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let resolved = '';
    let hops = 0;
    for (let i = 0; i < parts.length;) {
      const part = parts[i]!;
      if (part === '..') {
        resolved = resolved === '' ? '' : dirname(resolved) === '/' ? '' : dirname(resolved);
        i++;
        continue;
      }
      const cand = resolved + '/' + part;
      const link = this.symlinks.get(cand);
      if (link && (i < parts.length - 1 || followLast)) {
        if (++hops > MAX_SYMLINK_HOPS) {
          this.warnOnce(`symlink loop: ${path} does not resolve after ${MAX_SYMLINK_HOPS} links`);
          return undefined;
        }
        const target = joinInsideRoot(resolved === '' ? '/' : resolved, link.target).path;
        parts = [...target.split('/').filter((p) => p !== ''), ...parts.slice(i + 1)];
        resolved = '';
        i = 0;
        continue;
      }
      resolved = cand;
      i++;
    }
    return resolved === '' ? '/' : resolved;
  }

  /** The live file at `path`, following symlinks. */
  lookup(path: string): ViewFile | undefined {
    const p = this.resolve(path);
    return p === undefined ? undefined : this.live.get(p);
  }
}
