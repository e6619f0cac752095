// rpm header blobs as stored in every rpmdb backend: a count of index entries (il) and the size of
// the data store (dl), both big-endian, then il entries of {tag, type, offset, count}, then the data.
// See rpm's docs/manual/format.md and hregions.md. Entries after the immutable region ("dribbles")
// override earlier ones, so the last entry of a tag wins.
import { HullscanError } from '../../errors.js';

export const TAG = {
  NAME: 1000, VERSION: 1001, RELEASE: 1002, EPOCH: 1003, SIZE: 1009, VENDOR: 1011, LICENSE: 1014,
  ARCH: 1022, OLDFILENAMES: 1027, SOURCERPM: 1044, DIRINDEXES: 1116, BASENAMES: 1117, DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

const TYPE = { CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

// rpm's own limits (hdrchkTags / hdrchkData in lib/header.c).
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 256 * 1024 * 1024;

export type TagValue = string | string[] | number[];

/** Parses a header blob into tag → value for the tags asked for. Throws INPUT on a malformed blob. */
export function parseHeader(blob: Buffer, wanted: ReadonlySet<number>, subject: string): Map<number, TagValue> {
  const bad = (why: string) => new HullscanError('INPUT', `malformed rpm header: ${why}`, { subject });
  if (blob.length < 8) throw bad('shorter than its 8-byte preamble');
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il < 1 || il > MAX_INDEX_ENTRIES) throw bad(`${il} index entries`);
  if (dl > MAX_DATA_BYTES) throw bad(`${dl} bytes of data`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.length) throw bad(`needs ${dataStart + dl} bytes, has ${blob.length}`);
  const data = blob.subarray(dataStart, dataStart + dl);
  const out = new Map<number, TagValue>();
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = blob.readUInt32BE(e);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(e + 4);
    const offset = blob.readInt32BE(e + 8);
    const count = blob.readUInt32BE(e + 12);
    if (offset < 0 || offset > dl) throw bad(`tag ${tag} points outside the data`);
    out.set(tag, readValue(data, type, offset, count, () => bad(`tag ${tag} overruns the data`)));
  }
  return out;
}

function readValue(data: Buffer, type: number, offset: number, count: number, bad: () => Error): TagValue {
  switch (type) {
    case TYPE.STRING: case TYPE.STRING_ARRAY: case TYPE.I18NSTRING: {
      const n = type === TYPE.STRING ? 1 : count;
      const strings: string[] = [];
      let p = offset;
      for (let i = 0; i < n; i++) {
        const end = data.indexOf(0, p);
        if (end < 0) throw bad();
        strings.push(data.toString('utf8', p, end));
        p = end + 1;
      }
      // I18N strings hold one string per locale; the first is the untranslated one.
      return type === TYPE.STRING_ARRAY ? strings : strings[0]!;
    }
    case TYPE.CHAR: case TYPE.INT8: case TYPE.INT16: case TYPE.INT32: case TYPE.INT64: {
      const size = type === TYPE.INT16 ? 2 : type === TYPE.INT32 ? 4 : type === TYPE.INT64 ? 8 : 1;
      if (offset + count * size > data.length) throw bad();
      const nums: number[] = [];
      for (let i = 0; i < count; i++) {
        const p = offset + i * size;
        nums.push(size === 1 ? data[p]! : size === 2 ? data.readUInt16BE(p) : size === 4 ? data.readUInt32BE(p) : Number(data.readBigUInt64BE(p)));
      }
      return nums;
    }
    default:
      return [];
  }
}

export interface RpmHeaderInfo {
  name: string; version: string; release: string; epoch?: number; arch?: string;
  sourceRpm?: string; license?: string; vendor?: string; size?: number; modularityLabel?: string;
  files: string[];
}

const WANTED = new Set<number>(Object.values(TAG));

const str = (v: TagValue | undefined) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const num = (v: TagValue | undefined) => (Array.isArray(v) && typeof v[0] === 'number' ? v[0] : undefined);
const strs = (v: TagValue | undefined) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : []);

/** The package facts of one header blob. */
export function readRpmHeader(blob: Buffer, subject: string): RpmHeaderInfo {
  const h = parseHeader(blob, WANTED, subject);
  const name = str(h.get(TAG.NAME));
  const version = str(h.get(TAG.VERSION));
  if (!name || version === undefined) throw new HullscanError('INPUT', 'rpm header without NAME or VERSION', { subject });
  let files = strs(h.get(TAG.OLDFILENAMES));
  const basenames = strs(h.get(TAG.BASENAMES));
  if (basenames.length) {
    const dirnames = strs(h.get(TAG.DIRNAMES));
    const dirindexes = h.get(TAG.DIRINDEXES);
    const idx = Array.isArray(dirindexes) ? (dirindexes as number[]) : [];
    files = basenames.map((b, i) => `${dirnames[idx[i] ?? -1] ?? ''}${b}`);
  }
  const info: RpmHeaderInfo = { name, version, release: str(h.get(TAG.RELEASE)) ?? '', files };
  const epoch = num(h.get(TAG.EPOCH));
  if (epoch !== undefined) info.epoch = epoch;
  const optional: [keyof RpmHeaderInfo, number][] = [['arch', TAG.ARCH], ['sourceRpm', TAG.SOURCERPM], ['license', TAG.LICENSE], ['vendor', TAG.VENDOR], ['modularityLabel', TAG.MODULARITYLABEL]];
  for (const [k, tag] of optional) { const v = str(h.get(tag)); if (v) (info as unknown as Record<string, unknown>)[k] = v; }
  const size = num(h.get(TAG.SIZE));
  if (size !== undefined) info.size = size;
  return info;
}

/** "openssl-1.1.1k-7.el8.src.rpm" → { name: openssl, version: 1.1.1k, release: 7.el8 }. */
export function parseSourceRpm(file: string): { name: string; version: string; release: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return m ? { name: m[1]!, version: m[2]!, release: m[3]! } : undefined;
}
