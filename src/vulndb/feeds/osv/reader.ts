// OSV records as JSON or YAML files (one record, `{"vulns": [...]}` API responses, or arrays), and osv.dev's
// per-ecosystem all.zip dumps (one JSON record per zip entry, streamed so a large dump never sits in memory whole).
import { createReadStream } from 'node:fs';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { parse as parseYaml } from 'yaml';
import type { FeedItem, FeedReader } from '../../model.js';
import { extOf, isObject, oneLine, parseJson, readFeedFile, readHead, skipped } from '../files.js';
import { convertOsvRecord } from './convert.js';

/** A zip entry bigger than this once inflated is refused (zip bombs); real OSV records are kilobytes. */
const MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024;

function looksLikeOsvJson(head: string): boolean {
  const t = head.trimStart();
  if (/^\{\s*"vulns"\s*:\s*\[/.test(t)) return true;
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  if (/"(@context|vulnStatus|catalogVersion|document|cveMetadata)"\s*:/.test(head)) return false;
  // Keys may come in any order (osv.dev re-serialisations put a long "affected" before "id").
  if (/"(affected|schema_version)"\s*:/.test(head)) return true;
  return /"id"\s*:\s*"/.test(head) && /"(aliases|summary|details)"\s*:/.test(head);
}

function looksLikeOsvYaml(head: string): boolean {
  return /^id:\s*\S/m.test(head) && /^(affected|modified|schema_version):/m.test(head);
}

function* itemsFromRecord(file: string, rec: unknown, where?: string): Generator<FeedItem> {
  const r = convertOsvRecord(rec);
  if ('error' in r) yield skipped(file, r.error, r.id ?? where);
  else yield { kind: 'advisory', advisory: r };
}

function* itemsFromDocument(file: string, doc: unknown): Generator<FeedItem> {
  if (isObject(doc) && Array.isArray(doc.vulns)) {
    let i = 0;
    for (const rec of doc.vulns) yield* itemsFromRecord(file, rec, `vulns[${i++}]`);
  } else if (Array.isArray(doc)) {
    let i = 0;
    for (const rec of doc) yield* itemsFromRecord(file, rec, `[${i++}]`);
  } else yield* itemsFromRecord(file, doc);
}

async function* readZip(file: string): AsyncGenerator<FeedItem> {
  const done: FeedItem[] = [];
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (f: UnzipFile) => {
    const entry = `${file}!${f.name}`;
    if (f.name.endsWith('/')) return;
    if (!f.name.toLowerCase().endsWith('.json')) { done.push(skipped(entry, 'zip entry is not a .json OSV record')); return; }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let refused = false;
    f.ondata = (err, data, final) => {
      if (refused) return;
      if (err) { refused = true; done.push(skipped(entry, `bad zip entry: ${oneLine(err)}`)); return; }
      size += data.length;
      if (size > MAX_ZIP_ENTRY_BYTES) { refused = true; f.terminate(); done.push(skipped(entry, `zip entry inflates past ${MAX_ZIP_ENTRY_BYTES} bytes`)); return; }
      chunks.push(data);
      if (final) {
        const parsed = parseJson(Buffer.concat(chunks).toString('utf8'));
        if (!parsed.ok) done.push(skipped(entry, parsed.reason));
        else for (const item of itemsFromDocument(entry, parsed.value)) done.push(item);
      }
    };
    f.start();
  };
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      unzip.push(chunk as Uint8Array);
      yield* done.splice(0);
    }
    unzip.push(new Uint8Array(0), true);
  } catch (e) {
    done.push(skipped(file, `unreadable zip: ${oneLine(e)}`));
  }
  yield* done.splice(0);
}

export const osvReader: FeedReader = {
  format: 'osv',
  async detect(path) {
    const ext = extOf(path);
    if (ext === 'zip') return readHead(path, 4).startsWith('PK');
    if (ext === 'json') return looksLikeOsvJson(readHead(path, 8192));
    if (ext === 'yaml' || ext === 'yml') return looksLikeOsvYaml(readHead(path, 8192));
    return false;
  },
  async *read(path) {
    const ext = extOf(path);
    if (ext === 'zip') { yield* readZip(path); return; }
    let text: string;
    try { text = readFeedFile(path).toString('utf8'); } catch (e) { yield skipped(path, oneLine(e)); return; }
    if (ext === 'json') {
      const parsed = parseJson(text);
      if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
      yield* itemsFromDocument(path, parsed.value);
      return;
    }
    let doc: unknown;
    try { doc = parseYaml(text, { maxAliasCount: 100 }); } catch (e) { yield skipped(path, `invalid YAML: ${oneLine(e)}`); return; }
    yield* itemsFromDocument(path, doc);
  },
};
