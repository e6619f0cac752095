import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isHullscanError } from '../errors.js';
import { buildDb } from './build.js';
import { writeStore } from './writer.js';
import { openDb } from './open.js';
import { oneFixOnly } from './testing/rows.js';
import { mayContain } from './package-filter.js';
import { packageSlot } from './package-slot.js';
import { defaultDbPath, resolveDbPath } from './paths.js';

const V = '/work/shared/vulndata';
const INPUTS = [`${V}/osv/go/GO-2023-2102.json`, `${V}/osv/go/GO-2022-0617.json`, `${V}/debian/security-tracker-json-sample.json`, `${V}/debian/tracker-from-changelogs.json`];
const tmp = () => mkdtempSync(join(tmpdir(), 'hullscan-store-'));

function expectDbError(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(isHullscanError(e), `HullscanError, got ${String(e)}`);
    assert.equal(e.code, 'DB');
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
}

test('build → open → lookup, advisory, byAlias, status', async () => {
  const out = join(tmp(), 'db', 'hullscan.db');
  const report = await buildDb({ from: INPUTS, out, now: new Date('2026-11-20T00:00:00Z') });
  assert.equal(report.ignoredFiles.length, 0);
  const db = openDb(out);
  try {
    const std = db.lookup('Go', 'stdlib');
    assert.deepEqual(std.map((r) => r.advisoryId), ['GO-2023-2102'], 'withdrawn GO-2022-0617 is never matched');
    assert.equal(std[0]!.source, 'osv-go');
    assert.deepEqual(std[0]!.ranges?.[0]?.events, [{ introduced: '0' }, { fixed: '1.20.10' }, { introduced: '1.21.0-0' }, { fixed: '1.21.3' }]);
    assert.equal(db.lookup('go', 'stdlib').length, 1, 'ecosystem is case-insensitive');
    assert.deepEqual(db.lookup('Go', 'no/such/module'), []);
    const ossl = db.lookup('debian:12', 'openssl').find((r) => r.advisoryId === 'CVE-2024-0727')!;
    assert.equal(ossl.fixedVersion, '3.0.13-1~deb12u1');
    assert.deepEqual(db.byAlias('CVE-2023-39325').map((a) => a.id), ['GO-2023-2102']);
    assert.equal(db.advisory('GO-2022-0617')?.withdrawn !== undefined, true);
    assert.equal(db.advisory('CVE-2008-7220')?.affected.length, 4);
    assert.equal(db.advisory('NOPE-1'), undefined);
    const st = db.status(new Date('2026-11-30T00:00:00Z'));
    assert.equal(st.schemaVersion, '2.0');
    assert.equal(st.builtAt, '2026-11-20T00:00:00.000Z');
    assert.equal(st.ageDays, 10);
    assert.equal(st.contentHash, report.contentHash);
    assert.deepEqual(st.sources.map((s) => [s.name, s.records, s.skipped]), [['debian-changelogs', 6060, 0], ['debian-tracker', 7, 0], ['osv-go', 2, 0]]);
    assert.equal(st.advisories, report.advisories);
  } finally { db.close(); }
});

test('deterministic: same inputs give the same content hash and bytes whatever the build time', async () => {
  const d = tmp();
  const a = await buildDb({ from: INPUTS, out: join(d, 'a.db'), now: new Date('2026-01-01T00:00:00Z') });
  const b = await buildDb({ from: [...INPUTS].reverse(), out: join(d, 'b.db'), now: new Date('2026-06-01T00:00:00Z') });
  const c = await buildDb({ from: INPUTS, out: join(d, 'c.db'), now: new Date('2026-01-01T00:00:00Z') });
  assert.equal(a.contentHash, b.contentHash);
  assert.ok(readFileSync(join(d, 'a.db')).equals(readFileSync(join(d, 'c.db'))), 'same bytes for the same build time');
  const other = await buildDb({ from: INPUTS.slice(0, 1), out: join(d, 'x.db') });
  assert.notEqual(other.contentHash, a.contentHash);
});

test('corrupt DBs: missing, truncated, not SQLite, an older or newer major schema → one-line DB errors', async () => {
  const d = tmp();
  const good = join(d, 'good.db');
  await buildDb({ from: INPUTS.slice(0, 1), out: good });
  expectDbError(() => openDb(join(d, 'missing.db')), /no vulnerability database/);
  const trunc = join(d, 'trunc.db');
  copyFileSync(good, trunc);
  truncateSync(trunc, Math.floor(statSync(good).size / 2));
  expectDbError(() => openDb(trunc), /truncated/);
  const junk = join(d, 'junk.db');
  writeFileSync(junk, 'this is not a database at all, just some text that is long enough to have a header.....................');
  expectDbError(() => openDb(junk), /not a hullscan database/);
  for (const version of ['1.0', '3.0']) {
    const other = join(d, `v${version}.db`);
    copyFileSync(good, other);
    const w = new Database(other);
    w.prepare("UPDATE metadata SET value = ? WHERE key = 'schema_version'").run(version);
    w.close();
    expectDbError(() => openDb(other), new RegExp(`schema ${version.replace('.', '\\.')} is not readable by this hullscan \\(reads 2\\.x\\)`));
  }
  const minor = join(d, 'minor.db');
  copyFileSync(good, minor);
  const m = new Database(minor);
  m.prepare("UPDATE metadata SET value = '2.7' WHERE key = 'schema_version'").run();
  m.close();
  const db = openDb(minor);
  assert.equal(db.schemaVersion, '2.7', 'a newer minor of our major is readable');
  db.close();
});

test('a failed build leaves the existing DB intact; a bad feed file is a warning, not a failure', async () => {
  const d = tmp();
  const out = join(d, 'hullscan.db');
  await buildDb({ from: INPUTS.slice(0, 1), out });
  const before = readFileSync(out);
  await assert.rejects(buildDb({ from: [join(d, 'no-such-dir')], out }), (e: unknown) => isHullscanError(e) && /no such file/.test(e.message));
  assert.ok(readFileSync(out).equals(before));
  const bad = join(d, 'feeds');
  (await import('node:fs')).mkdirSync(bad);
  writeFileSync(join(bad, 'GO-9999-0001.json'), '{"id": "GO-9999-0001", "affected": [');
  copyFileSync(INPUTS[0]!, join(bad, 'GO-2023-2102.json'));
  const warnings: string[] = [];
  const r = await buildDb({ from: [bad], out, onWarning: (w) => warnings.push(w) });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /GO-9999-0001\.json: invalid JSON/);
  assert.equal(r.skipped.length, 1);
  assert.equal(openDb(out).lookup('Go', 'stdlib').length, 1);
  assert.equal((await import('node:fs')).readdirSync(d).filter((f) => f.endsWith('.tmp')).length, 0, 'no temp file left behind');
});

test('a reader keeps its snapshot while a rebuild swaps the file', async () => {
  const d = tmp();
  const out = join(d, 'hullscan.db');
  await buildDb({ from: INPUTS.slice(0, 1), out });
  const reader = openDb(out);
  await buildDb({ from: INPUTS.slice(2, 3), out });
  assert.equal(reader.lookup('Go', 'stdlib').length, 1, 'old handle still reads the old file');
  const fresh = openDb(out);
  assert.equal(fresh.lookup('Go', 'stdlib').length, 0);
  assert.ok(fresh.lookup('debian:9', 'prototypejs').length > 0);
  reader.close(); fresh.close();
});

test('DB path resolution: flag, HULLSCAN_DB, XDG cache', () => {
  assert.equal(defaultDbPath({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/hullscan/db/hullscan.db');
  assert.match(defaultDbPath({}), /\/\.cache\/hullscan\/db\/hullscan\.db$/);
  assert.equal(resolveDbPath('/a/b.db', { HULLSCAN_DB: '/c/d.db' }), '/a/b.db');
  assert.equal(resolveDbPath(undefined, { HULLSCAN_DB: '/c/d.db' }), '/c/d.db');
  assert.equal(resolveDbPath(undefined, { XDG_CACHE_HOME: '/x' }), '/x/hullscan/db/hullscan.db');
});

test('lookups and alias queries are index searches, never table scans', async () => {
  const out = join(tmp(), 'plan.db');
  await buildDb({ from: INPUTS.slice(0, 1), out });
  const raw = new Database(out, { readonly: true });
  const plan = (sql: string) => (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 'x')) as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(plan('SELECT eco, name, rows FROM affected WHERE slot = ?'), /^SEARCH affected USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
  assert.match(plan('SELECT rid FROM aliases WHERE alias = ? ORDER BY rid'), /^SEARCH aliases USING PRIMARY KEY \(alias=\?\)$/);
  assert.match(plan('SELECT rid FROM advisories WHERE id = ? ORDER BY source'), /^SEARCH advisories USING COVERING INDEX advisories_by_id \(id=\?\)$/);
  assert.match(plan('SELECT head, related FROM advisories WHERE rid = ?'), /^SEARCH advisories USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
  // Read-ahead: one search per key of the list, in key order.
  assert.match(plan('SELECT slot, eco, name, rows FROM affected WHERE slot IN (SELECT value FROM json_each(?))'), /^SEARCH affected USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| SCAN json_each VIRTUAL TABLE INDEX \d+:$/);
  assert.match(plan('SELECT rid, head, related FROM advisories WHERE rid IN (SELECT value FROM json_each(?))'), /^SEARCH advisories USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| SCAN json_each VIRTUAL TABLE INDEX \d+:$/);
  raw.close();
});

test('package slots: a key pushed past its hash by a collision is still found; an absent key stops at the first empty slot', async () => {
  const out = join(tmp(), 'slots.db');
  await buildDb({ from: INPUTS.slice(0, 1), out });
  const slot = packageSlot('go', 'stdlib');
  const absent = packageSlot('go', 'example.com/absent');
  // Simulate collisions: another package took stdlib's slot, stdlib moved on to the next free one; and an
  // absent package's slot holds some other package.
  const w = new Database(out);
  assert.equal(w.prepare('UPDATE affected SET slot = ? WHERE slot = ?').run(slot + 1, slot).changes, 1);
  const copy = w.prepare('INSERT INTO affected (slot, eco, name, rows) SELECT ?, eco, ?, rows FROM affected WHERE slot = ?');
  copy.run(slot, 'colliding-package', slot + 1);
  copy.run(absent, 'another-colliding-package', slot + 1);
  w.exec('DELETE FROM package_filter'); // else the filter answers for the absent package before any walk
  w.close();
  const db = openDb(out);
  try {
    assert.deepEqual(db.lookup('Go', 'stdlib').map((r) => r.advisoryId), ['GO-2023-2102']);
    assert.deepEqual(db.lookup('Go', 'example.com/absent'), []);
  } finally { db.close(); }
  const ahead = openDb(out); // the same walks after a read-ahead of both first slots
  try {
    ahead.prefetch([['Go', 'stdlib'], ['Go', 'example.com/absent']]);
    assert.deepEqual(ahead.lookup('Go', 'stdlib').map((r) => r.advisoryId), ['GO-2023-2102']);
    assert.deepEqual(ahead.lookup('Go', 'example.com/absent'), []);
  } finally { ahead.close(); }
});

test('read-ahead of packages and heads, and rows left out as already fixed, change no answer', async () => {
  const out = join(tmp(), 'ahead.db');
  await buildDb({ from: INPUTS, out });
  const keys: [string, string][] = [];
  const raw = new Database(out, { readonly: true });
  for (const [eco, name] of raw.prepare('SELECT eco, name FROM affected ORDER BY rowid DESC LIMIT 300').raw(true).all() as [string, string][]) keys.push([eco === 'go' ? 'Go' : eco, name]);
  raw.close();
  keys.push(['Go', 'example.com/absent'], ['debian:12', 'no-such-source'], ['debian:12', 'openssl'], ['Go', 'stdlib']);
  const plain = openDb(out), fast = openDb(out);
  try {
    fast.prefetch(keys);
    const rows = keys.map(([eco, name]) => fast.lookup(eco, name));
    assert.deepEqual(rows, keys.map(([eco, name]) => plain.lookup(eco, name)));
    assert.ok(rows.flat().length > 1000, `${rows.flat().length} rows`);
    fast.prefetchHeads(rows.flat());
    for (const row of rows.flat()) {
      const head = fast.headOfRow(row)!;
      assert.deepEqual(head, plain.headOfRow(row));
      for (const id of [head.id, ...head.aliases]) assert.deepEqual(fast.headsByAlias(id), plain.headsByAlias(id));
    }
    // Nothing settled: every row; everything settled: only rows with more to say than one fix.
    const fresh = openDb(out);
    let leftOut = 0;
    try {
      for (const [eco, name] of keys) {
        assert.deepEqual(fresh.lookupMayAffect(eco, name, () => false), plain.lookup(eco, name));
        const open = fresh.lookupMayAffect(eco, name, () => true);
        assert.deepEqual(open, plain.lookup(eco, name).filter((r) => !oneFixOnly(r)));
        leftOut += plain.lookup(eco, name).length - open.length;
      }
    } finally { fresh.close(); }
    assert.ok(leftOut > 500, `${leftOut} rows left out`);
  } finally { plain.close(); fast.close(); }
});

test('package filter: every package with rows passes it, nearly every absent one is turned away', async () => {
  const out = join(tmp(), 'filter.db');
  await buildDb({ from: INPUTS, out });
  const raw = new Database(out, { readonly: true });
  const keys = raw.prepare('SELECT eco, name FROM affected').all() as { eco: string; name: string }[];
  const [probes, bits] = raw.prepare('SELECT probes, bits FROM package_filter').raw(true).get() as [number, Buffer];
  raw.close();
  assert.ok(keys.length > 100, `${keys.length} packages`);
  for (const k of keys) assert.ok(mayContain(bits, probes, packageSlot(k.eco, k.name)), `${k.eco} ${k.name}`);
  const absent = keys.filter((k) => mayContain(bits, probes, packageSlot(k.eco, `${k.name}-absent`))).length;
  assert.ok(absent <= keys.length * 0.05, `${absent} of ${keys.length} absent packages pass the filter`);
  const db = openDb(out);
  try {
    for (const k of keys.slice(0, 200)) assert.ok(db.lookup(k.eco, k.name).length > 0, `${k.eco} ${k.name}`);
  } finally { db.close(); }
});

test('KEV and EPSS answers: read whole or skipped when the feed is absent, same answers as the tables hold', () => {
  const d = tmp();
  const kev = [{ cve: 'CVE-2024-1', dateAdded: '2024-01-02', knownRansomware: true }, { cve: 'CVE-2024-2', dateAdded: '2024-02-03', dueDate: '2024-03-01', knownRansomware: false }];
  const epss = [{ cve: 'CVE-2024-1', score: 0.5, percentile: 0.9, date: '2025-01-01' }, { cve: 'CVE-2024-3', score: 0.01, percentile: 0.1 }];
  writeStore(join(d, 'with.db'), { advisories: [], kev, epss, sources: [], skipped: [] }, new Date(0));
  writeStore(join(d, 'without.db'), { advisories: [], kev: [], epss: [], sources: [], skipped: [] }, new Date(0));
  const db = openDb(join(d, 'with.db'));
  try {
    assert.deepEqual(db.kev('CVE-2024-2'), kev[1]);
    assert.deepEqual(db.kev('CVE-2024-1'), kev[0]);
    assert.equal(db.kev('CVE-2024-3'), undefined);
    assert.deepEqual(db.epss('CVE-2024-1'), epss[0]);
    assert.deepEqual(db.epss('CVE-2024-3'), epss[1]);
    assert.equal(db.epss('CVE-2024-2'), undefined);
  } finally { db.close(); }
  const none = openDb(join(d, 'without.db'));
  try {
    assert.equal(none.kev('CVE-2024-1'), undefined);
    assert.equal(none.epss('CVE-2024-1'), undefined);
  } finally { none.close(); }
});

test('a damaged advisory head met by a read-ahead is a one-line DB error, as when read alone', async () => {
  const out = join(tmp(), 'damaged.db');
  await buildDb({ from: INPUTS.slice(0, 1), out });
  const w = new Database(out);
  assert.ok(w.prepare("UPDATE advisories SET related = '{not json' WHERE id = 'GO-2023-2102'").run().changes >= 1);
  w.close();
  for (const read of [(db: ReturnType<typeof openDb>) => db.prefetchHeads(db.lookup('Go', 'stdlib')), (db: ReturnType<typeof openDb>) => db.headOfRow(db.lookup('Go', 'stdlib')[0]!)]) {
    const db = openDb(out);
    try { expectDbError(() => read(db), /corrupt or unreadable database/); } finally { db.close(); }
  }
});
