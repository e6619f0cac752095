// The rpm cataloger on real rpm databases built by testdata/rpm/build.sh (rpmbuild + rpm --justdb,
// Berkeley DB files written by libdb's db_load, ndb after rpm's rpmpkg.c), against rpm -qa.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirImage, runOn, tempDir } from '../../inventory/testing/corpus.js';
import type { Package } from '../../inventory/model.js';
import { isHullscanError } from '../../errors.js';
import { rpmAnalyzer } from './rpm.js';
import { readBdbRpmdb } from './bdb.js';
import { readNdbRpmdb } from './ndb.js';
import { readSqliteRpmdb } from './sqlite.js';
import { parseHeader, parseSourceRpm, readRpmHeader } from './header.js';

const FIXTURES = new URL('../../../testdata/rpm/rpmdb-fixtures.tar.gz', import.meta.url).pathname;
const t = tempDir();
execFileSync('tar', ['-xzf', FIXTURES, '-C', t.dir]);
process.on('exit', () => t.cleanup());

const expected = readFileSync(join(t.dir, 'expected.tsv'), 'utf8').split('\n').filter(Boolean).sort();
const row = (p: Package) => [p.name, p.version, p.arch ?? '', String(p.metadata?.sourceRpm ?? ''), p.licenses.join(' '), String(p.metadata?.modularityLabel ?? '')].join('\t');
const hasRpm = (() => { try { execFileSync('rpm', ['--version']); return true; } catch { return false; } })();

async function inventory(format: string): Promise<Package[]> {
  const root = join(t.dir, format);
  if (format !== 'sqlite') writeFileSync(join(root, 'etc/os-release'), readFileSync(join(t.dir, 'sqlite/etc/os-release')));
  const facts = await runOn(rpmAnalyzer, dirImage(root));
  assert.deepEqual(facts.warned, [], `${format}: no warnings`);
  return facts.packages!;
}

test('the committed fixture is what rpm itself reads (rpm -qa on the sqlite database)', { skip: hasRpm ? false : 'rpm is not installed' }, () => {
  const out = execFileSync('rpm', ['--dbpath', join(t.dir, 'sqlite/var/lib/rpm'), '-qa', '--qf',
    '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\t%|MODULARITYLABEL?{%{MODULARITYLABEL}}:{}|\\n'],
  { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  assert.deepEqual(out.split('\n').filter(Boolean).sort(), expected);
});

for (const format of ['sqlite', 'bdb', 'bdb-be', 'ndb']) {
  test(`${format}: every package rpm -qa lists, nothing more`, async () => {
    const pkgs = await inventory(format);
    assert.equal(pkgs.length, 33);
    assert.deepEqual(pkgs.map(row).sort(), expected);
  });
}

test('identical inventories across the three formats, files and purls included', async () => {
  const norm = (ps: Package[]) => ps.map((p) => ({ ...p, locations: [] })).sort((a, b) => a.name.localeCompare(b.name));
  const sqlite = norm(await inventory('sqlite'));
  for (const f of ['bdb', 'bdb-be', 'ndb']) assert.deepEqual(norm(await inventory(f)), sqlite, f);
});

test('package details: epoch, source, files, modularity label, purl', async () => {
  const pkgs = await inventory('bdb');
  const demo = pkgs.find((p) => p.name === 'hullscan-demo')!;
  assert.equal(demo.version, '2:1.2.3-4.el9');
  assert.deepEqual(demo.source, { name: 'hullscan-demo', version: '2:1.2.3-4.el9' });
  assert.deepEqual(demo.files, ['/etc/hullscan/demo.conf', '/usr/bin/hullscan-demo']);
  assert.equal(demo.purl, 'pkg:rpm/rocky/hullscan-demo@1.2.3-4.el9?arch=x86_64&distro=rocky-9.3&epoch=2&upstream=hullscan-demo-1.2.3-4.el9.src.rpm');
  assert.equal(demo.metadata?.modularityLabel, 'hullscan:1:20260101:abcdef');
  assert.equal(demo.locations[0]!.path, '/var/lib/rpm/Packages');
  const lib = pkgs.find((p) => p.name === 'libhullscan++')!;
  assert.equal(lib.purl, 'pkg:rpm/rocky/libhullscan%2B%2B@1.2.3-4.el9?arch=x86_64&distro=rocky-9.3&epoch=2&upstream=hullscan-demo-1.2.3-4.el9.src.rpm');
  assert.deepEqual(lib.source, { name: 'hullscan-demo', version: '2:1.2.3-4.el9' });
  // 400 files: a header spread over several overflow pages.
  const many = pkgs.find((p) => p.name === 'hullscan-many-files')!;
  assert.equal(many.files!.filter((f) => f.endsWith('.txt')).length, 400);
  const data = pkgs.find((p) => p.name === 'hullscan-data')!;
  assert.equal(data.version, '2024.1-1');
  assert.equal(data.purl, 'pkg:rpm/rocky/hullscan-data@2024.1-1?arch=noarch&distro=rocky-9.3&upstream=hullscan-data-2024.1-1.src.rpm');
  assert.ok(!pkgs.some((p) => p.name === 'hullscan-small-07'), 'the erased package is gone');
});

test('source rpm names', () => {
  assert.deepEqual(parseSourceRpm('openssl-1.1.1k-7.el8_6.src.rpm'), { name: 'openssl', version: '1.1.1k', release: '7.el8_6' });
  assert.deepEqual(parseSourceRpm('python3.11-pip-22.3.1-4.el9.nosrc.rpm'), { name: 'python3.11-pip', version: '22.3.1', release: '4.el9' });
  assert.equal(parseSourceRpm('garbage'), undefined);
});

const expectInput = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => isHullscanError(e) && e.code === 'INPUT' && re.test(e.message));

test('damaged databases are typed INPUT errors naming the file, never a crash or a hang', () => {
  const bdb = readFileSync(join(t.dir, 'bdb/var/lib/rpm/Packages'));
  expectInput(() => readBdbRpmdb(bdb.subarray(0, 5000), '/var/lib/rpm/Packages'), /^\/var\/lib\/rpm\/Packages: malformed Berkeley DB: size 5000/);
  // Point every overflow chain at itself: must stop, not loop.
  const looped = Buffer.from(bdb);
  for (let p = 1; p < looped.length / 4096; p++) if (looped[p * 4096 + 25] === 7) looped.writeUInt32LE(p, p * 4096 + 16);
  expectInput(() => readBdbRpmdb(looped, 'Packages'), /overflow/);
  expectInput(() => readBdbRpmdb(Buffer.alloc(8192), 'Packages'), /no hash database magic/);

  const ndb = Buffer.from(readFileSync(join(t.dir, 'ndb/var/lib/rpm/Packages.db')));
  ndb[4096 + 100] ^= 0xff;
  expectInput(() => readNdbRpmdb(ndb, 'Packages.db'), /adler32|bad head|bad tail/);
  expectInput(() => readNdbRpmdb(ndb.subarray(0, 40), 'Packages.db'), /slot pages/);

  expectInput(() => readSqliteRpmdb(Buffer.from('SQLite format 3\0' + 'x'.repeat(200)), undefined, 'rpmdb.sqlite'), /cannot/);
  expectInput(() => readSqliteRpmdb(Buffer.from('not sqlite at all'.repeat(10)), undefined, 'rpmdb.sqlite'), /not an SQLite database/);

  const header = readSqliteRpmdb(readFileSync(join(t.dir, 'sqlite/var/lib/rpm/rpmdb.sqlite')), undefined, 'x')[0]!.blob;
  expectInput(() => readRpmHeader(header.subarray(0, header.length - 100), 'h'), /needs \d+ bytes/);
  const huge = Buffer.from(header); huge.writeUInt32BE(0x7fffffff, 0);
  expectInput(() => parseHeader(huge, new Set([1000]), 'h'), /index entries/);
});

test('the analyzer turns a damaged database into a warning, keeping the scan alive', async () => {
  const root = join(t.dir, 'broken');
  execFileSync('mkdir', ['-p', join(root, 'var/lib/rpm')]);
  writeFileSync(join(root, 'var/lib/rpm/Packages'), readFileSync(join(t.dir, 'bdb/var/lib/rpm/Packages')).subarray(0, 4096 * 3 + 7));
  const facts = await runOn(rpmAnalyzer, dirImage(root));
  assert.deepEqual(facts.packages, []);
  assert.match(facts.warned[0]!, /\/var\/lib\/rpm\/Packages: malformed Berkeley DB.*rpm packages are missing/);
});

test('a database in rpmdb.sqlite-wal (not yet checkpointed) is read too', { skip: hasRpm ? false : 'rpm is not installed' }, async () => {
  // A committed transaction that no checkpoint has copied into the main file yet (as a crash leaves it).
  const root = join(t.dir, 'wal');
  execFileSync('mkdir', ['-p', join(root, 'var/lib/rpm')]);
  writeFileSync(join(root, 'var/lib/rpm/rpmdb.sqlite'), readFileSync(join(t.dir, 'sqlite/var/lib/rpm/rpmdb.sqlite')));
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(root, 'var/lib/rpm/rpmdb.sqlite'));
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('foreign_keys = OFF');
  db.prepare('DELETE FROM Packages WHERE hnum = (SELECT MIN(hnum) FROM Packages)').run();
  const walCopy = readFileSync(join(root, 'var/lib/rpm/rpmdb.sqlite-wal'));
  const mainCopy = readFileSync(join(root, 'var/lib/rpm/rpmdb.sqlite'));
  db.close();
  assert.ok(walCopy.length > 0);
  assert.equal(readSqliteRpmdb(mainCopy, walCopy, 'wal').length, 32);
  assert.equal(readSqliteRpmdb(mainCopy, undefined, 'no-wal').length, 33);
});

test('through the layer walk: a database moved to /usr/lib/sysimage/rpm in a later layer, old Packages emptied', async () => {
  const { tarBuffer, sha256, writeOciLayout } = await import('../../image/fixture-tar.js');
  const { openImage } = await import('../../source/index.js');
  const { analyzeImage } = await import('../run.js');
  const { osAnalyzer } = await import('../os/os.js');
  const file = (name: string, content: Buffer | string) => ({ name, content });
  const base = tarBuffer([
    { name: 'etc/', type: 'dir' }, file('etc/os-release', readFileSync(join(t.dir, 'sqlite/etc/os-release'))),
    { name: 'var/', type: 'dir' }, { name: 'var/lib/', type: 'dir' }, { name: 'var/lib/rpm/', type: 'dir' },
    file('var/lib/rpm/Packages', readFileSync(join(t.dir, 'bdb/var/lib/rpm/Packages'))),
  ]);
  const migrated = tarBuffer([
    { name: 'usr/', type: 'dir' }, { name: 'usr/lib/', type: 'dir' }, { name: 'usr/lib/sysimage/', type: 'dir' }, { name: 'usr/lib/sysimage/rpm/', type: 'dir' },
    file('usr/lib/sysimage/rpm/rpmdb.sqlite', readFileSync(join(t.dir, 'sqlite/var/lib/rpm/rpmdb.sqlite'))),
    file('var/lib/rpm/Packages', ''),
  ]);
  const dir = join(t.dir, 'oci');
  const layer = (blob: Buffer) => ({ blob, diffId: sha256(blob), mediaType: 'application/vnd.oci.image.layer.v1.tar' });
  await writeOciLayout(dir, [layer(base), layer(migrated)]);
  const [image] = await openImage(dir);
  try {
    const analysis = await analyzeImage(image!, [osAnalyzer, rpmAnalyzer]);
    const facts = (n: string) => analysis.facts.find((f) => f.analyzer === n)!.facts;
    assert.equal(facts('os').os?.family, 'rocky');
    const pkgs = facts('rpm').packages!;
    assert.deepEqual(pkgs.map(row).sort(), expected);
    assert.ok(pkgs.every((p) => p.locations[0]!.path === '/usr/lib/sysimage/rpm/rpmdb.sqlite' && p.locations[0]!.layer.index === 1));
    assert.deepEqual(analysis.warnings, []);
  } finally { await image!.close(); }
});
