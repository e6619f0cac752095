import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256, tarBuffer, writeOciLayout, type FixtureEntry } from '../../image/fixture-tar.js';
import type { FileInfo } from '../../image/types.js';
import { openImage } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import { imageFilesAnalyzer, inSystemPath, listPaths, toolAt, wantsFile } from './files.js';

const tmp = mkdtempSync(join(tmpdir(), 'hullscan-imageconfig-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const info = (path: string, kind: FileInfo['kind'], mode: number): FileInfo => ({ path, kind, mode, size: 0, layer: { index: 0, diffId: 'sha256:x' } });

test('wants: zero bytes of special-bit files, executables, every file and dir in system paths and named tools; nothing else', () => {
  const wanted = (path: string, kind: FileInfo['kind'], mode: number) => wantsFile(path, info(path, kind, mode));
  assert.deepEqual(wanted('/usr/bin/passwd', 'file', 0o4755), { headBytes: 0 });
  assert.ok(wanted('/opt/x/setgid-tool', 'file', 0o2755));
  assert.ok(wanted('/usr/bin/ls', 'file', 0o755), 'executables: a later chmod must be seen');
  assert.ok(wanted('/usr/share/doc', 'dir', 0o755));
  assert.ok(wanted('/etc/shadow-copy', 'file', 0o666));
  assert.ok(wanted('/usr/bin/sh', 'symlink', 0o777));
  assert.ok(wanted('/usr/bin/pip3.11', 'file', 0o644), 'named tools whatever their mode');
  assert.ok(wanted('/bin/busybox', 'hardlink', 0o755));
  assert.ok(wanted('/usr/bin/su', 'hardlink', 0o4755));
  assert.deepEqual(wanted('/usr/share/doc/x/README', 'file', 0o644), { headBytes: 0 }, 'a later chmod 0644 must hide an older world-writable entry');
  assert.deepEqual(wanted('/etc/app.conf', 'file', 0o600), { headBytes: 0 });
  assert.equal(wanted('/app/data.json', 'file', 0o666), false, 'world-writable outside system paths');
  assert.equal(wanted('/app/index.js', 'file', 0o644), false);
  assert.equal(wanted('/var/log/dpkg.log', 'file', 0o644), false);
  assert.equal(wanted('/usr/share/doc/x/copyright', 'hardlink', 0o644), false, 'a link wanted only for its mode would make the walk read the layer twice');
  assert.equal(wanted('/usr/lib/x/libfoo.so', 'symlink', 0o777), false);
  assert.equal(wanted('/usr/bin/perl5.36.0', 'hardlink', 0o755), false, 'executable links: their target is already seen');
  assert.equal(wanted('/tmp', 'dir', 0o1777), false);
  assert.equal(wanted('/dev/null', 'other', 0o666), false);
});

test('system paths and tool names', () => {
  assert.ok(inSystemPath('/usr') && inSystemPath('/etc/x') && inSystemPath('/var/lib/dpkg') && inSystemPath('/lib64/ld.so'));
  assert.ok(!inSystemPath('/usrlocal') && !inSystemPath('/var/tmp/x') && !inSystemPath('/tmp') && !inSystemPath('/app/etc'));
  assert.equal(toolAt('/usr/bin/dash'), 'shell');
  assert.equal(toolAt('/usr/local/bin/pip3.12'), 'package-manager');
  assert.equal(toolAt('/sbin/apk'), 'package-manager');
  assert.equal(toolAt('/usr/bin/sudo'), 'sudo');
  assert.equal(toolAt('/usr/share/bash'), undefined);
  assert.equal(toolAt('/usr/bin/bashbug'), undefined);
  assert.equal(listPaths(['a']), 'a');
  assert.equal(listPaths(['a', 'b']), 'a and b');
  assert.equal(listPaths(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
});

/** An OCI layout built from layer entry lists, scanned through the real walk. */
async function scan(name: string, layers: FixtureEntry[][]) {
  const dir = join(tmp, name);
  await writeOciLayout(dir, layers.map((entries) => {
    const t = tarBuffer(entries);
    return { blob: gzipSync(t), diffId: sha256(t) };
  }), { history: layers.map((_, i) => ({ created_by: `step ${i}` })) });
  const [img] = await openImage(dir);
  try {
    const r = await analyzeImage(img!, [imageFilesAnalyzer]);
    return { findings: r.facts[0]!.facts.misconfigurations ?? [], warnings: r.warnings };
  } finally { await img!.close(); }
}

const d = (name: string, mode = 0o755): FixtureEntry => ({ name, type: 'dir', mode });
const f = (name: string, mode = 0o644): FixtureEntry => ({ name, content: '#!/bin/true\n', mode });
const l = (name: string, linkname: string): FixtureEntry => ({ name, type: 'symlink', linkname, mode: 0o777 });

test('through the walk: only what survives to the final image counts (chmod in a later layer, whiteouts, dangling links)', async () => {
  const { findings, warnings } = await scan('layers', [
    [
      l('bin', 'usr/bin'), d('usr'), d('usr/bin'), d('usr/sbin'), d('usr/local'), d('usr/local/bin'), d('usr/local/lib'), d('usr/local/lib/node_modules'),
      d('usr/local/lib/node_modules/npm'), d('usr/local/lib/node_modules/npm/bin'), d('usr/share', 0o755), d('usr/share/sticky', 0o1777),
      d('etc'), d('opt'), d('opt/app', 0o777), d('tmp', 0o1777), d('app'),
      f('usr/bin/dash', 0o755), l('usr/bin/sh', 'dash'), f('usr/bin/passwd', 0o4755), f('usr/bin/newgrp', 0o4755),
      f('usr/bin/chage', 0o2755), f('usr/bin/sudo', 0o4755), f('usr/bin/apt-get', 0o755), f('usr/bin/yum', 0o644),
      l('usr/bin/zsh', '/nonexistent/zsh'), f('usr/local/lib/node_modules/npm/bin/npm-cli.js', 0o755),
      l('usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js'),
      f('etc/badconf', 0o666), f('app/data', 0o666), f('usr/sbin/unix_chkpwd', 0o2755),
    ],
    [
      d('usr'), d('usr/bin'), f('usr/bin/newgrp', 0o755),            // chmod u-s
      { name: 'usr/bin/.wh.sudo', content: '' },                         // apt-get purge sudo
      { name: 'usr/bin/.wh.apt-get', content: '' },
      d('opt'), d('opt/app', 0o755),                                    // chmod o-w
      d('usr/sbin'), f('usr/sbin/unix_chkpwd', 0o2755),                 // rewritten, still setgid
      f('usr/bin/bash', 0o755),
    ],
  ]);
  assert.deepEqual(warnings, []);
  const by = Object.fromEntries(findings.map((m) => [m.id, m]));
  assert.deepEqual(Object.keys(by).sort(), ['HS-IMG-001', 'HS-IMG-002', 'HS-IMG-003', 'HS-IMG-004']);
  assert.equal(by['HS-IMG-001']!.message, '/usr/bin/passwd is setuid; /usr/bin/chage and /usr/sbin/unix_chkpwd are setgid');
  assert.deepEqual(by['HS-IMG-001']!.paths, ['/usr/bin/chage', '/usr/bin/passwd', '/usr/sbin/unix_chkpwd']);
  assert.deepEqual(by['HS-IMG-002']!.paths, ['/etc/badconf']);
  assert.equal(by['HS-IMG-003']!.message, 'shells are present: /usr/bin/bash, /usr/bin/dash and /usr/bin/sh -> dash');
  assert.equal(by['HS-IMG-004']!.message, 'a package manager is present: /usr/local/bin/npm -> ../lib/node_modules/npm/bin/npm-cli.js');
  assert.deepEqual(by['HS-IMG-004']!.paths, ['/usr/local/bin/npm']);
});

test('through the walk: sudo installed is HS-DS-013; an image without any of it has no findings', async () => {
  const withSudo = await scan('sudo', [[d('usr'), d('usr/bin'), f('usr/bin/sudo', 0o4755), f('usr/bin/true', 0o755)]]);
  assert.deepEqual(withSudo.findings.map((m) => [m.id, m.message]), [
    ['HS-IMG-001', '/usr/bin/sudo is setuid'],
    ['HS-DS-013', 'sudo is installed: /usr/bin/sudo'],
  ]);
  const clean = await scan('clean', [[d('usr'), d('usr/bin'), f('usr/bin/app', 0o755), d('tmp', 0o1777), f('etc/app.conf', 0o644)]]);
  assert.deepEqual(clean.findings, []);
});

test('through the walk: a later layer that chmods a world-writable file to 0644 hides it; the reverse is reported', async () => {
  const base = [d('etc'), d('usr'), d('usr/lib'), d('usr/lib/app'), d('usr/share'), d('usr/share/doc')];
  const fixed = await scan('chmod-644', [
    [...base, f('etc/app.conf', 0o666), f('usr/lib/app/data.bin', 0o666), f('usr/share/doc/notes', 0o646)],
    [d('etc'), f('etc/app.conf', 0o644), d('usr'), d('usr/lib'), d('usr/lib/app'), f('usr/lib/app/data.bin', 0o640), d('usr/share'), d('usr/share/doc'), f('usr/share/doc/notes', 0o644)],
  ]);
  assert.deepEqual(fixed.warnings, []);
  assert.deepEqual(fixed.findings, [], 'no file is world-writable in the final image');

  const broken = await scan('chmod-666', [
    [...base, f('etc/app.conf', 0o644), f('usr/lib/app/data.bin', 0o640), f('usr/share/doc/notes', 0o644)],
    [d('etc'), f('etc/app.conf', 0o666), d('usr'), d('usr/share'), d('usr/share/doc'), f('usr/share/doc/notes', 0o646)],
  ]);
  assert.deepEqual(broken.warnings, []);
  assert.deepEqual(broken.findings.map((m) => [m.id, m.message, m.paths]), [
    ['HS-IMG-002', '/etc/app.conf and /usr/share/doc/notes are world-writable', ['/etc/app.conf', '/usr/share/doc/notes']],
  ]);
});
