import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { debianTrackerReader } from './feeds/debian-tracker/reader.js';
import { osvReader } from './feeds/osv/reader.js';
import type { AffectedRow, FeedReader } from './model.js';
import semver from 'semver';
import { decodeRows, encodeRows } from './rows-codec.js';
import { oneFixOnly } from './testing/rows.js';

const V = '/work/shared/vulndata';

const roundTrip = (rows: AffectedRow[]) => {
  const packed = encodeRows(rows.map((row, i) => ({ row, rid: 1000 + i * 300 })));
  const back = decodeRows(packed);
  assert.deepEqual(back.rows, rows);
  // Same key order too: a row's severity object ends up in JSON reports as it is.
  assert.equal(JSON.stringify(back.rows), JSON.stringify(rows));
  assert.deepEqual(back.rids, rows.map((_, i) => 1000 + i * 300));
  return packed;
};

test('rows of every shape come back equal, in key order, with their advisory rids', () => {
  const rows: AffectedRow[] = [
    { ecosystem: 'Go', package: 'stdlib', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.20.10' }, { introduced: '1.21.0-0' }, { last_affected: '1.21.3' }, { limit: '*' }] }],
      symbols: [{ path: 'net/http', symbols: ['Serve'] }], advisoryId: 'GO-2023-2102', source: 'osv-go' },
    { ecosystem: 'debian:12', package: 'openssl', status: 'fixed', fixedVersion: '3.0.13-1~deb12u1',
      severity: { source: 'debian-tracker', type: 'vendor', raw: 'medium', level: 'MEDIUM' }, advisoryId: 'CVE-2024-0727', source: 'debian-tracker' },
    { ecosystem: 'debian:12', package: 'openssl', status: 'unfixed', severity: { source: 'debian-tracker', type: 'vendor', raw: 'medium', level: 'MEDIUM' }, advisoryId: 'CVE-2024-9999', source: 'debian-tracker' },
    { ecosystem: 'almalinux:9', package: 'openssl-libs', binary: true, module: 'nodejs:18', versions: ['1:3.0.7-1', 'ünïcödé-β', ''], advisoryId: 'ALSA-1', source: 'osv-almalinux' },
    { ecosystem: 'crates.io', package: 'smallvec', informational: 'unsound', purl: 'pkg:cargo/smallvec', channel: 'esm-apps', binary: false,
      requirements: { scheme: 'cargo', patched: ['>= 1.6.1'], unaffected: ['< 1.0.0'] }, advisoryId: 'RUSTSEC-2021-0003', source: 'rustsec' },
    // Shapes the packed form does not spell out travel as JSON: extra range keys, a non-string event, unknown fields.
    { ecosystem: 'npm', package: 'x', ranges: [{ type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc' }] } as never, { type: 'SEMVER', events: [{ fixed: 1 as never }] }],
      versions: [1 as never], ['extra' as never]: { a: [1, null, 'z'] }, advisoryId: 'GHSA-x', source: 'ghsa' },
    { ecosystem: 'PyPI', package: 'p', ranges: [], versions: [], advisoryId: 'PYSEC-\u0000-1', source: 'osv-pypi' },
  ];
  roundTrip(rows);
  roundTrip([]);
});

/** Affected rows per (ecosystem, package), as the store keeps them, from real feed files read by their readers. */
async function realRows(reader: FeedReader, paths: string[]): Promise<Map<string, AffectedRow[]>> {
  const out = new Map<string, AffectedRow[]>();
  for (const path of paths) {
    for await (const item of reader.read(path)) {
      if (item.kind !== 'advisory') continue;
      for (const e of item.advisory.affected) {
        const key = `${e.ecosystem}\0${e.package}`;
        out.set(key, [...(out.get(key) ?? []), { ...e, advisoryId: item.advisory.id, source: item.advisory.source }]);
      }
    }
  }
  return out;
}

test('real feed rows: Debian linux (thousands of rows) and PyPI tensorflow (long version lists), packed well below their JSON size', async () => {
  const debian = await realRows(debianTrackerReader, [`${V}/debian/tracker-from-changelogs.json`]);
  const linux = debian.get('debian:12\0linux')!;
  assert.ok(linux.length > 1000, `${linux.length} linux rows`);
  let json = 0, packed = 0;
  for (const rows of debian.values()) { json += JSON.stringify(rows).length; packed += roundTrip(rows).length; }
  assert.ok(packed < json / 3, `${packed} bytes packed, ${json} as JSON`);
  const shared = decodeRows(roundTrip(linux)).rows;
  const twin = shared.find((r, i) => i > 0 && JSON.stringify(r.severity) === JSON.stringify(shared[0]!.severity));
  assert.ok(twin && twin.severity === shared[0]!.severity, 'a repeated severity is decoded once and shared');
  const dir = `${V}/osv/pypi/tensorflow`;
  const pypi = await realRows(osvReader, readdirSync(dir).map((f) => join(dir, f)));
  const tf = pypi.get('PyPI\0tensorflow')!;
  assert.ok(tf.length > 100 && tf.every((r) => r.versions?.length), `${tf.length} tensorflow rows with version lists`);
  assert.ok(roundTrip(tf).length < JSON.stringify(tf).length / 3);
});

test('real feed rows through alreadyFixed: only one-fix rows are ever left out, every other row comes back whole', async () => {
  const go = await realRows(osvReader, readdirSync(`${V}/osv/go`).map((f) => join(`${V}/osv/go`, f)));
  const debian = await realRows(debianTrackerReader, [`${V}/debian/tracker-from-changelogs.json`]);
  const tf = `${V}/osv/pypi/tensorflow`;
  const pypi = await realRows(osvReader, readdirSync(tf).map((f) => join(tf, f))); // GIT and ECOSYSTEM ranges side by side
  let left = 0, kept = 0;
  for (const rows of [...go.values(), ...debian.values(), ...pypi.values()]) {
    const packed = encodeRows(rows.map((row, i) => ({ row, rid: i })));
    assert.deepEqual(decodeRows(packed, () => false).rows, rows);
    const open = decodeRows(packed, () => true);
    const expected = rows.map((r, i) => [r, i] as const).filter(([r]) => !oneFixOnly(r));
    assert.deepEqual(open.rows, expected.map(([r]) => r));
    assert.deepEqual(open.rids, expected.map(([, i]) => i));
    left += rows.length - open.rows.length;
    kept += open.rows.length;
  }
  // Go and PyPI ranges come in every shape (several ranges, last_affected, introduced above 0); Debian rows are fixes.
  assert.ok(left > 5000 && kept > 3000, `${left} rows left out, ${kept} kept`);
});

test('a damaged blob is an error, never a hang or a wrong row', () => {
  const packed = encodeRows([{ row: { ecosystem: 'npm', package: 'x', advisoryId: 'A', source: 's', versions: ['1.0.0'] }, rid: 1 }]);
  for (let cut = 0; cut < packed.length; cut++) assert.throws(() => decodeRows(packed.subarray(0, cut)), Error, `cut at ${cut}`);
  const bad = Buffer.from(packed);
  bad[bad.length - 2] = 99; // an unknown tag
  assert.throws(() => decodeRows(bad), /packed rows/);
});

test('alreadyFixed leaves out exactly the rows whose only statement is a fix at or below the installed version', () => {
  const osv = (events: Record<string, string>[], extra: Partial<AffectedRow> = {}, type: 'SEMVER' | 'GIT' = 'SEMVER'): AffectedRow =>
    ({ ecosystem: 'npm', package: 'p', ranges: [{ type, events: events as never }], ...extra, advisoryId: `A-${JSON.stringify(events)}${JSON.stringify(extra)}${type}`, source: 'ghsa' });
  const distro = (extra: Partial<AffectedRow>): AffectedRow => ({ ecosystem: 'debian:12', package: 'p', ...extra, advisoryId: `D-${JSON.stringify(extra)}`, source: 'debian-tracker' });
  const rows: [AffectedRow, boolean][] = [
    [osv([{ introduced: '0' }, { fixed: '1.2.0' }]), false],
    [osv([{ introduced: '0' }, { fixed: '2.0.0' }]), true],
    [osv([{ introduced: '0' }, { fixed: '1.5.0' }]), false], // fixed exactly at the installed version
    [osv([{ introduced: '0' }, { last_affected: '1.5.0' }]), true], // affected at 1.5.0 itself
    [osv([{ introduced: '0' }, { limit: '1.2.0' }]), true],
    [osv([{ introduced: '1.0.0' }, { fixed: '1.2.0' }]), true], // not the one-fix shape: the matcher decides
    [osv([{ fixed: '1.2.0' }, { introduced: '0' }]), true],
    [osv([{ introduced: '0' }, { fixed: '1.2.0' }], { versions: ['1.5.0'] }), true],
    [osv([{ introduced: '0' }, { fixed: 'abc' }], {}, 'GIT'), true],
    [osv([{ introduced: '0' }, { fixed: '1.2.0' }], { requirements: { scheme: 'npm', patched: ['>= 1.2.0'], unaffected: [] } }), true],
    [{ ...osv([]), ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }] }, { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.1.0' }] }] }, true],
    [distro({ status: 'fixed', fixedVersion: '1.2.0' }), false],
    [distro({ status: 'fixed', fixedVersion: '1.2.0', binary: true }), true], // compared with the binary's 1.0.0
    [distro({ status: 'fixed', fixedVersion: '0' }), false],
    [distro({ status: 'unfixed' }), true],
    [distro({ status: 'will-not-fix' }), true],
    [distro({ status: 'fixed' }), true],
    [distro({ status: 'fixed', fixedVersion: '1.2.0', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }), true],
    [distro({ status: 'fixed', fixedVersion: '1.2.0', versions: ['1.5.0'] }), true],
  ];
  const packed = encodeRows(rows.map(([row], i) => ({ row, rid: 10 + i })));
  const all = decodeRows(packed);
  const calls: string[] = [];
  // Installed 1.5.0; binary rows are about a binary at 1.0.0.
  const alreadyFixed = (fixed: string, binary: boolean) => {
    calls.push(`${fixed}${binary ? ' binary' : ''}`);
    return fixed === '0' || semver.gte(binary ? '1.0.0' : '1.5.0', fixed);
  };
  const kept = decodeRows(packed, alreadyFixed);
  const expected = rows.map(([, keep], i) => (keep ? i : -1)).filter((i) => i >= 0);
  assert.deepEqual(kept.rows, expected.map((i) => all.rows[i]));
  assert.deepEqual(kept.rids, expected.map((i) => 10 + i));
  assert.deepEqual(calls, ['1.2.0', '2.0.0', '1.5.0', '1.2.0 binary', '0'], 'asked about the one-fix rows only, once per fix and binary flag');
});
