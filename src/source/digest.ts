// Digest checks on streamed bytes: hash in the same pass that reads, compare at the end.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { HullscanError } from '../errors.js';

const SHA256 = /^sha256:[0-9a-f]{64}$/;

export function isSha256Digest(d: unknown): d is string {
  return typeof d === 'string' && SHA256.test(d);
}

export function sha256Digest(data: Buffer): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** Check an in-memory blob (config, manifest) against its digest. */
export function verifyBlob(data: Buffer, expected: string, what: string, subject: string): void {
  const actual = sha256Digest(data);
  if (actual !== expected) {
    throw new HullscanError('DIGEST', `digest mismatch for ${what}: expected ${expected}, got ${actual}`, { subject });
  }
}

/**
 * Pass bytes through unchanged while hashing them; at the end, fail the stream with a DIGEST error
 * when the hash differs from `expected`. `onDigest` sees the computed digest either way.
 */
export class DigestVerifier extends Transform {
  private readonly hash = createHash('sha256');
  constructor(private readonly expected: string | undefined, private readonly what: string,
    private readonly subject: string, private readonly onDigest?: (digest: string) => void) {
    super({ highWaterMark: 1024 * 1024 });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    const actual = 'sha256:' + this.hash.digest('hex');
    this.onDigest?.(actual);
    if (this.expected && actual !== this.expected) {
      cb(new HullscanError('DIGEST', `digest mismatch for ${this.what}: expected ${this.expected}, got ${actual}`, { subject: this.subject }));
    } else {
      cb();
    }
  }
}
