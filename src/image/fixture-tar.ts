// Writing small layer tars and OCI layouts, for tests and the benchmark's generated images:
// fixtures are made by code rather than committed as opaque binaries.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FixtureEntry {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: Buffer | string;
  linkname?: string;
  mode?: number;
}

const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const;

function octal(buf: Buffer, off: number, len: number, v: number): void {
  buf.write(v.toString(8).padStart(len - 1, '0') + '\0', off, len, 'latin1');
}

function header(name: string, size: number, flag: string, linkname: string, mode: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 1767225600);
  h.write(flag, 156, 1, 'latin1');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\u000000', 257, 8, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i]!;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return h;
}

function pad(n: number): Buffer {
  return Buffer.alloc((512 - (n % 512)) % 512);
}

/** The tar bytes of one entry (with a pax header when the name or link is too long for ustar). */
export function tarEntry(e: FixtureEntry): Buffer[] {
  const type = e.type ?? 'file';
  const content = type === 'file' ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
  const linkname = e.linkname ?? '';
  const out: Buffer[] = [];
  if (Buffer.byteLength(e.name) > 99 || Buffer.byteLength(linkname) > 99) {
    let records = '';
    for (const [k, v] of [['path', e.name], ['linkpath', linkname]] as const) {
      if (!v) continue;
      const body = ` ${k}=${v}\n`;
      let len = Buffer.byteLength(body) + 1;
      while (String(len).length + Buffer.byteLength(body) !== len) len++;
      records += len + body;
    }
    const pax = Buffer.from(records);
    out.push(header('PaxHeaders/x', pax.length, 'x', '', 0o644), pax, pad(pax.length));
  }
  out.push(header(e.name.slice(0, 99), content.length, TYPEFLAG[type], linkname.slice(0, 99), e.mode ?? (type === 'dir' ? 0o755 : 0o644)));
  if (content.length) out.push(content, pad(content.length));
  return out;
}

export function* tarChunks(entries: Iterable<FixtureEntry>): Generator<Buffer> {
  for (const e of entries) yield* tarEntry(e);
  yield Buffer.alloc(1024);
}

export function tarBuffer(entries: Iterable<FixtureEntry>): Buffer {
  return Buffer.concat([...tarChunks(entries)]);
}

export function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

export interface FixtureLayer {
  /** The blob as stored (maybe compressed). */
  blob: Buffer;
  /** sha256 of the uncompressed tar. */
  diffId: string;
  mediaType?: string;
}

/** Write an OCI image layout directory holding one image; returns the manifest digest. */
export async function writeOciLayout(dir: string, layers: FixtureLayer[], config: Record<string, unknown> = {}): Promise<string> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = async (data: Buffer): Promise<string> => {
    const d = sha256(data);
    await writeFile(join(dir, 'blobs', 'sha256', d.slice(7)), data);
    return d;
  };
  const cfg = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', ...config,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
  }));
  const cfgDigest = await put(cfg);
  const layerDescs = [];
  for (const l of layers) {
    layerDescs.push({ mediaType: l.mediaType ?? 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await put(l.blob), size: l.blob.length });
  }
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cfgDigest, size: cfg.length },
    layers: layerDescs,
  }));
  const mDigest = await put(manifest);
  await writeFile(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: mDigest, size: manifest.length }],
  }));
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  return mDigest;
}
