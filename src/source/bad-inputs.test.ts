// Every archive in corpus/bad ends in a one-line HullscanError naming the file and the problem,
// or (hostile but valid images) in a scan that skips the bad parts with warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HullscanError, isHullscanError } from '../errors.js';
import { analyzeImage } from '../analyze/run.js';
import { openImage } from './index.js';
import { CORPUS, recorder } from './test-support.js';

const bad = (f: string) => join(CORPUS, 'bad', f);
const osAndDpkg = () => [
  recorder('os', (p) => p === '/etc/os-release' || p === '/usr/lib/os-release', { readPaths: ['/etc/os-release'] }),
  recorder('dpkg', (p) => p === '/var/lib/dpkg/status'),
];

async function scan(file: string) {
  const images = await openImage(file);
  return Promise.all(images.map((img) => analyzeImage(img, osAndDpkg(), { subject: file })));
}

function oneLineError(file: string, code: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(isHullscanError(e), `a HullscanError, got ${(e as Error)?.stack}`);
    const err = e as HullscanError;
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.startsWith(file + ': '), `names the file: ${err.message}`);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes('\n'), 'one line');
    return true;
  };
}

const cases: [string, string, RegExp][] = [
  // layers are named as in the reports (inventory/layer-label.ts): from the base, out of the count, short diffID
  ['truncated-gzip-layer.docker.tar', 'INPUT', /: layer 1 of 1 \(sha256:98176a846668\): unexpected end of data/],
  ['missing-layer.docker.tar', 'NOT_FOUND', /: layer 2 of 2 \(sha256:ffa63583dfa6\), listed in manifest.json as 0{63}1\.tar\.gz, is missing/],
  ['digest-mismatch.oci.tar', 'DIGEST', /digest mismatch: layer 1 of 1 \(sha256:98176a846668\): blob sha256:70f903d135e4/],
  ['diffid-mismatch.docker.tar', 'DIGEST', /diff_id mismatch for layer 1 of 1 \(sha256:2413e5d42913\): .*config says sha256:2413e5d4/],
  ['empty-manifest.docker.tar', 'INPUT', /manifest.json is empty/],
  ['not-a-tar.tar', 'INPUT', /not a tar archive or OCI layout \(unknown format\)/],
  ['empty-file.tar', 'INPUT', /empty input/],
];

for (const [file, code, pattern] of cases) {
  test(`bad/${file}: ${code} error`, async () => {
    await assert.rejects(scan(bad(file)), oneLineError(bad(file), code, pattern));
  });
}

test('bad/diffid-mismatch.docker.tar with onDiffIdMismatch=warn: loud warning, scan goes on', async () => {
  const [img] = await openImage(bad('diffid-mismatch.docker.tar'));
  const r = await analyzeImage(img!, osAndDpkg(), { onDiffIdMismatch: 'warn' });
  assert.ok(r.warnings.some((w) => /^WARNING: diff_id mismatch for layer 1 of 1 \(sha256:2413e5d42913\)/.test(w)));
});

test('bad/path-traversal.docker.tar: hostile entries skipped with warnings, nothing written, the rest inventoried', async () => {
  const outside = ['/tmp/evil', '/tmp/evil-absolute', '/tmp/evil-dotdot-inside', '/tmp/evil-through-symlink', '/tmp/evil-through-abs-symlink'];
  const before = outside.filter(existsSync);
  const [img] = await openImage(bad('path-traversal.docker.tar'));
  const [os, dpkg] = osAndDpkg();
  const everything = recorder('all', () => true);
  const r = await analyzeImage(img!, [os!, dpkg!, everything]);
  assert.match(os!.seen.read['/etc/os-release']!, /VERSION_ID="12"/);
  assert.match(dpkg!.seen.files[0]!.content.toString(), /^Package: /m);
  for (const hostile of ['../../../tmp/evil', '/tmp/evil-absolute', 'etc/../../../../tmp/evil-dotdot-inside']) {
    assert.ok(r.warnings.includes(`layer 1 of 1 (sha256:fa4934aa719a): skipped hostile entry '${hostile}' (absolute path or '..')`), hostile);
  }
  assert.ok(r.warnings.some((w) => w.includes("skipped hard link 'hardlink-escape'")));
  assert.ok(r.warnings.some((w) => w.includes('/escape -> ../../../../../../tmp points above the image root')));
  // files written through symlinks land inside the image root, never outside it
  const paths = everything.seen.files.map((f) => f.info.path);
  assert.ok(paths.includes('/tmp/evil-through-symlink'));
  assert.ok(paths.includes('/tmp/evil-through-abs-symlink'));
  assert.ok(!paths.some((p) => p.includes('..')));
  assert.deepEqual(outside.filter(existsSync), before, 'nothing created outside');
});

test('bad/symlink-loop.docker.tar: ends fast, os-release unreadable, warning about the loop', async () => {
  const t0 = Date.now();
  const [img] = await openImage(bad('symlink-loop.docker.tar'));
  const [os, dpkg] = osAndDpkg();
  const r = await analyzeImage(img!, [os!, dpkg!, recorder('deep', (p) => p.startsWith('/var/lib/dpkg/'), { readPaths: ['/loop-a', '/self', '/dirloop/back/back/up/back/x', '/var/lib/dpkg/status'] })]);
  assert.ok(Date.now() - t0 < 5000);
  assert.equal(os!.seen.read['/etc/os-release'], undefined);
  assert.equal(dpkg!.seen.files.length, 0);
  assert.ok(r.warnings.some((w) => /symlink loop: \/etc\/os-release/.test(w)), r.warnings.join('\n'));
  assert.ok(r.warnings.some((w) => /symlink loop: \/var\/lib\/dpkg\/status/.test(w)), r.warnings.join('\n'));
});

test('bad/gzip-bomb.docker.tar: streamed, 2 GiB never buffered, peak RSS < 512 MB; a size limit stops it early', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const out = await new Promise<string>((resolve, reject) => execFile(process.execPath,
    ['--import', 'tsx', join(root, 'bench/child.ts'), 'walk', bad('gzip-bomb.docker.tar'), '1'], { cwd: root },
    (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))));
  const res = JSON.parse(out.trim().split('\n').pop()!);
  assert.equal(res.uncompressed, 2147486720);
  assert.ok(res.maxRssMB < 512, `peak RSS ${res.maxRssMB} MB`);
  assert.match(res.facts[0], /^os:1 files/);

  const [img] = await openImage(bad('gzip-bomb.docker.tar'));
  await assert.rejects(analyzeImage(img!, osAndDpkg(), { maxLayerBytes: 64 * 1024 * 1024 }),
    (e: HullscanError) => e.code === 'LIMIT' && /expands to more than 67108864 bytes/.test(e.message));
});
