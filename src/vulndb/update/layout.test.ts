import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HullscanError } from '../../errors.js';
import { METADATA_FORMAT, parseMetadata, signedBytes, signMetadata, verifyMetadata, type DbMetadata } from './layout.js';

const good: DbMetadata = {
  format: METADATA_FORMAT, schemaVersion: '1.0', builtAt: '2025-01-01T00:00:00.000Z', contentHash: `sha256:${'a'.repeat(64)}`,
  file: { name: 'hullscan-1.db.br', compression: 'br', size: 10, sha256: 'b'.repeat(64) },
  db: { size: 20, sha256: 'c'.repeat(64) }, deltas: [],
};
const parse = (m: unknown) => parseMetadata(Buffer.from(typeof m === 'string' ? m : JSON.stringify(m)), 'meta.json');

test('metadata from a mirror is shape-checked: names stay in the folder, sizes are bounded, hashes are hex', () => {
  assert.deepEqual(parse(good), good);
  const bad: [unknown, RegExp][] = [
    ['{"format":', /meta\.json: metadata is not valid JSON/],
    [{ ...good, format: 'x' }, /not hullscan DB metadata \(format\)/],
    [{ ...good, file: { ...good.file, name: '../../etc/passwd' } }, /\(file\)/],
    [{ ...good, file: { ...good.file, name: 'https://evil.example/db.br' } }, /\(file\)/],
    [{ ...good, file: { ...good.file, compression: 'xz' } }, /\(file\)/],
    [{ ...good, file: { ...good.file, size: -1 } }, /\(file\)/],
    [{ ...good, db: { ...good.db, size: 2 ** 40 } }, /\(db\)/],
    [{ ...good, contentHash: 'md5:abc' }, /\(contentHash\)/],
    [{ ...good, schemaVersion: '1' }, /\(schemaVersion\)/],
    [{ ...good, deltas: [{ ...good.file, name: 'd/x' , from: 'sha256:x' }] }, /\(deltas\)/],
  ];
  for (const [m, re] of bad) {
    assert.throws(() => parse(m), (e: unknown) => e instanceof HullscanError && re.test(e.message) && !e.message.includes('\n'), JSON.stringify(m).slice(0, 80));
  }
  assert.throws(() => parseMetadata(Buffer.alloc(2 * 1024 * 1024, 32), 'big.json'), /larger than/);
});

test('the signature covers every field, in any key order; RSA keys and junk key files are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-layout-'));
  const k = generateKeyPairSync('ed25519');
  const priv = join(dir, 'k'), pub = join(dir, 'k.pub');
  writeFileSync(priv, k.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, k.publicKey.export({ type: 'spki', format: 'pem' }));
  const signed = signMetadata(good, priv);
  verifyMetadata(signed, pub, 'm');
  const reordered = JSON.parse(JSON.stringify({ deltas: signed.deltas, signature: signed.signature, db: signed.db, file: signed.file, contentHash: signed.contentHash, builtAt: signed.builtAt, schemaVersion: signed.schemaVersion, format: signed.format }));
  verifyMetadata(reordered, pub, 'm');
  assert.deepEqual(signedBytes(reordered), signedBytes(good));
  for (const edit of [{ db: { ...good.db, size: 21 } }, { deltas: [{ ...good.file, from: good.contentHash }] }, { schemaVersion: '1.1' }]) {
    assert.throws(() => verifyMetadata({ ...signed, ...edit } as DbMetadata, pub, 'm'), /m: bad signature/);
  }
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  writeFileSync(join(dir, 'rsa.pub'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
  assert.throws(() => verifyMetadata(signed, join(dir, 'rsa.pub'), 'm'), /public key is rsa, expected ed25519/);
  writeFileSync(join(dir, 'junk.pub'), 'hello');
  assert.throws(() => verifyMetadata(signed, join(dir, 'junk.pub'), 'm'), /junk\.pub: not a PEM public key/);
});
