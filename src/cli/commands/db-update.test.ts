import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDb } from '../../vulndb/build.js';

const root = new URL('../../../', import.meta.url).pathname;
const V = '/work/shared/vulndata';
const dir = mkdtempSync(join(tmpdir(), 'hullscan-cli-dbupdate-'));
const db = join(dir, 'hullscan.db');
const trap = join(dir, 'no-network.mjs');
const NETWORK_USED = 97;

// Preloaded into the CLI: any outgoing socket or name lookup ends the process with NETWORK_USED.
writeFileSync(trap, `
import net from 'node:net';
import dns from 'node:dns';
import { writeSync } from 'node:fs';
const die = (what) => { writeSync(2, 'NETWORK ACCESS: ' + what + '\\n'); process.exit(${NETWORK_USED}); };
net.Socket.prototype.connect = function (...args) { die('socket connect ' + JSON.stringify(args[0])); };
dns.lookup = (host) => die('dns.lookup ' + host);
dns.promises.lookup = async (host) => die('dns.promises.lookup ' + host);
dns.resolve = (host) => die('dns.resolve ' + host);
`);

function hullscan(args: string[], opts: { trapped?: boolean; env?: Record<string, string> } = {}) {
  const pre = opts.trapped ? ['--import', trap] : [];
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...pre, join(root, 'src/cli/main.ts'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, HULLSCAN_DB: db, HULLSCAN_DB_URL: '', ...opts.env }, timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  await buildDb({ from: [`${V}/osv/go/GO-2020-0001.json`, `${V}/kev`], out: db });
});

test('the network trap works: db update without --offline is caught opening a socket', () => {
  const r = hullscan(['db', 'update', '--db-url', 'http://127.0.0.1:9/'], { trapped: true });
  assert.equal(r.code, NETWORK_USED, r.err);
  assert.match(r.err, /NETWORK ACCESS: socket connect/);
  const named = hullscan(['db', 'update', '--db-url', 'http://db.example.invalid/'], { trapped: true });
  assert.equal(named.code, NETWORK_USED, named.err);
});

test('--offline: db update refuses with one line and opens no socket', () => {
  const r = hullscan(['db', 'update', '--offline', '--db-url', 'http://127.0.0.1:9/'], { trapped: true });
  assert.equal(r.code, 2, r.err);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /^hullscan: error: db update needs the network and --offline forbids it/);
});

test('--offline: a scan of a local image with the existing DB works without any socket', () => {
  const r = hullscan(['image', '--offline', '--skip-db-update', '--no-cache', '/work/shared/corpus/debian12-pkgdb-2025.docker.tar', '--format', 'json'], { trapped: true });
  assert.ok(r.code === 0 || r.code === 1, r.err);
  const report = JSON.parse(r.out);
  assert.ok(JSON.stringify(report).includes('hullscan.db'), 'the report names the DB used');
  assert.ok(JSON.stringify(report).includes('"dpkg"') || JSON.stringify(report).includes('deb'), 'packages were found');
});

test('--offline: a registry reference is refused before any network access', () => {
  for (const ref of ['registry:127.0.0.1:5000/app:1', 'alpine:3.19']) {
    const r = hullscan(['image', '--offline', ref], { trapped: true });
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.doesNotMatch(r.err, /NETWORK ACCESS/);
  }
});

test('--offline: status, export-bundle and import-bundle work with no socket', () => {
  assert.equal(hullscan(['db', 'status', '--offline'], { trapped: true }).code, 0);
  const bundle = join(dir, 'b.tar');
  const e = hullscan(['db', 'export-bundle', '--offline', '-o', bundle], { trapped: true });
  assert.equal(e.code, 0, e.err);
  const site = join(dir, 'site', 'hullscan.db');
  const i = hullscan(['db', 'import-bundle', '--offline', bundle, '--db', site], { trapped: true });
  assert.equal(i.code, 0, i.err);
  assert.match(i.out, /imported from .*b\.tar: schema 2\.\d+/);
  assert.equal(hullscan(['db', 'status', '--db', site], { trapped: true }).code, 0);
});

test('CLI: db publish, then db update from the mirror (full, then current), and db update --from-upstream', async () => {
  const { startMirror } = await import('../../vulndb/update/test-server.js');
  const pub = join(dir, 'pub');
  const p = hullscan(['db', 'publish', '--db', db, '--out', pub]);
  assert.equal(p.code, 0, p.err);
  assert.match(p.out, /^published .*pub: hullscan-2\.db\.br \(\d+ bytes of \d+\), 0 delta\(s\), unsigned, content sha256:/);
  const mirror = await startMirror(pub);
  const feeds = await startMirror(`${V}/kev`);
  try {
    const site = join(dir, 'cli-site', 'hullscan.db');
    // spawnSync would block the mirror's event loop: run the CLI asynchronously
    const run = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      import('node:child_process').then(({ execFile }) => {
        execFile(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, HULLSCAN_DB_URL: '' } },
          (error, out, err) => resolve({ code: error ? (error as { code?: number }).code ?? 2 : 0, out, err }));
      });
    });
    const u = await run(['db', 'update', '--db', site, '--db-url', mirror.url]);
    assert.equal(u.code, 0, u.err);
    assert.match(u.out, /updated \(full download\) from http:\/\/127\.0\.0\.1:\d+\/: schema 2\.\d+/);
    assert.match((await run(['db', 'update', '--db', site, '--db-url', mirror.url])).out, /already current/);
    const up = await run(['db', 'update', '--db', site, '--from-upstream', '--no-default-feeds', '--feed-url', `kev=${feeds.url}known_exploited_vulnerabilities.json`]);
    assert.equal(up.code, 0, up.err);
    assert.match(up.out, /built from 1 upstream feeds: 0 advisories, 0 affected entries, KEV 1\d{3}, EPSS 0/);
  } finally {
    await mirror.stop();
    await feeds.stop();
  }
});
