import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { buildDb } from '../build.js';
import { openDb } from '../open.js';
import { metadataName, type DbMetadata } from './layout.js';
import { publishDb } from './publish.js';
import { rejectsOneLine as rejects, startMirror, type TestMirror } from './test-server.js';
import { updateDb } from './update.js';

const V = '/work/shared/vulndata';
const GO = ['GO-2020-0001', 'GO-2020-0003', 'GO-2020-0004', 'GO-2020-0005'].map((g) => `${V}/osv/go/${g}.json`);
const dir = mkdtempSync(join(tmpdir(), 'hullscan-update-'));
const oldDb = join(dir, 'old.db'), newDb = join(dir, 'new.db'), pub = join(dir, 'pub');
let oldHash = '', newHash = '';
let mirror: TestMirror;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function keyPair(name: string): { priv: string; pub: string } {
  const k = generateKeyPairSync('ed25519');
  const priv = join(dir, `${name}.key`), pubKey = join(dir, `${name}.pub`);
  writeFileSync(priv, k.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pubKey, k.publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub: pubKey };
}
const signer = keyPair('signer'), stranger = keyPair('stranger');

/** A fresh copy of the old DB as the local one. */
function localWithOld(): string {
  const d = mkdtempSync(join(dir, 'local-'));
  const p = join(d, 'hullscan.db');
  copyFileSync(oldDb, p);
  return p;
}
function hashOf(path: string): string | undefined {
  const h = openDb(path);
  try { return h.status().contentHash; } finally { h.close(); }
}
/** A copy of the published folder whose metadata `edit` rewrites. */
function variant(edit: (m: DbMetadata, folder: string) => void): string {
  const name = `v${Math.random().toString(36).slice(2)}`;
  const folder = join(pub, name);
  mkdirSync(folder);
  for (const f of readdirSync(pub)) if (statSync(join(pub, f)).isFile()) copyFileSync(join(pub, f), join(folder, f));
  const m = JSON.parse(readFileSync(join(folder, metadataName()), 'utf8')) as DbMetadata;
  edit(m, folder);
  writeFileSync(join(folder, metadataName()), JSON.stringify(m));
  return `${mirror.url}${name}/`;
}

before(async () => {
  oldHash = (await buildDb({ from: [...GO.slice(0, 3), `${V}/alpine/v3.10`], out: oldDb, now: new Date('2025-01-01T00:00:00Z') })).contentHash;
  newHash = (await buildDb({ from: [...GO.slice(1), `${V}/alpine/v3.10`], out: newDb, now: new Date('2025-01-02T00:00:00Z') })).contentHash;
  assert.notEqual(oldHash, newHash);
  await publishDb({ db: newDb, outDir: pub, signKey: signer.priv, previous: [oldDb] });
  mirror = await startMirror(pub);
});
after(() => mirror.stop());

test('publish writes the compressed DB, a delta from the previous DB and signed metadata', () => {
  const m = JSON.parse(readFileSync(join(pub, metadataName()), 'utf8')) as DbMetadata;
  assert.equal(m.contentHash, newHash);
  assert.equal(m.schemaVersion, '2.0');
  assert.equal(m.db.size, statSync(newDb).size);
  assert.equal(m.db.sha256, sha(readFileSync(newDb)));
  assert.equal(m.file.sha256, sha(readFileSync(join(pub, m.file.name))));
  assert.ok(m.file.size < m.db.size / 3, `compressed ${m.file.size} of ${m.db.size}`);
  assert.equal(m.deltas.length, 1);
  assert.equal(m.deltas[0]!.from, oldHash);
  assert.equal(m.signature?.alg, 'ed25519');
});

test('full download into an empty place, then nothing to do when the hash is current', async () => {
  const target = join(mkdtempSync(join(dir, 'empty-')), 'sub', 'hullscan.db');
  const r = await updateDb({ dbPath: target, urls: [mirror.url], publicKey: signer.pub });
  assert.equal(r.action, 'full');
  assert.equal(hashOf(target), newHash);
  assert.deepEqual(readdirSync(join(target, '..')), ['hullscan.db', 'hullscan.db.meta.json']); // no partial or temp file left
  const stale = `${target}.0123456789abcdef.partial`; // an interrupted download of an older publication
  writeFileSync(stale, 'old bytes');
  const before = mirror.requests.length;
  const again = await updateDb({ dbPath: target, urls: [mirror.url] });
  assert.equal(again.action, 'current');
  assert.deepEqual(mirror.requests.slice(before).map((q) => q.path), [metadataName()]);
  assert.equal(existsSync(stale), false, 'a partial of a file no longer published is removed even when nothing is downloaded');
});

test('a delta for the local hash is applied and gives exactly the published content hash', async () => {
  const target = localWithOld();
  const before = mirror.requests.length;
  const r = await updateDb({ dbPath: target, urls: [mirror.url] });
  assert.equal(r.action, 'delta');
  assert.equal(r.previousHash, oldHash);
  assert.equal(hashOf(target), newHash);
  assert.ok(!mirror.requests.slice(before).some((q) => q.path.endsWith('.db.br')), 'the full file was not needed');
  const db = openDb(target);
  try {
    assert.ok(db.advisory('GO-2020-0005'), 'added advisory present');
    assert.equal(db.advisory('GO-2020-0001'), undefined, 'removed advisory gone');
  } finally { db.close(); }
});

test('a corrupt delta falls back to the full file', async () => {
  const url = variant((m, folder) => {
    const bad = brotliCompressSync(Buffer.from(JSON.stringify({ format: 'hullscan-db-delta/1', from: oldHash, to: m.contentHash, builtAt: m.builtAt, removed: [], upserted: [], kevRemoved: [], kevUpserted: [], epssRemoved: [], epssUpserted: [], sources: [], skipped: [] })));
    writeFileSync(join(folder, m.deltas[0]!.name), bad);
    m.deltas[0]!.size = bad.length; m.deltas[0]!.sha256 = sha(bad);
    delete m.signature;
  });
  const target = localWithOld();
  const warnings: string[] = [];
  const r = await updateDb({ dbPath: target, urls: [url], onWarning: (w) => warnings.push(w) });
  assert.equal(r.action, 'full');
  assert.equal(hashOf(target), newHash);
  assert.match(warnings.join('\n'), /delta not applied.*content hash after applying the delta/);
});

test('a local DB of the previous major (1.x layout) takes the full file even when a delta starts from its content hash', async () => {
  const target = localWithOld();
  const w = new Database(target);
  w.prepare("UPDATE metadata SET value = '1.0' WHERE key = 'schema_version'").run();
  w.exec('DROP TABLE bodies'); // 1.x kept advisories whole: no second table to join
  w.close();
  assert.throws(() => openDb(target), /schema 1\.0 is not readable by this hullscan \(reads 2\.x\)/);
  const warnings: string[] = [];
  const r = await updateDb({ dbPath: target, urls: [mirror.url], onWarning: (m) => warnings.push(m) });
  assert.equal(r.action, 'full');
  assert.equal(r.previousHash, oldHash);
  assert.equal(hashOf(target), newHash);
  assert.match(warnings.join('\n'), /delta not applied.*schema 1\.0 is not readable/);
});

test('interrupted download (server closes mid-body): one-line error, old DB intact, then the next run resumes with Range', async () => {
  const target = localWithOld();
  const m = JSON.parse(readFileSync(join(pub, metadataName()), 'utf8')) as DbMetadata;
  const half = Math.floor(m.file.size / 2);
  mirror.cutNext = { suffix: m.file.name, bytes: half };
  await rejects(updateDb({ dbPath: target, urls: [mirror.url], noDelta: true }), /download interrupted after \d+ of \d+ bytes.*resume/);
  assert.equal(hashOf(target), oldHash);
  const partial = `${target}.${m.file.sha256.slice(0, 16)}.partial`;
  assert.equal(statSync(partial).size, half);
  const stale = `${target}.0123456789abcdef.partial`; // left by an interrupted download of an older publication
  writeFileSync(stale, 'old bytes');
  const before = mirror.requests.length;
  const r = await updateDb({ dbPath: target, urls: [mirror.url], noDelta: true });
  assert.equal(r.action, 'full');
  const get = mirror.requests.slice(before).find((q) => q.path === m.file.name)!;
  assert.equal(get.headers.range, `bytes=${half}-`);
  assert.equal(get.status, 206);
  assert.equal(hashOf(target), newHash);
  assert.equal(existsSync(partial), false);
  assert.equal(existsSync(stale), false);
});

test('a server that ignores Range: the download restarts from zero and still verifies', async () => {
  const target = localWithOld();
  const m = JSON.parse(readFileSync(join(pub, metadataName()), 'utf8')) as DbMetadata;
  mirror.cutNext = { suffix: m.file.name, bytes: 1000 };
  await rejects(updateDb({ dbPath: target, urls: [mirror.url], noDelta: true }), /interrupted/);
  mirror.ignoreRange = true;
  try {
    const r = await updateDb({ dbPath: target, urls: [mirror.url], noDelta: true });
    assert.equal(r.action, 'full');
  } finally { mirror.ignoreRange = false; }
  assert.equal(hashOf(target), newHash);
});

test('checksum mismatch: one-line error naming the file, old DB intact, no partial kept', async () => {
  const url = variant((m) => { m.file.sha256 = 'ab'.repeat(32); delete m.signature; });
  const target = localWithOld();
  await rejects(updateDb({ dbPath: target, urls: [url], noDelta: true }), /hullscan-2\.db\.br: sha256 mismatch: expected abab/);
  assert.equal(hashOf(target), oldHash);
  assert.deepEqual(readdirSync(join(target, '..')), ['hullscan.db']);
});

test('signatures: a stranger\'s key, an unsigned metadata and a tampered signed metadata are refused', async () => {
  const target = localWithOld();
  await rejects(updateDb({ dbPath: target, urls: [mirror.url], publicKey: stranger.pub }), /bad signature/);
  const unsigned = variant((m) => { delete m.signature; });
  await rejects(updateDb({ dbPath: target, urls: [unsigned], publicKey: signer.pub }), /not signed but a public key is configured/);
  const tampered = variant((m) => { m.builtAt = '2030-01-01T00:00:00.000Z'; });
  await rejects(updateDb({ dbPath: target, urls: [tampered], publicKey: signer.pub }), /bad signature/);
  assert.equal(hashOf(target), oldHash);
});

test('a DB of another major schema is refused with one line; the local DB stays', async () => {
  const url = variant((m) => { m.schemaVersion = '3.0'; delete m.signature; });
  const target = localWithOld();
  await rejects(updateDb({ dbPath: target, urls: [url] }), /schema 3\.0; this hullscan reads 2\.x .*unchanged/);
  assert.equal(hashOf(target), oldHash);
  // a newer minor is fine
  const minor = variant((m) => { m.schemaVersion = '2.7'; delete m.signature; });
  assert.equal((await updateDb({ dbPath: target, urls: [minor], noDelta: true })).action, 'full');
});

test('corrupt compressed data with a matching sha256: one-line error, old DB intact', async () => {
  const url = variant((m, folder) => {
    const junk = Buffer.from('this is not brotli data at all '.repeat(100));
    writeFileSync(join(folder, m.file.name), junk);
    m.file.size = junk.length; m.file.sha256 = sha(junk);
    delete m.signature;
  });
  const target = localWithOld();
  await rejects(updateDb({ dbPath: target, urls: [url], noDelta: true }), /hullscan-2\.db\.br: corrupt compressed data/);
  assert.equal(hashOf(target), oldHash);
  assert.deepEqual(readdirSync(join(target, '..')), ['hullscan.db']);
});

test('a DB file that decompresses but is not the published one (sha256 of the SQLite file) is refused', async () => {
  const url = variant((m) => { m.db.sha256 = '00'.repeat(32); delete m.signature; });
  const target = localWithOld();
  await rejects(updateDb({ dbPath: target, urls: [url], noDelta: true }), /does not match the published size\/sha256/);
  assert.equal(hashOf(target), oldHash);
});

test('mirrors are tried in order: a dead one and a 404 are skipped', async () => {
  const dead = await startMirror(dir);
  const deadUrl = dead.url;
  await dead.stop();
  const target = localWithOld();
  const warnings: string[] = [];
  const r = await updateDb({ dbPath: target, urls: [deadUrl, `${mirror.url}nowhere/`, mirror.url], noDelta: true, onWarning: (w) => warnings.push(w) });
  assert.equal(r.action, 'full');
  assert.equal(r.source, mirror.url);
  assert.equal(warnings.length, 2);
  await rejects(updateDb({ dbPath: target, urls: [deadUrl, `${mirror.url}nowhere/`] }), /every database source failed .*HTTP 404.*unchanged/);
});

test('HULLSCAN_DB_URL names the mirrors; no source at all is a usage error', async () => {
  const target = localWithOld();
  assert.equal((await updateDb({ dbPath: target, env: { HULLSCAN_DB_URL: ` ${mirror.url} ` } })).action, 'delta');
  await rejects(updateDb({ dbPath: target, env: {} }), /no database source/);
  await rejects(updateDb({ dbPath: target, urls: [mirror.url], offline: true }), /--offline forbids it/);
});

test('one updater at a time: a live lock holder refuses a second update, a stale lock is taken over', async () => {
  const target = localWithOld();
  const lock = `${target}.update.lock`;
  writeFileSync(lock, String(process.ppid)); // a live process that is not us
  await rejects(updateDb({ dbPath: target, urls: [mirror.url] }), /another update \(pid \d+\) is running/);
  assert.equal(hashOf(target), oldHash);
  writeFileSync(lock, '2147483646'); // no such process
  assert.equal((await updateDb({ dbPath: target, urls: [mirror.url] })).action, 'delta');
  assert.equal(existsSync(lock), false);
});
