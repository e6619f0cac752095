// Test support shared by the Go, Java and Rust analyzer tests: real files from the corpus image
// multi-lang, extracted with GNU tar, and FileEntry values built from them the way the walk would.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { LayerRef } from '../../inventory/model.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';

export const MULTI_LANG = '/work/shared/corpus/multi-lang.docker.tar';

const created: string[] = [];
process.on('exit', () => { for (const d of created) rmSync(d, { recursive: true, force: true }); });

/** A fresh temp directory, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

export interface ExtractedImage {
  /** Root of the extracted layer filesystems (later layers over earlier ones). */
  root: string;
  /** Which layer each extracted path came from. */
  layerOf(path: string): LayerRef;
}

/** Extract the given layers (by index) of a docker-archive with tar into a fresh temp dir. */
export function extractLayers(archive: string, indexes: number[]): ExtractedImage {
  const manifest = JSON.parse(execFileSync('tar', ['-xOf', archive, 'manifest.json'], { encoding: 'utf8' }))[0];
  const config = JSON.parse(execFileSync('tar', ['-xOf', archive, manifest.Config], { encoding: 'utf8', maxBuffer: 1 << 24 }));
  const root = tempDir('hullscan-lang-');
  const owner = new Map<string, LayerRef>();
  for (const i of indexes) {
    const layer: LayerRef = { index: i, diffId: config.rootfs.diff_ids[i] };
    const blob = execFileSync('tar', ['-xOf', archive, manifest.Layers[i]], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-xzf', '-', '-C', root], { input: blob, maxBuffer: 1 << 30 });
    const names = execFileSync('tar', ['-tzf', '-'], { input: blob, maxBuffer: 1 << 30, encoding: 'utf8' });
    for (const n of names.split('\n')) if (n && !n.endsWith('/')) owner.set('/' + n, layer);
  }
  return {
    root,
    layerOf(path) {
      const l = owner.get(path);
      if (!l) throw new Error(`${path} not in the extracted layers`);
      return l;
    },
  };
}

/** A FileEntry for an extracted file, as the walk gives it (symlinks as kind 'symlink'). */
export function entryFor(img: ExtractedImage, path: string, opts: { content?: Buffer; mode?: number } = {}): FileEntry {
  const st = lstatSync(join(img.root, path));
  const symlink = st.isSymbolicLink();
  const content = opts.content ?? (symlink ? Buffer.alloc(0) : readFileSync(join(img.root, path)));
  const info: FileInfo = {
    path, kind: symlink ? 'symlink' : 'file', size: symlink ? 0 : st.size, mode: opts.mode ?? (st.mode & 0o7777),
    layer: img.layerOf(path), ...(symlink ? { linkTarget: readlinkSync(join(img.root, path)) } : {}),
  };
  return { info, content, truncated: false, deleted: false };
}

/** Run an analyzer the way the walk does: offer every file to wants(), stream or buffer what it asks for. */
export async function runAnalyzer(analyzer: Analyzer, entries: FileEntry[], chunkSize = 65536): Promise<{ facts: Facts; warnings: string[] }> {
  const warnings: string[] = [];
  const given: FileEntry[] = [];
  for (const e of entries) {
    const want = analyzer.wants(e.info.path, e.info);
    if (!want) continue;
    if (want !== true && want.scan) {
      const s = want.scan();
      for (let o = 0; o < e.content.length; o += chunkSize) if (s.write(e.content.subarray(o, o + chunkSize)) === 'done') break;
      given.push({ ...e, content: s.finish() });
    } else if (want !== true && (want.headBytes !== undefined || want.maxBytes !== undefined)) {
      const cap = want.headBytes ?? want.maxBytes!;
      given.push({ ...e, content: e.content.subarray(0, cap), truncated: e.content.length > cap });
    } else given.push(e);
  }
  const ctx: AnalyzeContext = { readFile: () => undefined, warn: (m) => warnings.push(m) };
  async function* iterate() { yield* given; }
  const facts = await analyzer.analyze(iterate(), ctx);
  return { facts, warnings };
}

/** Whether a command is on PATH (tests that need it skip with a message otherwise). */
export function haveCommand(cmd: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}
