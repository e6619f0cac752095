import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
import { HullscanError } from '../errors.js';
import { buildDb } from './build.js';
import { exportBundle, importBundle, BUNDLE_METADATA } from './bundle.js';
import { openDb } from './open.js';
import { installedMetadataPath, signMetadata } from './update/layout.js';

const V = '/work/shared/vulndata';
const dir = mkdtempSync(join(tmpdir(), 'hullscan-bundle-test-'));
const src = join(dir, 'src.db'), other = join(dir, 'other.db');
let srcHash = '', otherHash = '';
const k = generateKeyPairSync('ed25519'), k2 = generateKeyPairSync('ed25519');
const priv = join(dir, 'k.pem'), pub = join(dir, 'k.pub'), pub2 = join(dir, 'k2.pub');
writeFileSync(priv, k.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(pub, k.publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(pub2, k2.publicKey.export({ type: 'spki', format: 'pem' }));

const hashOf = (p: string) => { const h = openDb(p); try { return h.status().contentHash; } finally { h.close(); } };
function local(): string {
  const p = join(mkdtempSync(join(dir, 'site-')), 'hullscan.db');
  copyFileSync(other, p);
  return p;
}
async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof HullscanError && re.test(e.message) && !e.message.includes('\n'));
}
/** A tar with the given entries, in order. */
async function tarOf(path: string, entries: [string, Buffer][]): Promise<void> {
  const pack = tar.pack();
  for (const [name, body] of entries) pack.entry({ name, size: body.length }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as AsyncIterable<Buffer>) chunks.push(c);
  writeFileSync(path, Buffer.concat(chunks));
}
async function entriesOf(path: string): Promise<Map<string, Buffer>> {
  const ex = tar.extract();
  const out = new Map<string, Buffer>();
  ex.end(readFileSync(path));
  for await (const e of ex) {
    const parts: Buffer[] = [];
    for await (const c of e as unknown as AsyncIterable<Buffer>) parts.push(c);
    out.set(e.header.name, Buffer.concat(parts));
  }
  return out;
}

before(async () => {
  srcHash = (await buildDb({ from: [`${V}/osv/go/GO-2020-0001.json`, `${V}/osv/go/GO-2020-0003.json`, `${V}/kev`], out: src })).contentHash;
  otherHash = (await buildDb({ from: [`${V}/osv/go/GO-2020-0004.json`], out: other })).contentHash;
});

test('export then import on another site: same content hash, swapped atomically, nothing left behind', async () => {
  const bundle = join(dir, 'plain.tar');
  const m = await exportBundle({ dbPath: src, out: bundle });
  assert.equal(m.contentHash, srcHash);
  assert.equal(m.signature, undefined);
  assert.deepEqual([...(await entriesOf(bundle)).keys()], [BUNDLE_METADATA, 'hullscan.db.br']);
  const site = local();
  await importBundle({ bundle, dbPath: site });
  assert.equal(hashOf(site), srcHash);
  assert.deepEqual(readdirSync(join(site, '..')).sort(), ['hullscan.db', 'hullscan.db.meta.json']);
});

test('signed bundles: the right key imports, another key or no signature is refused and the DB stays', async () => {
  const bundle = join(dir, 'signed.tar');
  const m = await exportBundle({ dbPath: src, out: bundle, signKey: priv, compression: 'gzip' });
  assert.equal(m.signature?.alg, 'ed25519');
  const site = local();
  await rejects(importBundle({ bundle, dbPath: site, publicKey: pub2 }), /bad signature/);
  await rejects(importBundle({ bundle: join(dir, 'plain.tar'), dbPath: site, publicKey: pub }), /not signed/);
  assert.equal(hashOf(site), otherHash);
  await importBundle({ bundle, dbPath: site, publicKey: pub });
  assert.equal(hashOf(site), srcHash);
  // re-exporting the imported DB keeps the original signature (no private key needed at the site)
  const again = join(dir, 'again.tar');
  const m2 = await exportBundle({ dbPath: site, out: again });
  assert.deepEqual(m2.signature, m.signature);
  await importBundle({ bundle: again, dbPath: local(), publicKey: pub });
});

test('a bundle whose DB bytes differ from its metadata, a truncated bundle, a non-tar and a DB-first tar are refused; the DB stays', async () => {
  const good = await entriesOf(join(dir, 'plain.tar'));
  const meta = JSON.parse(good.get(BUNDLE_METADATA)!.toString('utf8'));
  const site = local();
  const swapped = join(dir, 'swapped.tar');
  meta.db.sha256 = 'ff'.repeat(32);
  await tarOf(swapped, [[BUNDLE_METADATA, Buffer.from(JSON.stringify(meta))], ['hullscan.db.br', good.get('hullscan.db.br')!]]);
  await rejects(importBundle({ bundle: swapped, dbPath: site }), /does not match the published size\/sha256/);
  const plain = readFileSync(join(dir, 'plain.tar'));
  const truncated = join(dir, 'truncated.tar');
  writeFileSync(truncated, plain.subarray(0, Math.floor(plain.length / 2)));
  await rejects(importBundle({ bundle: truncated, dbPath: site }), /truncated\.tar/);
  const junk = join(dir, 'junk.tar');
  writeFileSync(junk, 'not a tar file at all\n'.repeat(100));
  await rejects(importBundle({ bundle: junk, dbPath: site }), /junk\.tar: /);
  const dbFirst = join(dir, 'dbfirst.tar');
  await tarOf(dbFirst, [['hullscan.db.br', good.get('hullscan.db.br')!], [BUNDLE_METADATA, good.get(BUNDLE_METADATA)!]]);
  await rejects(importBundle({ bundle: dbFirst, dbPath: site }), /comes before/);
  const major = join(dir, 'major.tar');
  const m2 = JSON.parse(good.get(BUNDLE_METADATA)!.toString('utf8'));
  m2.schemaVersion = '3.1';
  await tarOf(major, [[BUNDLE_METADATA, Buffer.from(JSON.stringify(m2))], ['hullscan.db.br', good.get('hullscan.db.br')!]]);
  await rejects(importBundle({ bundle: major, dbPath: site }), /schema 3\.1; this hullscan reads 2\.x/);
  assert.equal(hashOf(site), otherHash);
  assert.deepEqual(readdirSync(join(site, '..')), ['hullscan.db']);
});

test('saved metadata that no longer describes the DB is not carried into a bundle', async () => {
  const site = local();
  const stale = signMetadata({ format: 'hullscan-db-metadata/1', schemaVersion: '2.0', builtAt: '2020-01-01T00:00:00Z', contentHash: srcHash,
    file: { name: 'x', compression: 'br', size: 1, sha256: '0'.repeat(64) }, db: { size: 1, sha256: '0'.repeat(64) }, deltas: [] }, priv);
  writeFileSync(installedMetadataPath(site), JSON.stringify(stale));
  const m = await exportBundle({ dbPath: site, out: join(dir, 'fresh.tar') });
  assert.equal(m.contentHash, otherHash);
  assert.equal(m.signature, undefined);
});
