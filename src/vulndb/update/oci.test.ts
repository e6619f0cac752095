import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { haveRegistryTools, startRegistry, type TestRegistry } from '../../source/registry/test-registry.js';
import { HullscanError } from '../../errors.js';
import { buildDb } from '../build.js';
import { openDb } from '../open.js';
import { metadataName, type DbMetadata } from './layout.js';
import { pushDbArtifact } from './oci-push.js';
import { publishDb } from './publish.js';
import { startCuttingProxy, type CuttingProxy } from './test-proxy.js';
import { rejectsOneLine } from './test-server.js';
import { updateDb } from './update.js';

const V = '/work/shared/vulndata';
const missing = haveRegistryTools();
const dir = mkdtempSync(join(tmpdir(), 'hullscan-oci-db-'));
const oldDb = join(dir, 'old.db'), newDb = join(dir, 'new.db');
let oldHash = '', newHash = '';
// The resume tests need a blob of some size: a DB of 300 Go advisories (~190 KB brotli-compressed).
const bigDb = join(dir, 'big.db');
let bigHash = '';
let bigFile: DbMetadata['file'];
let registry: TestRegistry | undefined;
let proxy: CuttingProxy | undefined;
const hashOf = (p: string) => { const h = openDb(p); try { return h.status().contentHash; } finally { h.close(); } };

before(async () => {
  if (missing) return;
  oldHash = (await buildDb({ from: [`${V}/osv/go/GO-2020-0001.json`, `${V}/osv/go/GO-2020-0003.json`], out: oldDb })).contentHash;
  newHash = (await buildDb({ from: [`${V}/osv/go/GO-2020-0003.json`, `${V}/osv/go/GO-2020-0004.json`], out: newDb })).contentHash;
  await publishDb({ db: newDb, outDir: join(dir, 'pub'), previous: [oldDb] });
  const go = readdirSync(`${V}/osv/go`).filter((f) => f.endsWith('.json')).sort().slice(0, 300).map((f) => `${V}/osv/go/${f}`);
  bigHash = (await buildDb({ from: go, out: bigDb })).contentHash;
  await publishDb({ db: bigDb, outDir: join(dir, 'pub-big') });
  bigFile = (JSON.parse(readFileSync(join(dir, 'pub-big', metadataName()), 'utf8')) as DbMetadata).file;
  registry = await startRegistry('none');
  await pushDbArtifact(join(dir, 'pub'), `${registry.host}/hullscan/db:1`, { insecure: true });
  await pushDbArtifact(join(dir, 'pub-big'), `${registry.host}/hullscan/db-big:1`, { insecure: true });
  proxy = await startCuttingProxy(registry.host);
});
after(async () => { await proxy?.stop(); await registry?.stop(); });

test('db update from an OCI artifact in a real registry: full, then current, then by delta', { skip: missing }, async () => {
  const reg = { insecure: [registry!.host] };
  const repository = `${registry!.host}/hullscan/db:1`;
  const empty = join(mkdtempSync(join(dir, 'a-')), 'hullscan.db');
  const full = await updateDb({ dbPath: empty, repository, registry: reg });
  assert.equal(full.action, 'full');
  assert.equal(full.source, `oci://${repository}`);
  assert.equal(hashOf(empty), newHash);
  assert.equal((await updateDb({ dbPath: empty, repository, registry: reg })).action, 'current');
  const local = join(mkdtempSync(join(dir, 'b-')), 'hullscan.db');
  copyFileSync(oldDb, local);
  assert.equal(hashOf(local), oldHash);
  const delta = await updateDb({ dbPath: local, repository, registry: reg });
  assert.equal(delta.action, 'delta');
  assert.equal(hashOf(local), newHash);
});

test('an OCI reference that is not a DB artifact, or missing, is one line and leaves the DB', { skip: missing }, async () => {
  const local = join(mkdtempSync(join(dir, 'c-')), 'hullscan.db');
  copyFileSync(oldDb, local);
  await registry!.push('docker-archive:/work/shared/corpus/debian12-pkgdb-2025.docker.tar', 'not/adb:1');
  for (const [repo, re] of [['not/adb:1', /not a hullscan DB artifact/], ['hullscan/db:nope', /./]] as const) {
    await assert.rejects(updateDb({ dbPath: local, repository: `${registry!.host}/${repo}`, registry: { insecure: [registry!.host] } }),
      (e: unknown) => e instanceof HullscanError && re.test(e.message) && !e.message.includes('\n'));
  }
  assert.equal(hashOf(local), oldHash);
});

// --- resuming an interrupted blob download, through a proxy that can cut a response short ---

/** A fresh copy of the old DB as the local one. */
function localWithOld(tag: string): string {
  const local = join(mkdtempSync(join(dir, `${tag}-`)), 'hullscan.db');
  copyFileSync(oldDb, local);
  return local;
}
const viaProxy = () => ({ dbPath: '', repository: `${proxy!.host}/hullscan/db-big:1`, registry: { insecure: [proxy!.host] }, noDelta: true });
const partialOf = (local: string) => `${local}.${bigFile.sha256.slice(0, 16)}.partial`;
/** The proxy's log of GETs of the DB blob (and of its CDN redirect target) since entry `from`. */
const blobGets = (from: number) => proxy!.requests.slice(from).filter((q) => q.method === 'GET' && q.path.includes(`/blobs/sha256:${bigFile.sha256}`));


/** Runs an update that the proxy cuts after `bytes` of the DB blob: one-line error, old DB intact, partial kept. */
async function interruptedAt(local: string, bytes: number): Promise<void> {
  proxy!.cutNext = { pathIncludes: bigFile.sha256, bytes };
  await rejectsOneLine(updateDb({ ...viaProxy(), dbPath: local }), new RegExp(`@sha256:${bigFile.sha256}: download interrupted after ${bytes} of ${bigFile.size} bytes .*run the update again to resume$`));
  assert.equal(hashOf(local), oldHash);
  assert.equal(statSync(partialOf(local)).size, bytes);
}

test('OCI: an interrupted blob download resumes with Range and the second run fetches only the remainder', { skip: missing }, async (t) => {
  const local = localWithOld('resume');
  const half = Math.floor(bigFile.size / 2);
  await interruptedAt(local, half);
  const stale = `${local}.0123456789abcdef.partial`; // an interrupted download of a digest no longer published
  writeFileSync(stale, 'old bytes');
  const mark = proxy!.requests.length;
  const r = await updateDb({ ...viaProxy(), dbPath: local });
  assert.equal(r.action, 'full');
  const gets = blobGets(mark);
  assert.equal(gets.length, 1);
  assert.equal(gets[0]!.range, `bytes=${half}-`);
  assert.equal(gets[0]!.status, 206);
  assert.equal(gets[0]!.bytes, bigFile.size - half);
  t.diagnostic(`resume: first run cut after ${half} bytes, second run fetched ${gets[0]!.bytes} of ${bigFile.size} bytes`);
  assert.equal(hashOf(local), bigHash);
  assert.equal(existsSync(stale), false);
  assert.deepEqual(readdirSync(dirname(local)).sort(), ['hullscan.db', 'hullscan.db.meta.json']); // no partial or temp file left
});

test('OCI: a registry or a redirect target that ignores Range answers 200: the download restarts from zero and is still verified', { skip: missing }, async () => {
  for (const mode of ['ignoreRange', 'redirectBlobsToCdn'] as const) {
    const local = localWithOld(mode);
    await interruptedAt(local, 1000);
    const mark = proxy!.requests.length;
    proxy![mode] = true;
    try {
      assert.equal((await updateDb({ ...viaProxy(), dbPath: local })).action, 'full');
    } finally { proxy![mode] = false; }
    const gets = blobGets(mark);
    const served = gets.at(-1)!;
    assert.equal(served.range, 'bytes=1000-', `${mode}: the client asked to resume`);
    assert.equal(served.status, 200, mode);
    assert.equal(served.bytes, bigFile.size, mode);
    if (mode === 'redirectBlobsToCdn') {
      assert.deepEqual(gets.map((q) => [q.path.startsWith('/cdn/'), q.status]), [[false, 307], [true, 200]]);
    }
    assert.equal(hashOf(local), bigHash, mode);
    assert.equal(existsSync(partialOf(local)), false, mode);
  }
});

test('OCI: a corrupted partial is caught by the blob digest: one line, old DB intact, partial discarded, the next run succeeds', { skip: missing }, async () => {
  const local = localWithOld('corrupt');
  const half = Math.floor(bigFile.size / 2);
  await interruptedAt(local, half);
  const fd = openSync(partialOf(local), 'r+');
  try { writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, 100); } finally { closeSync(fd); } // wrong bytes inside the kept part
  let mark = proxy!.requests.length;
  const e = await rejectsOneLine(updateDb({ ...viaProxy(), dbPath: local }), new RegExp(`@sha256:${bigFile.sha256}: sha256 mismatch: expected ${bigFile.sha256}, got [0-9a-f]{64} \\(resumed from byte ${half}\\); partial download discarded, run the update again$`));
  assert.equal(e.code, 'DIGEST');
  assert.deepEqual(blobGets(mark).map((q) => [q.range, q.status, q.bytes]), [[`bytes=${half}-`, 206, bigFile.size - half]]);
  assert.equal(hashOf(local), oldHash);
  assert.equal(existsSync(partialOf(local)), false);
  mark = proxy!.requests.length;
  assert.equal((await updateDb({ ...viaProxy(), dbPath: local })).action, 'full');
  assert.deepEqual(blobGets(mark).map((q) => [q.range, q.status, q.bytes]), [[undefined, 200, bigFile.size]]);
  assert.equal(hashOf(local), bigHash);
});

test('OCI: a complete, verified partial from a run stopped before the swap is installed without fetching the blob again', { skip: missing }, async () => {
  const local = localWithOld('complete');
  copyFileSync(join(dir, 'pub-big', bigFile.name), partialOf(local));
  const mark = proxy!.requests.length;
  assert.equal((await updateDb({ ...viaProxy(), dbPath: local })).action, 'full');
  assert.deepEqual(blobGets(mark), []);
  assert.equal(hashOf(local), bigHash);
});
