import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirImage, runOn, tempDir } from '../../inventory/testing/corpus.js';
import type { FileEntry } from '../../image/types.js';
import { apkAnalyzer, apkLicenses, parseApkInstalled } from './apk.js';

// An Alpine 3.19 database as apk-tools 2 writes it (checksums, timestamps and paths in its layout).
// apk-tools is not packaged for Debian, so this one is written out here rather than generated.
const INSTALLED = `C:Q1lnRmGXfMdSGzYGCXHh8+FFUI8mo=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407278
I:667648
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1700162380
c:ca7f2ab5e88794e4e654b40776f8a92256f50639
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1KYYzzNvRmLYGczP8Wkn/Hu6nMmA=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

C:Q1Mvnu3DvaBmZhbWIp/ckEa5tmOKU=
P:busybox-binsh
V:1.36.1-r15
A:x86_64
S:1547
I:1
T:busybox ash /bin/sh
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1701371853
c:a6e0ed80f22bfd3d50b05b3d1b4bb3e4a3d8ba8f
D:busybox=1.36.1-r15
p:cmd:sh=1.36.1-r15 /bin/sh
r:busybox-initscripts
F:bin
R:sh
a:0:0:777
Z:Q1pcfTfDNEbNKQc2s1tia7da05M8Q=

C:Q1UDqM1t+lLNIZQpgzC4WJtqkxNIY=
P:libcrypto3
V:3.1.4-r2
A:x86_64
S:1696937
I:4468736
T:Crypto library from openssl
U:https://www.openssl.org/
L:Apache-2.0
o:openssl
m:Ariadne Conill <ariadne@dereferenced.org>
t:1700581734
c:6b5e8ab0e8dd7b1ac3cf7b8b1a0b34049fdbb0cc
D:so:libc.musl-x86_64.so.1
p:so:libcrypto.so.3=3
F:etc
F:etc/ssl
R:ct_log_list.cnf
Z:Q1olh8TpdAi2QnTl4FK3TjdUiSwTo=
F:usr
F:usr/lib
R:libcrypto.so.3
a:0:0:755
Z:Q1Rv6Ok4PwdSy1zpzKjfnIQ6JhZA8=

C:Q1Jg0d6Ac5tcgmQUFbu7q+e3VvCxQ=
P:scanelf
V:1.3.7-r2
A:x86_64
S:35830
I:86016
T:Scan ELF binaries for stuff
U:https://wiki.gentoo.org/wiki/Hardened/PaX_Utilities
L:GPL-2.0-only
o:pax-utils
m:Natanael Copa <ncopa@alpinelinux.org>
t:1697114462
c:92b43d3a0e3bdbcb3d82bbeb4e6b6b1d4b2a6a59
D:so:libc.musl-x86_64.so.1
F:usr
F:usr/bin
R:scanelf
a:0:0:755
Z:Q1Jxyw5N7bAJqmX08b6JxKPr3DUVu8=
`;

const OS_RELEASE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.0\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n';

test('apk database: names, versions, origins, licences, files, purls', async () => {
  const t = tempDir();
  try {
    mkdirSync(join(t.dir, 'lib/apk/db'), { recursive: true });
    mkdirSync(join(t.dir, 'etc'));
    writeFileSync(join(t.dir, 'lib/apk/db/installed'), INSTALLED);
    writeFileSync(join(t.dir, 'etc/os-release'), OS_RELEASE);
    const { packages } = await runOn(apkAnalyzer, dirImage(t.dir));
    assert.deepEqual(packages!.map((p) => `${p.name} ${p.version} ${p.arch} ${p.source?.name}`), [
      'musl 1.2.4_git20230717-r4 x86_64 musl',
      'busybox-binsh 1.36.1-r15 x86_64 busybox',
      'libcrypto3 3.1.4-r2 x86_64 openssl',
      'scanelf 1.3.7-r2 x86_64 pax-utils',
    ]);
    const crypto = packages![2]!;
    assert.deepEqual(crypto.files, ['/etc/ssl/ct_log_list.cnf', '/usr/lib/libcrypto.so.3']);
    assert.deepEqual(crypto.licenses, ['Apache-2.0']);
    assert.equal(crypto.purl, 'pkg:apk/alpine/libcrypto3@3.1.4-r2?arch=x86_64&distro=alpine-3.19.0&upstream=openssl');
    assert.equal(packages![0]!.purl, 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.0');
    assert.deepEqual(packages![0]!.files, ['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1']);
    assert.equal(crypto.metadata?.installedSize, 4468736);
    assert.equal(crypto.locations[0]!.path, '/lib/apk/db/installed');
  } finally { t.cleanup(); }
});

test('apk: a stanza without name or version is skipped; CRLF and a missing final blank line are fine', () => {
  assert.deepEqual(parseApkInstalled('P:a\r\nV:1-r0\r\n\r\nP:nover\n\nV:2\n\nP:b\nV:2-r1').map((r) => r.name), ['a', 'b']);
});

test('apk: the layer that added a package is the oldest database version that lists it', async () => {
  const layer = (index: number) => ({ index, diffId: `sha256:${String(index).repeat(64)}` });
  const base = INSTALLED.split('\n\n').slice(0, 2).join('\n\n') + '\n';
  const entry = (text: string, index: number, deleted: boolean): FileEntry => ({
    info: { path: '/lib/apk/db/installed', kind: 'file', size: text.length, mode: 0o644, layer: layer(index) },
    content: Buffer.from(text), truncated: false, deleted,
  });
  async function* files() { yield entry(base, 0, true); yield entry(INSTALLED, 3, false); }
  const { packages } = await apkAnalyzer.analyze(files(), { readFile: () => undefined, warn: () => {} });
  assert.deepEqual(packages!.map((p) => p.locations[0]!.layer.index), [0, 0, 3, 3]);
});

test('through the layer walk: packages added by a later layer are attributed to it', async () => {
  const { tarBuffer, sha256, writeOciLayout } = await import('../../image/fixture-tar.js');
  const { openImage } = await import('../../source/index.js');
  const { analyzeImage } = await import('../run.js');
  const t = tempDir();
  try {
    const db = (text: string) => [{ name: 'lib/', type: 'dir' as const }, { name: 'lib/apk/', type: 'dir' as const }, { name: 'lib/apk/db/', type: 'dir' as const }, { name: 'lib/apk/db/installed', content: text }];
    const base = tarBuffer([{ name: 'etc/', type: 'dir' }, { name: 'etc/os-release', content: OS_RELEASE }, ...db(INSTALLED.split('\n\n').slice(0, 2).join('\n\n') + '\n')]);
    const added = tarBuffer(db(INSTALLED));
    const layer = (blob: Buffer) => ({ blob, diffId: sha256(blob), mediaType: 'application/vnd.oci.image.layer.v1.tar' });
    await writeOciLayout(t.dir, [layer(base), layer(added)]);
    const [image] = await openImage(t.dir);
    try {
      const analysis = await analyzeImage(image!, [apkAnalyzer]);
      const pkgs = analysis.facts[0]!.facts.packages!;
      assert.deepEqual(pkgs.map((p) => `${p.name}@${p.locations[0]!.layer.index}`), ['musl@0', 'busybox-binsh@0', 'libcrypto3@1', 'scanelf@1']);
      assert.equal(pkgs[2]!.locations[0]!.layer.diffId, sha256(added));
      assert.ok(pkgs.every((p) => p.purl.includes('distro=alpine-3.19.0')));
    } finally { await image!.close(); }
  } finally { t.cleanup(); }
});

test('apk licences: SPDX expressions whole, old space-separated lists split', () => {
  assert.deepEqual(apkLicenses('MIT AND BSD-2-Clause AND GPL-2.0-or-later'), ['MIT AND BSD-2-Clause AND GPL-2.0-or-later']);
  assert.deepEqual(apkLicenses('MIT BSD GPL2+'), ['MIT', 'BSD', 'GPL2+']);
  assert.deepEqual(apkLicenses('GPL-2.0-only'), ['GPL-2.0-only']);
  assert.deepEqual(apkLicenses(''), []);
});
