// Pushes a published folder to a registry as the DB artifact (OCI distribution: monolithic blob uploads, then
// the manifest). Plain HTTP or HTTPS, anonymous or basic auth: enough for a company mirror or a test registry.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { HullscanError } from '../../errors.js';
import { parseMetadata, metadataName } from './layout.js';
import { artifactManifest } from './oci.js';

export interface PushOptions { insecure?: boolean; username?: string; password?: string }

/** `target` is host[:port]/repo:tag. Returns the manifest digest. */
export async function pushDbArtifact(dir: string, target: string, opts: PushOptions = {}): Promise<string> {
  const m = /^([^/]+)\/(.+):([^:/]+)$/.exec(target);
  if (!m) throw new HullscanError('USAGE', 'expected host/repository:tag', { subject: target });
  const [, host, repo, tag] = m as unknown as [string, string, string, string];
  const base = `${opts.insecure ? 'http' : 'https'}://${host}/v2/${repo}`;
  const auth: Record<string, string> = opts.username ? { authorization: `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}` } : {};
  const metaBytes = readFileSync(join(dir, metadataName()));
  const meta = parseMetadata(metaBytes, join(dir, metadataName()));
  const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const put = async (data: Buffer, digest: string) => {
    const head = await request(`${base}/blobs/${digest}`, { method: 'HEAD', headers: auth });
    await head.body.dump();
    if (head.statusCode === 200) return;
    const start = await request(`${base}/blobs/uploads/`, { method: 'POST', headers: auth });
    await start.body.dump();
    if (start.statusCode !== 202) throw new HullscanError('NETWORK', `blob upload refused: HTTP ${start.statusCode}`, { subject: target });
    const loc = new URL(String(start.headers.location), `${base}/`);
    loc.searchParams.set('digest', digest);
    const done = await request(loc.href, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream', 'content-length': String(data.length) }, body: data });
    await done.body.dump();
    if (done.statusCode !== 201) throw new HullscanError('NETWORK', `blob upload failed: HTTP ${done.statusCode}`, { subject: target });
  };
  const metaDigest = sha(metaBytes);
  await put(metaBytes, metaDigest);
  const files = [{ file: meta.file, delta: false }, ...meta.deltas.map((d) => ({ file: d, delta: true }))];
  for (const { file } of files) await put(readFileSync(join(dir, file.name)), `sha256:${file.sha256}`);
  const manifest = Buffer.from(JSON.stringify(artifactManifest(metaBytes, metaDigest, files)));
  const res = await request(`${base}/manifests/${tag}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  await res.body.dump();
  if (res.statusCode !== 201) throw new HullscanError('NETWORK', `manifest upload failed: HTTP ${res.statusCode}`, { subject: target });
  return sha(manifest);
}
