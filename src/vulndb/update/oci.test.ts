import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveRegistryTools, startRegistry, type TestRegistry } from '../../source/registry/test-registry.js';
import { HullscanError } from '../../errors.js';
import { buildDb } from '../build.js';
import { openDb } from '../open.js';
import { pushDbArtifact } from './oci-push.js';
import { publishDb } from './publish.js';
import { updateDb } from './update.js';

const V = '/work/shared/vulndata';
const missing = haveRegistryTools();
const dir = mkdtempSync(join(tmpdir(), 'hullscan-oci-db-'));
const oldDb = join(dir, 'old.db'), newDb = join(dir, 'new.db');
let oldHash = '', newHash = '';
let registry: TestRegistry | undefined;
const hashOf = (p: string) => { const h = openDb(p); try { return h.status().contentHash; } finally { h.close(); } };

before(async () => {
  if (missing) return;
  oldHash = (await buildDb({ from: [`${V}/osv/go/GO-2020-0001.json`, `${V}/osv/go/GO-2020-0003.json`], out: oldDb })).contentHash;
  newHash = (await buildDb({ from: [`${V}/osv/go/GO-2020-0003.json`, `${V}/osv/go/GO-2020-0004.json`], out: newDb })).contentHash;
  await publishDb({ db: newDb, outDir: join(dir, 'pub'), previous: [oldDb] });
  registry = await startRegistry('none');
  await pushDbArtifact(join(dir, 'pub'), `${registry.host}/hullscan/db:1`, { insecure: true });
});
after(async () => { await registry?.stop(); });

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
