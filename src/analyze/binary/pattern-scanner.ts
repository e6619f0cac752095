// A StreamScanner that looks for version strings in a binary without buffering it: each chunk is
// searched together with a short tail of the previous one, so a string split across chunks is still
// seen. Patterns with a literal needle are only run around the needle's hits (Buffer.indexOf is native
// and fast; a regex over a 100 MB node binary is not). The patterns are simple (no nested quantifiers),
// so each search is linear.
import type { StreamScanner } from '../types.js';

const OVERLAP = 512;
const WINDOW_BEFORE = 200;
const WINDOW_AFTER = 300;
const MAX_MATCHES_PER_PATTERN = 64;

export interface VersionPattern {
  re: RegExp;               // global; capture group 1 is what is collected
  /** A literal every match contains, to find candidates fast. */
  needle?: string;
}

export interface ScanResult {
  /** The file's first 4 bytes (ELF magic check), latin1. */
  head: string;
  /** Capture group 1 of every match, per pattern (deduplicated, capped). */
  matches: string[][];
}

function collect(re: RegExp, text: string, set: Set<string>): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m && set.size < MAX_MATCHES_PER_PATTERN; m = re.exec(text)) set.add(m[1]!);
}

/**
 * `isDone(matches)` lets the scanner stop reading early (the walk then skips the rest of the file).
 * `finish()` returns the ScanResult as JSON bytes: that is the FileEntry content the analyzer gets.
 */
export function patternScanner(patterns: VersionPattern[], isDone: (matches: string[][]) => boolean): StreamScanner {
  let tail = Buffer.alloc(0);
  let head = '';
  const found = patterns.map(() => new Set<string>());
  const needles = patterns.map((p) => (p.needle ? Buffer.from(p.needle, 'latin1') : undefined));
  /** Run the patterns around the needle hits that start in [from, to) of `data`. */
  const search = (data: Buffer, from = 0, to = data.length) => patterns.forEach((p, i) => {
    const set = found[i]!;
    if (set.size >= MAX_MATCHES_PER_PATTERN) return;
    const needle = needles[i];
    if (!needle) { collect(p.re, data.toString('latin1'), set); return; }
    for (let at = data.indexOf(needle, from); at >= 0 && at < to && set.size < MAX_MATCHES_PER_PATTERN; at = data.indexOf(needle, at + needle.length)) {
      collect(p.re, data.toString('latin1', Math.max(0, at - WINDOW_BEFORE), Math.min(data.length, at + WINDOW_AFTER)), set);
    }
  });
  return {
    write(chunk: Buffer) {
      if (head.length < 4) head += chunk.subarray(0, 4 - head.length).toString('latin1');
      const needleOnly = needles.every((n) => n !== undefined);
      if (!needleOnly) {
        search(tail.length ? Buffer.concat([tail, chunk]) : chunk);
      } else {
        // The chunk itself, not copied; the hits near its start, which need bytes of the previous
        // chunk before them, are searched in a small joint of the previous tail and this start.
        if (tail.length) search(Buffer.concat([tail, chunk.subarray(0, OVERLAP)]), 0, tail.length + WINDOW_BEFORE);
        search(chunk, tail.length ? WINDOW_BEFORE : 0);
      }
      tail = Buffer.from(chunk.length >= OVERLAP ? chunk.subarray(chunk.length - OVERLAP) : Buffer.concat([tail, chunk]).subarray(-OVERLAP));
      return isDone(found.map((s) => [...s])) ? 'done' : undefined;
    },
    finish() {
      const result: ScanResult = { head, matches: found.map((s) => [...s]) };
      return Buffer.from(JSON.stringify(result));
    },
  };
}

/** Runs a scanner over an in-memory buffer (tests, and files already buffered). */
export function scanBuffer(scanner: StreamScanner, data: Buffer, chunk = 1 << 16): ScanResult {
  for (let off = 0; off < data.length; off += chunk) if (scanner.write(data.subarray(off, off + chunk)) === 'done') break;
  return JSON.parse(scanner.finish().toString()) as ScanResult;
}
