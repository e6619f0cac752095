// Streams one Java archive, and when it ends, reads it (the zip directory sits at the end) and keeps only
// the identities found in it and in its nested archives. The archive's bytes live only while it streams,
// so an image with a thousand jars never holds more than one of them.
import type { StreamScanner } from '../types.js';
import { walkJavaArchive, type FoundArchive } from './archive.js';

/** Archives larger than this are not read (fat jars beyond it are reported with a warning). */
export const JAVA_ARCHIVE_MAX_BYTES = 256 * 1024 * 1024;

export interface JavaArchiveScan {
  archives: FoundArchive[];
  warnings: string[];
}

const OUTPUT_TAG = Buffer.from('hullscan-java-scan-v1\n');

export class JavaArchiveScanner implements StreamScanner {
  private buf: Buffer;
  private size = 0;
  private tooLarge: boolean;

  constructor(private readonly path: string, expectedSize: number) {
    this.tooLarge = expectedSize > JAVA_ARCHIVE_MAX_BYTES;
    this.buf = Buffer.allocUnsafe(this.tooLarge ? 0 : expectedSize);
  }

  write(chunk: Buffer): void | 'done' {
    if (this.tooLarge) return 'done';
    if (this.size + chunk.length > JAVA_ARCHIVE_MAX_BYTES) { this.tooLarge = true; this.buf = Buffer.alloc(0); return 'done'; }
    if (this.size + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.size + chunk.length, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.size));
      this.buf = grown;
    }
    this.buf.set(chunk, this.size); // copy (TypedArray.set is the fast path): the walk reuses its chunks
    this.size += chunk.length;
    return undefined;
  }

  finish(): Buffer {
    const result: JavaArchiveScan = { archives: [], warnings: [] };
    if (this.tooLarge) result.warnings.push(`${this.path}: larger than ${JAVA_ARCHIVE_MAX_BYTES} bytes; skipped`);
    else result.archives = walkJavaArchive(this.buf.subarray(0, this.size), this.path, (m) => result.warnings.push(m));
    this.buf = Buffer.alloc(0);
    return Buffer.concat([OUTPUT_TAG, Buffer.from(JSON.stringify(result))]);
  }
}

/** Decode the scanner's output, or read raw archive bytes (a walk or test that handed over the file itself). */
export function readJavaArchiveScan(content: Buffer, path: string): JavaArchiveScan {
  if (content.subarray(0, OUTPUT_TAG.length).equals(OUTPUT_TAG)) return JSON.parse(content.toString('utf8', OUTPUT_TAG.length)) as JavaArchiveScan;
  const warnings: string[] = [];
  return { archives: walkJavaArchive(content, path, (m) => warnings.push(m)), warnings };
}
