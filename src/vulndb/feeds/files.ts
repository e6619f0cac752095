// File access shared by the feed readers: a cheap head sniff for `detect`, capped whole-file reads, parsing
// that turns bad input into a skip reason instead of an exception.
import { openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FeedItem } from '../model.js';

/** Feed files larger than this are refused (a real osv.dev all.zip for npm is ~200 MB; NVD pages ~20 MB). */
export const MAX_FEED_FILE_BYTES = 1024 * 1024 * 1024;

const HEAD_BYTES = 8192;
let lastHead: { path: string; text: string } | undefined;

/**
 * The first `bytes` (at most 8 KiB) of a file as text. Every reader's `detect` sniffs the same file in turn,
 * so the last file's head is kept and read once.
 */
export function readHead(path: string, bytes = 4096): string {
  if (!lastHead || lastHead.path !== path) {
    let text = '';
    try {
      const fd = openSync(path, 'r');
      try {
        const buf = Buffer.alloc(HEAD_BYTES);
        const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
        text = buf.subarray(0, n).toString('utf8');
      } finally { closeSync(fd); }
    } catch { text = ''; }
    lastHead = { path, text };
  }
  return bytes >= lastHead.text.length ? lastHead.text : lastHead.text.slice(0, bytes);
}

export function extOf(path: string): string {
  const b = basename(path).toLowerCase();
  const i = b.lastIndexOf('.');
  return i < 0 ? '' : b.slice(i + 1);
}

/** Reads a whole feed file, refusing files over the cap. Throws a plain Error; readers turn it into a skip. */
export function readFeedFile(path: string): Buffer {
  const st = statSync(path);
  if (st.size > MAX_FEED_FILE_BYTES) throw new Error(`file is ${st.size} bytes, over the ${MAX_FEED_FILE_BYTES}-byte cap`);
  return readFileSync(path);
}

export function skipped(file: string, reason: string, record?: string): FeedItem {
  return { kind: 'skipped', skipped: record === undefined ? { file, reason } : { file, record, reason } };
}

/** One line of an error message, bounded, for skip reasons. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Parses JSON text; on failure returns the skip reason. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try { return { ok: true, value: JSON.parse(text) }; } catch (e) { return { ok: false, reason: `invalid JSON: ${oneLine(e)}` }; }
}

/** A whole feed file read and parsed as JSON; a read or parse failure is the reason to skip the file. */
export function readJsonFeed(path: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try { text = readFeedFile(path).toString('utf8'); } catch (e) { return { ok: false, reason: oneLine(e) }; }
  return parseJson(text);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function strArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** Dates in the model are ISO strings; YAML may hand us Date objects. */
export function dateStr(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return str(v);
}

/** Every item a reader yields for one path (tests and tools; the build streams instead). */
export async function readAll(reader: { read(path: string): AsyncIterable<FeedItem> }, path: string): Promise<FeedItem[]> {
  const out: FeedItem[] = [];
  for await (const item of reader.read(path)) out.push(item);
  return out;
}

export function advisoriesOf(items: FeedItem[]): import('../model.js').Advisory[] {
  return items.flatMap((i) => (i.kind === 'advisory' ? [i.advisory] : []));
}

export function skippedOf(items: FeedItem[]): import('../model.js').SkippedRecord[] {
  return items.flatMap((i) => (i.kind === 'skipped' ? [i.skipped] : []));
}
