// The Go build information blob (`.go.buildinfo`): toolchain version and module list.
// Layout (cmd/link, debug/buildinfo): 14-byte magic, pointer size, flags, then either two pointers
// (Go < 1.18) or, with flag 2, two varint-length-prefixed strings inline (Go >= 1.18).

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
export const BUILDINFO_HEADER_BYTES = 32;
const FLAG_INLINE_STRINGS = 0x2;

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  /** `=>` line: the module that really provides the code. */
  replace?: { path: string; version?: string; sum?: string };
}

export interface GoBuildInfo {
  goVersion: string;        // as written, e.g. go1.19.8
  mainPath?: string;        // `path` line: the main package
  main?: GoModule;          // `mod` line
  deps: GoModule[];         // `dep` lines
  settings: Record<string, string>;
}

export type BuildInfoParse =
  | { kind: 'ok'; info: GoBuildInfo; bytesUsed: number }
  | { kind: 'need-more' }
  | { kind: 'pointer-form' }   // Go < 1.18: strings are elsewhere in the binary
  | { kind: 'invalid'; reason: string };

function readUvarint(buf: Buffer, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/** Parse the blob that starts with the magic. `complete` says no more bytes can follow. */
export function parseBuildInfoBlob(blob: Buffer, complete: boolean, maxStringBytes = 4 * 1024 * 1024): BuildInfoParse {
  if (blob.length < BUILDINFO_HEADER_BYTES) return complete ? { kind: 'invalid', reason: 'truncated build-info header' } : { kind: 'need-more' };
  if (!blob.subarray(0, BUILDINFO_MAGIC.length).equals(BUILDINFO_MAGIC)) return { kind: 'invalid', reason: 'no build-info magic' };
  const flags = blob[15]!;
  if ((flags & FLAG_INLINE_STRINGS) === 0) return { kind: 'pointer-form' };
  const strings: string[] = [];
  let pos = BUILDINFO_HEADER_BYTES;
  for (let i = 0; i < 2; i++) {
    const len = readUvarint(blob, pos);
    if (!len) return complete ? { kind: 'invalid', reason: 'truncated build-info string length' } : { kind: 'need-more' };
    if (len.value > maxStringBytes) return { kind: 'invalid', reason: `build-info string of ${len.value} bytes` };
    if (len.next + len.value > blob.length) return complete ? { kind: 'invalid', reason: 'truncated build-info string' } : { kind: 'need-more' };
    strings.push(blob.toString('utf8', len.next, len.next + len.value));
    pos = len.next + len.value;
  }
  const goVersion = strings[0]!;
  if (!/^(go\d|devel )/.test(goVersion)) return { kind: 'invalid', reason: `unexpected Go version ${JSON.stringify(goVersion.slice(0, 40))}` };
  return { kind: 'ok', info: { goVersion, ...parseModInfo(strings[1]!) }, bytesUsed: pos };
}

/** The module-info text of `go version -m`, without or with its 16-byte sentinels. */
export function parseModInfo(raw: string): Omit<GoBuildInfo, 'goVersion'> {
  let text = raw;
  // runtime/debug wraps modinfo in two 16-byte binary sentinels; the text ends with '\n' before the second.
  if (text.length >= 33 && text[text.length - 17] === '\n') text = text.slice(16, -16);
  const result: Omit<GoBuildInfo, 'goVersion'> = { deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path': result.mainPath = f[1]; break;
      case 'mod': last = result.main = moduleOf(f); break;
      case 'dep': last = moduleOf(f); result.deps.push(last); break;
      case '=>':
        if (last) last.replace = { path: f[1] ?? '', ...(f[2] ? { version: f[2] } : {}), ...(f[3] ? { sum: f[3] } : {}) };
        break;
      case 'build': {
        const eq = (f[1] ?? '').indexOf('=');
        if (eq > 0) result.settings[f[1]!.slice(0, eq)] = f[1]!.slice(eq + 1);
        else if (f[1]) result.settings[f[1]] = '';
        break;
      }
    }
  }
  return result;
}

function moduleOf(f: string[]): GoModule {
  return { path: f[1] ?? '', version: f[2] ?? '', ...(f[3] ? { sum: f[3] } : {}) };
}

/**
 * The toolchain version as the Go vulnerability database spells it: go1.19.8 -> 1.19.8,
 * go1.20 -> 1.20.0, go1.21rc2 -> 1.21.0-rc.2. Undefined for devel builds.
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(beta|rc)(\d+))?(?:[ -].*)?$/.exec(goVersion.trim());
  if (!m) return undefined;
  const core = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  return m[4] ? `${core}-${m[4]}.${m[5]}` : core;
}
