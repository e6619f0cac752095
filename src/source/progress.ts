// Download progress of layer blobs, reported per layer; the CLI draws it on a TTY (src/cli/progress.ts).
import { Transform, type Readable } from 'node:stream';

export interface LayerProgress {
  /** A layer download began; `total` is the blob size when the manifest gives it. */
  start(id: string, total?: number): void;
  advance(id: string, bytes: number): void;
  /** The layer's bytes are all in (or its download failed). */
  done(id: string): void;
  /** The scan is over: the display goes away. */
  finish(): void;
}

/** `stream` passed through unchanged, its bytes counted into `progress` under `id`. */
export function withProgress(stream: Readable, progress: LayerProgress | undefined, id: string, total?: number): Readable {
  if (!progress) return stream;
  progress.start(id, total);
  let ended = false;
  const end = () => { if (!ended) { ended = true; progress.done(id); } };
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) { progress.advance(id, chunk.length); cb(null, chunk); },
    flush(cb) { end(); cb(); },
  });
  counter.on('close', end);
  stream.on('error', (e) => counter.destroy(e));
  return stream.pipe(counter);
}
