// Collects chosen byte ranges of a stream as it passes by, so a scanner keeps only what it needs.

export class RangeCapture {
  private readonly parts: Buffer[] = [];
  private have = 0;

  constructor(readonly start: number, readonly end: number) {}

  get complete(): boolean { return this.have >= this.end - this.start; }

  /** Offer the stream chunk that begins at absolute offset `at`. */
  offer(chunk: Buffer, at: number): void {
    const from = Math.max(this.start + this.have, at);
    const to = Math.min(this.end, at + chunk.length);
    if (to <= from) return;
    this.parts.push(Buffer.from(chunk.subarray(from - at, to - at))); // copy: the walk may reuse chunks
    this.have = to - this.start;
  }

  bytes(): Buffer { return Buffer.concat(this.parts); }
}
