// The files of an image archive, whether it is a tar (read by offset) or a directory (OCI layout).
// Names are archive-relative ('blobs/sha256/<hex>', 'manifest.json'); symlinks and hard links
// inside a tar resolve to the entry holding the data (skopeo's docker-archives link layer.tar files).
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { HullscanError } from '../errors.js';
import { indexTar, normaliseArchiveName, type TarEntry } from './tar-index.js';

/** Metadata files (manifests, configs, indexes) are small; refuse to buffer more than this. */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;
const MAX_LINK_HOPS = 16;

export interface ArchiveFiles {
  /** The path the user gave, for messages. */
  readonly path: string;
  readonly kind: 'tar' | 'dir';
  /** Size of the named file's data, or undefined when absent. */
  size(name: string): Promise<number | undefined>;
  readAll(name: string, maxBytes?: number): Promise<Buffer>;
  /** The first bytes of a file (compression magic). */
  readHead(name: string, n: number): Promise<Buffer>;
  stream(name: string): Readable;
  /**
   * Where the named file's bytes sit on disk (a range of the archive, or the layout's blob file), so the
   * layer walk can read them on its worker thread instead of streaming them through this one.
   */
  location(name: string): { path: string; offset: number; size: number };
  /** Names present (tar: all entries; dir: not enumerated, returns undefined). */
  names(): string[] | undefined;
  /** The name that really holds the data after following links inside a tar (skopeo's layer.tar links). */
  dataName(name: string): string;
}

export async function openArchiveFiles(path: string): Promise<ArchiveFiles> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw new HullscanError('NOT_FOUND', 'no such file or directory', { subject: path, cause: e });
  }
  if (st.isDirectory()) return new DirFiles(path);
  if (!st.isFile()) throw new HullscanError('INPUT', 'not a regular file or directory', { subject: path });
  if (st.size === 0) throw new HullscanError('INPUT', 'empty input (0 bytes)', { subject: path });
  await refuseCompressedArchive(path);
  return new TarFiles(path, await indexTar(path, st.size));
}

/** `docker save | gzip` output cannot be read by offset; say so instead of "not a tar". */
async function refuseCompressedArchive(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    const kind = head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : head.readUInt32BE(0) === 0x28b52ffd ? 'zstd' : undefined;
    if (kind) throw new HullscanError('INPUT', `the archive itself is ${kind}-compressed; decompress it first (e.g. ${kind === 'gzip' ? 'gunzip' : 'zstd -d'} -k)`, { subject: path });
  } finally {
    await fh.close();
  }
}

class TarFiles implements ArchiveFiles {
  readonly kind = 'tar' as const;
  constructor(readonly path: string, private readonly entries: Map<string, TarEntry>) {}

  names(): string[] { return [...this.entries.keys()]; }

  dataName(name: string): string { return this.resolve(name)?.name ?? normaliseArchiveName(name); }

  /** Follow symlinks / hard links inside the archive to the entry that holds the data. */
  private resolve(name: string): TarEntry | undefined {
    let n = normaliseArchiveName(name);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const e = this.entries.get(n);
      if (!e) return undefined;
      if (e.type === 'file') return e;
      if (e.type === 'symlink' && e.linkName) {
        const dir = n.includes('/') ? n.slice(0, n.lastIndexOf('/')) : '';
        n = e.linkName.startsWith('/') ? normaliseArchiveName(e.linkName) : resolveDots(dir ? `${dir}/${e.linkName}` : e.linkName);
      } else if (e.type === 'hardlink' && e.linkName) {
        n = normaliseArchiveName(e.linkName);
      } else {
        return undefined;
      }
    }
    throw new HullscanError('INPUT', `symlink loop inside the archive at ${name}`, { subject: this.path });
  }

  async size(name: string): Promise<number | undefined> { return this.resolve(name)?.size; }

  private need(name: string): TarEntry {
    const e = this.resolve(name);
    if (!e) throw new HullscanError('NOT_FOUND', `${name} is not in the archive`, { subject: this.path });
    return e;
  }

  async readAll(name: string, maxBytes = MAX_METADATA_BYTES): Promise<Buffer> {
    const e = this.need(name);
    if (e.size > maxBytes) throw new HullscanError('LIMIT', `${name} is ${e.size} bytes, more than the ${maxBytes} allowed`, { subject: this.path });
    return this.read(e, e.size);
  }

  async readHead(name: string, n: number): Promise<Buffer> {
    const e = this.need(name);
    return this.read(e, Math.min(n, e.size));
  }

  private async read(e: TarEntry, n: number): Promise<Buffer> {
    const fh = await open(this.path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, e.offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  location(name: string): { path: string; offset: number; size: number } {
    const e = this.need(name);
    return { path: this.path, offset: e.offset, size: e.size };
  }

  stream(name: string): Readable {
    const e = this.need(name);
    if (e.size === 0) return createReadStream(this.path, { start: 0, end: -1 }); // empty stream
    return createReadStream(this.path, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: 1024 * 1024 });
  }
}

/** Collapse '.' and '..' in an archive-relative name; '..' above the root is dropped (stays inside). */
function resolveDots(name: string): string {
  const out: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop(); else out.push(p);
  }
  return out.join('/');
}

class DirFiles implements ArchiveFiles {
  readonly kind = 'dir' as const;
  constructor(readonly path: string) {}

  names(): undefined { return undefined; }

  dataName(name: string): string { return normaliseArchiveName(name); }

  /** Map a name to a real path that must stay inside the layout directory (no '..', no symlink escape). */
  private async real(name: string): Promise<string | undefined> {
    const n = normaliseArchiveName(name);
    if (n.split('/').includes('..')) throw new HullscanError('INPUT', `refusing path outside the layout: ${name}`, { subject: this.path });
    const p = join(this.path, n);
    try {
      await lstat(p);
    } catch {
      return undefined;
    }
    const [root, target] = await Promise.all([realpath(this.path), realpath(p).catch(() => undefined)]);
    if (!target) return undefined;
    const rel = relative(root, target);
    if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
      throw new HullscanError('INPUT', `${name} points outside the layout directory`, { subject: this.path });
    }
    return target;
  }

  async size(name: string): Promise<number | undefined> {
    const p = await this.real(name);
    if (!p) return undefined;
    const st = await stat(p);
    return st.isFile() ? st.size : undefined;
  }

  private async need(name: string): Promise<string> {
    const p = await this.real(name);
    if (!p) throw new HullscanError('NOT_FOUND', `${name} is not in the layout`, { subject: this.path });
    return p;
  }

  async readAll(name: string, maxBytes = MAX_METADATA_BYTES): Promise<Buffer> {
    const p = await this.need(name);
    const st = await stat(p);
    if (st.size > maxBytes) throw new HullscanError('LIMIT', `${name} is ${st.size} bytes, more than the ${maxBytes} allowed`, { subject: this.path });
    return this.readHead(name, st.size);
  }

  async readHead(name: string, n: number): Promise<Buffer> {
    const fh = await open(await this.need(name), 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /** The real path of a file inside the layout, checked synchronously (no '..', no symlink escape). */
  private inside(name: string): string {
    const n = normaliseArchiveName(name);
    if (n.split('/').includes('..')) throw new HullscanError('INPUT', `refusing path outside the layout: ${name}`, { subject: this.path });
    let target: string;
    try {
      target = realpathSync(join(this.path, n));
      const rel = relative(realpathSync(this.path), target);
      if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) throw new HullscanError('INPUT', `${name} points outside the layout directory`, { subject: this.path });
    } catch (e) {
      if (e instanceof HullscanError) throw e;
      throw new HullscanError('NOT_FOUND', `${name} is not in the layout`, { subject: this.path, cause: e });
    }
    return target;
  }

  location(name: string): { path: string; offset: number; size: number } {
    const p = this.inside(name);
    const st = statSync(p);
    if (!st.isFile()) throw new HullscanError('INPUT', `${name} is not a regular file`, { subject: this.path });
    return { path: p, offset: 0, size: st.size };
  }

  stream(name: string): Readable {
    return createReadStream(this.inside(name), { highWaterMark: 1024 * 1024 });
  }
}
