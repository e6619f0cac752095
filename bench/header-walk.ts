// The floor of a layer walk: tar headers found and data skipped, nothing kept. Used by the benchmark
// as the "nothing else" baseline, so it must stay minimal.
import { Writable } from 'node:stream';

export class TarHeaderWalker extends Writable {
  entries = 0;
  private skip = 0;          // bytes of entry data (padded) still to skip
  private partial: Buffer | undefined;
  private ended = false;

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    let buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = undefined;
    let pos = 0;
    while (!this.ended && pos < buf.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - pos);
        this.skip -= n;
        pos += n;
        continue;
      }
      if (buf.length - pos < 512) {
        this.partial = Buffer.from(buf.subarray(pos));
        break;
      }
      if (buf[pos] === 0) { this.ended = true; break; }
      const size = parseInt(buf.toString('latin1', pos + 124, pos + 136).replace(/\0.*$/, '').trim() || '0', 8);
      this.entries++;
      pos += 512;
      this.skip = Math.ceil(size / 512) * 512;
    }
    buf = Buffer.alloc(0);
    cb();
  }
}
