// The packed form of one package's affected rows (the `affected.rows` blob). A lookup decodes a whole blob,
// and at full scale or for packages like Debian's `linux` (thousands of rows) JSON parsing dominated it:
// every row repeated its keys, its ecosystem and package, its feed name and its severity object.
// Here every distinct string of the blob is stored once; a row is a list of (field tag, string index) pairs,
// with the common shapes (version lists, OSV ranges) spelled out and anything else kept as JSON text.
//
// Layout (unsigned LEB128 varints):
//   stringCount, the strings' UTF-8 byte length, then per string its length in UTF-16 units; then the strings'
//   UTF-8 bytes, concatenated (decoded with one call and cut by those lengths);
//   rowCount, then per row: advisory rid, then fields (tag, value ...) in the row's own key order, ending with END.
import type { AffectedRow, AlreadyFixed } from './model.js';

const END = 0;
/** A string field: tag, string index. */
const STRING_FIELDS = ['ecosystem', 'package', 'advisoryId', 'source', 'status', 'fixedVersion', 'module', 'informational', 'purl', 'channel'] as const;
const STRING_TAG_BASE = 1; // tags 1..10
const TAG_TRUE = 11;       // tag, key index: a boolean true (`binary`)
const TAG_FALSE = 12;      // tag, key index: a boolean false
const TAG_VERSIONS = 13;   // tag, count, string indexes
const TAG_RANGES = 14;     // tag, count, per range: type index, event count, per event: kind, version index
const TAG_JSON = 15;       // tag, key index, index of the value's JSON text (severity, symbols, requirements, others)

const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
const STRING_TAG = new Map<string, number>(STRING_FIELDS.map((f, i) => [f, STRING_TAG_BASE + i]));

/** One row to pack and the row id of its advisory. */
export interface PackedRowInput { row: AffectedRow; rid: number }

class Writer {
  private bytes: number[] = [];
  varint(n: number): void {
    while (n >= 0x80) { this.bytes.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
    this.bytes.push(n);
  }
  out(): Buffer { return Buffer.from(this.bytes); }
}

function isPlainRanges(v: unknown): v is { type: string; events: Record<string, string>[] }[] {
  if (!Array.isArray(v)) return false;
  return v.every((r) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) return false;
    const keys = Object.keys(r);
    if (keys.length !== 2 || keys[0] !== 'type' || keys[1] !== 'events' || typeof r.type !== 'string' || !Array.isArray(r.events)) return false;
    return (r.events as unknown[]).every((e) => {
      if (!e || typeof e !== 'object') return false;
      const k = Object.keys(e);
      return k.length === 1 && (EVENT_KINDS as readonly string[]).includes(k[0]!) && typeof (e as Record<string, unknown>)[k[0]!] === 'string';
    });
  });
}

/** Packs rows (in the order given) into one blob. Deterministic: the same rows give the same bytes. */
export function encodeRows(rows: PackedRowInput[]): Buffer {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); index.set(s, i); }
    return i;
  };
  const body = new Writer();
  body.varint(rows.length);
  for (const { row, rid } of rows) {
    body.varint(rid);
    for (const [key, value] of Object.entries(row)) {
      if (value === undefined) continue; // as JSON would drop it
      const tag = STRING_TAG.get(key);
      if (tag !== undefined && typeof value === 'string') { body.varint(tag); body.varint(str(value)); continue; }
      if (typeof value === 'boolean') { body.varint(value ? TAG_TRUE : TAG_FALSE); body.varint(str(key)); continue; }
      if (key === 'versions' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        body.varint(TAG_VERSIONS); body.varint(value.length);
        for (const v of value as string[]) body.varint(str(v));
        continue;
      }
      if (key === 'ranges' && isPlainRanges(value)) {
        body.varint(TAG_RANGES); body.varint(value.length);
        for (const r of value) {
          body.varint(str(r.type)); body.varint(r.events.length);
          for (const e of r.events) {
            const kind = Object.keys(e)[0]!;
            body.varint(EVENT_KINDS.indexOf(kind as typeof EVENT_KINDS[number])); body.varint(str(e[kind]!));
          }
        }
        continue;
      }
      body.varint(TAG_JSON); body.varint(str(key)); body.varint(str(JSON.stringify(value)));
    }
    body.varint(END);
  }
  const text = Buffer.from(strings.join(''), 'utf8');
  const head = new Writer();
  head.varint(strings.length);
  head.varint(text.length);
  for (const s of strings) head.varint(s.length);
  return Buffer.concat([head.out(), text, body.out()]);
}

/** Rows of a blob with, per row, the row id of its advisory. */
export interface DecodedRows { rows: AffectedRow[]; rids: number[] }

/** Reads varints and string references off a blob; methods rather than closures so they stay cheap. */
class Cursor {
  pos = 0;
  /** The binary flag of the row `soleFix` last read. */
  binary = false;
  private text = '';
  /** Where each string starts in `text` (one more entry: the end). */
  private starts: Int32Array = new Int32Array(1);
  /** Strings cut out of `text` so far: only those some kept row, or the filter, reads. */
  private cut: (string | undefined)[] = [];
  private parsed: Map<number, unknown> | undefined;
  constructor(private readonly buf: Buffer) {}

  setStrings(text: string, starts: Int32Array): void {
    this.text = text;
    this.starts = starts;
    this.cut = new Array<string | undefined>(starts.length - 1);
  }

  get stringCount(): number { return this.starts.length - 1; }

  /** A string index, checked. */
  index(): number {
    const i = this.varint();
    if (i >= this.stringCount) throw new Error('packed rows: string index out of range');
    return i;
  }

  stringAt(i: number): string {
    return this.cut[i] ??= this.text.slice(this.starts[i]!, this.starts[i + 1]!);
  }

  varint(): number {
    const buf = this.buf;
    if (this.pos >= buf.length) throw new Error('packed rows end early');
    const first = buf[this.pos++]!;
    if (first < 0x80) return first;
    let n = first & 0x7f, mul = 128, b: number;
    do {
      if (this.pos >= buf.length) throw new Error('packed rows end early');
      b = buf[this.pos++]!;
      n += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return n;
  }

  string(): string {
    return this.stringAt(this.index());
  }

  /** A JSON value, parsed once per blob however many rows share it. */
  json(): unknown {
    const i = this.index();
    const text = this.stringAt(i);
    this.parsed ??= new Map();
    if (this.parsed.has(i)) return this.parsed.get(i);
    const v = JSON.parse(text) as unknown;
    this.parsed.set(i, v);
    return v;
  }
}

function decodeEvent(kind: number, v: string): unknown {
  switch (kind) {
    case 0: return { introduced: v };
    case 1: return { fixed: v };
    case 2: return { last_affected: v };
    case 3: return { limit: v };
    default: throw new Error(`packed rows: unknown event kind ${kind}`);
  }
}

/**
 * Unpacks a blob written by `encodeRows`. Values that repeat within the blob (feed names, severity objects,
 * fix versions) are decoded once and shared between the rows. Throws on a malformed blob.
 * With `alreadyFixed`, rows whose only statement is a fix (a distro `fixed` status with its version and
 * nothing else to evaluate, or one OSV range `introduced 0, fixed X` and no version list) are left out
 * without being built when it says so: most rows of a package were fixed below the installed version,
 * and building them was most of a matcher's allocation.
 */
export function decodeRows(buf: Buffer, alreadyFixed?: AlreadyFixed): DecodedRows {
  const c = new Cursor(buf);
  const count = c.varint();
  const textBytes = c.varint();
  if (count > buf.length) throw new Error('packed rows: string section too short');
  const starts = new Int32Array(count + 1);
  let total = 0;
  for (let i = 0; i < count; i++) { starts[i] = total; total += c.varint(); }
  starts[count] = total;
  if (c.pos + textBytes > buf.length) throw new Error('packed rows: string section too short');
  const text = buf.toString('utf8', c.pos, c.pos + textBytes);
  if (text.length !== total) throw new Error('packed rows: string lengths do not add up');
  c.pos += textBytes;
  c.setStrings(text, starts);
  const n = c.varint();
  const rows: AffectedRow[] = [];
  const rids: number[] = [];
  // alreadyFixed's answer per (fix string, binary flag): 0 not asked yet, 1 settled, 2 may apply.
  // Rows of one package repeat their fix versions (many CVEs fixed in one release).
  const verdicts = alreadyFixed ? new Uint8Array(count * 2) : undefined;
  for (let r = 0; r < n; r++) {
    const rid = c.varint();
    if (alreadyFixed && verdicts) {
      const start = c.pos;
      const fix = soleFix(c);
      if (fix >= 0) {
        const k = fix * 2 + (c.binary ? 1 : 0);
        if (verdicts[k] === 0) verdicts[k] = alreadyFixed(c.stringAt(fix), c.binary) ? 1 : 2;
        if (verdicts[k] === 1) continue;
      }
      c.pos = start;
    }
    rows.push(readRow(c));
    rids.push(rid);
  }
  return { rows, rids };
}

function readRow(c: Cursor): AffectedRow {
  const row: Record<string, unknown> = {};
  for (let tag = c.varint(); tag !== END; tag = c.varint()) {
    if (tag < TAG_TRUE) {
      const field = STRING_FIELDS[tag - STRING_TAG_BASE];
      if (!field) throw new Error(`packed rows: unknown tag ${tag}`);
      row[field] = c.string();
    } else if (tag === TAG_RANGES) {
      const k = c.varint();
      const ranges = new Array<unknown>(k);
      for (let i = 0; i < k; i++) {
        const type = c.string();
        const m = c.varint();
        const events = new Array<unknown>(m);
        for (let j = 0; j < m; j++) { const kind = c.varint(); events[j] = decodeEvent(kind, c.string()); }
        ranges[i] = { type, events };
      }
      row.ranges = ranges;
    } else if (tag === TAG_VERSIONS) {
      const k = c.varint();
      const versions = new Array<string>(k);
      for (let i = 0; i < k; i++) versions[i] = c.string();
      row.versions = versions;
    } else if (tag === TAG_JSON) {
      const key = c.string();
      row[key] = c.json();
    } else if (tag === TAG_TRUE) row[c.string()] = true;
    else if (tag === TAG_FALSE) row[c.string()] = false;
    else throw new Error(`packed rows: unknown tag ${tag}`);
  }
  return row as unknown as AffectedRow;
}

/**
 * Reads a row's fields without building anything, leaving the cursor after the row: the string index of
 * the version it is fixed in when that is all the row says (see decodeRows), else -1; `c.binary` gets its
 * binary flag. Strings are read by index, so a row left out costs no string.
 */
function soleFix(c: Cursor): number {
  let status: string | undefined, fixedVersion = -1, rangeFix = -1;
  // `open`: something else can make the row apply (a version list, requirements, a status that is not a string)
  let ranges = false, open = false;
  c.binary = false;
  for (let tag = c.varint(); tag !== END; tag = c.varint()) {
    if (tag < TAG_TRUE) {
      const field = STRING_FIELDS[tag - STRING_TAG_BASE];
      if (!field) throw new Error(`packed rows: unknown tag ${tag}`);
      const i = c.index();
      if (field === 'status') status = c.stringAt(i);
      else if (field === 'fixedVersion') fixedVersion = i;
    } else if (tag === TAG_RANGES) {
      ranges = true;
      const k = c.varint();
      for (let i = 0; i < k; i++) {
        const type = c.string();
        const plain = k === 1 && type !== 'GIT';
        const m = c.varint();
        for (let j = 0; j < m; j++) {
          const kind = c.varint();
          const v = c.index();
          if (kind > 3) throw new Error(`packed rows: unknown event kind ${kind}`);
          // introduced "0", then fixed X: affected exactly below X
          if (!plain || m !== 2) continue;
          if (j === 0 && (kind !== 0 || c.stringAt(v) !== '0')) open = true;
          else if (j === 1) { if (kind === 1) rangeFix = v; else open = true; }
        }
      }
    } else if (tag === TAG_VERSIONS) {
      open = true;
      const k = c.varint();
      for (let i = 0; i < k; i++) c.index();
    } else if (tag === TAG_JSON) {
      const key = c.string();
      c.index();
      if (key === 'ranges') ranges = true;
      else if (key === 'versions' || key === 'requirements' || key === 'status' || key === 'fixedVersion') open = true;
    } else if (tag === TAG_TRUE || tag === TAG_FALSE) {
      if (c.string() === 'binary') c.binary = tag === TAG_TRUE;
    } else throw new Error(`packed rows: unknown tag ${tag}`);
  }
  if (open) return -1;
  if (status === 'fixed' && fixedVersion >= 0 && !ranges) return fixedVersion;
  if (status === undefined && fixedVersion < 0 && rangeFix >= 0) return rangeFix;
  return -1;
}
