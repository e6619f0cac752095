// Layer compression, found from the bytes themselves (docker-archive manifests do not say):
// gzip 1f 8b, zstd 28 b5 2f fd, anything else is read as a plain tar.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Duplex, PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';

export type Compression = 'gzip' | 'zstd' | 'none';

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** Wait for the first bytes of a paused stream and put them back, so the stream can still be piped whole. */
export function peek(stream: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const seen: Buffer[] = [];
    let have = 0;
    const done = (err?: unknown) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      const all = Buffer.concat(seen);
      if (all.length) stream.unshift(all);
      if (err) reject(err); else resolve(all);
    };
    const onReadable = () => {
      let c: Buffer | null;
      while (have < n && (c = stream.read()) !== null) {
        seen.push(c);
        have += c.length;
      }
      if (have >= n) done();
    };
    const onEnd = () => done();
    const onError = (e: unknown) => done(e);
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

export function decompressor(kind: Compression): Duplex | undefined {
  if (kind === 'gzip') return createGunzip({ chunkSize: 1024 * 1024 });
  if (kind === 'zstd') return zstdCli() ? zstdProcess(zstdCli()!) : new ZstdStream();
  return undefined;
}

let zstdPath: string | null | undefined;

/**
 * The zstd command, when installed: fzstd (pure JS) decodes ~12 MB/s, the C decoder ~1 GB/s.
 * HULLSCAN_ZSTD=js forces the JS decoder (tests cover both).
 */
export function zstdCli(): string | undefined {
  if (process.env.HULLSCAN_ZSTD === 'js') return undefined;
  if (zstdPath === undefined) {
    zstdPath = null;
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      try {
        accessSync(join(dir, 'zstd'), fsConstants.X_OK);
        zstdPath = join(dir, 'zstd');
        break;
      } catch { /* keep looking */ }
    }
  }
  return zstdPath ?? undefined;
}

/** `zstd -dc` as a stream; its default 128 MB window limit bounds memory on hostile frames. */
function zstdProcess(cmd: string): Duplex {
  const child = spawn(cmd, ['-d', '-c', '-q', '--no-progress'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => { if (stderr.length < 2000) stderr += d; });
  child.stdin.on('error', () => { /* the exit status reports the failure */ });
  child.stdout.pipe(out, { end: false });
  child.on('error', (e) => out.destroy(e));
  child.on('close', (code) => {
    if (code === 0) out.end();
    else {
      const why = stderr.trim().split('\n').pop() ?? '';
      out.destroy(new Error(/premature|truncat|incomplete|end/i.test(why)
        ? `unexpected end of data (zstd: ${why})` : `zstd: corrupt data (${why || 'exit ' + code})`));
    }
  });
  const duplex = Duplex.from({ writable: child.stdin, readable: out });
  duplex.on('close', () => { if (child.exitCode === null) child.kill(); });
  return duplex;
}

/** fzstd's streaming decoder as a Node Transform; a stream that ends mid-frame is an error. */
class ZstdStream extends Transform {
  private readonly dec: ZstdDecompress;
  private ended = false;
  constructor() {
    super();
    this.dec = new ZstdDecompress((chunk, final) => {
      // copy: fzstd may hand out views of its window buffer, which it reuses
      if (chunk.length) this.push(Buffer.from(chunk));
      if (final) this.ended = true;
    });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.dec.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      cb();
    } catch (e) {
      cb(new Error(`zstd: ${(e as Error).message}`));
    }
  }
  override _flush(cb: TransformCallback): void {
    try {
      this.dec.push(new Uint8Array(0), true);
    } catch (e) {
      cb(new Error(`unexpected end of data (zstd: ${(e as Error).message})`));
      return;
    }
    cb(this.ended ? undefined : new Error('unexpected end of data (zstd frame incomplete)'));
  }
}
