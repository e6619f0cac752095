import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, dirImage, runOn, tempDir } from '../../inventory/testing/corpus.js';
import type { FileEntry } from '../../image/types.js';
import { dpkgAnalyzer } from './dpkg.js';
import { dep5Licenses, isInstalled, parseSourceField, parseStanzas } from './control.js';

function snapshot() {
  const t = tempDir();
  execFileSync('tar', ['-xzf', join(CORPUS, 'src/pkgdb-snapshot.tar.gz'), '-C', t.dir]);
  return t;
}

test('pkgdb snapshot: 756 packages with source, size, maintainer, files and purls', async () => {
  const t = snapshot();
  try {
    const { packages } = await runOn(dpkgAnalyzer, dirImage(t.dir));
    assert.equal(packages!.length, 756);
    const bash = packages!.find((p) => p.name === 'bash')!;
    assert.equal(bash.version, '5.2.15-2+b8');
    assert.equal(bash.arch, 'amd64');
    assert.deepEqual(bash.source, { name: 'bash', version: '5.2.15-2' });
    assert.equal(bash.metadata?.installedSize, 7164);
    assert.equal(bash.metadata?.maintainer, 'Matthias Klose <doko@debian.org>');
    assert.ok(bash.files!.includes('/bin/bash'), 'bash owns /bin/bash');
    assert.ok(!bash.files!.includes('/.'));
    assert.equal(bash.purl, 'pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2'.replace('%2B', '+'));
    assert.deepEqual(bash.locations.map((l) => l.path), ['/var/lib/dpkg/status']);
    // Multi-Arch: same packages keep their list under <name>:<arch>.list.
    const binutils = packages!.find((p) => p.name === 'binutils-common')!;
    assert.ok(binutils.files!.length > 0, 'binutils-common:amd64.list was read');
    // Every installed package in this database has a .list file.
    assert.deepEqual(packages!.filter((p) => !p.files?.length).map((p) => p.name), []);
    // Source with a name only: the source version is the binary version.
    const withNameOnly = packages!.find((p) => p.name === 'libc6')!;
    assert.equal(withNameOnly.source!.name, 'glibc');
    assert.equal(withNameOnly.source!.version, withNameOnly.version);
    assert.match(withNameOnly.purl, /upstream=glibc(&|$)/);
  } finally { t.cleanup(); }
});

test('distroless status.d/: one stanza per file, md5sums ignored, same inventory as the status file', async () => {
  const t = snapshot();
  try {
    const status = readFileSync(join(t.dir, 'var/lib/dpkg/status'), 'utf8');
    const { packages: fromStatus } = await runOn(dpkgAnalyzer, dirImage(t.dir));
    // Lay the same real stanzas out the way distroless images do, without status or info/.
    const d = join(t.dir, 'distroless/var/lib/dpkg/status.d');
    mkdirSync(d, { recursive: true });
    const stanzas = status.split(/\n\n+/).filter((s) => s.trim());
    for (const s of stanzas) {
      const name = /^Package: (.*)$/m.exec(s)![1]!;
      writeFileSync(join(d, name), s.replace(/^Status: .*\n/m, '') + '\n');
      // The real md5sums file of the same package, where dpkg keeps one.
      let sums = 'd41d8cd98f00b204e9800998ecf8427e  usr/share/doc/x\n';
      for (const f of [`${name}.md5sums`, `${name}:amd64.md5sums`]) { try { sums = readFileSync(join(t.dir, 'var/lib/dpkg/info', f), 'utf8'); } catch { /* none */ } }
      writeFileSync(join(d, `${name}.md5sums`), sums);
    }
    mkdirSync(join(t.dir, 'distroless/etc'));
    writeFileSync(join(t.dir, 'distroless/etc/os-release'), readFileSync(join(t.dir, 'usr/lib/os-release')));
    const { packages } = await runOn(dpkgAnalyzer, dirImage(join(t.dir, 'distroless')));
    const key = (p: { name: string; version: string; arch?: string; source?: object; purl: string }) => JSON.stringify([p.name, p.version, p.arch, p.source, p.purl]);
    assert.deepEqual(packages!.map(key).sort(), fromStatus!.map(key).sort());
    assert.equal(packages![0]!.locations[0]!.path.startsWith('/var/lib/dpkg/status.d/'), true);
    // Owned files come from status.d/<name>.md5sums (config files are not in md5sums, so a subset of .list).
    const bash = packages!.find((p) => p.name === 'bash')!;
    assert.ok(bash.files!.includes('/usr/bin/bash') || bash.files!.includes('/bin/bash'), bash.files!.slice(0, 5).join(' '));
    const listed = new Set(fromStatus!.find((p) => p.name === 'bash')!.files);
    assert.ok(bash.files!.every((f) => listed.has(f) || listed.has(f.replace(/^\/usr/, ''))));
  } finally { t.cleanup(); }
});

test('rc and half-installed stanzas are not packages; Source forms', () => {
  assert.equal(isInstalled('install ok installed'), true);
  assert.equal(isInstalled('hold ok installed'), true);
  assert.equal(isInstalled('deinstall ok config-files'), false);
  assert.equal(isInstalled('install ok half-configured'), false);
  assert.equal(isInstalled('purge ok not-installed'), false);
  assert.equal(isInstalled(undefined), false);
  assert.deepEqual(parseSourceField('util-linux (2.38.1-5+deb12u3)'), { name: 'util-linux', version: '2.38.1-5+deb12u3' });
  assert.deepEqual(parseSourceField('glibc'), { name: 'glibc' });
  const [s] = parseStanzas('Package: a\nDescription: x\n more\n .\n end\nVersion: 1\n');
  assert.equal(s!.get('version'), '1');
  assert.equal(s!.get('description'), 'x\nmore\n.\nend');
});

test('machine-readable copyright gives licences; free-form gives none', () => {
  const dep5 = 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: x\nLicense: GPL-3+\n\nFiles: lib/*\nLicense: LGPL-2.1+\n\nLicense: GPL-3+\n On Debian systems...\n';
  assert.deepEqual(dep5Licenses(dep5), ['GPL-3+', 'LGPL-2.1+']);
  assert.deepEqual(dep5Licenses('This is the Debian GNU/Linux prepackaged version of foo.\nLicense: GPL\n'), []);
});

test('a package is attributed to the layer whose status file first listed it', async () => {
  const t = snapshot();
  try {
    const full = readFileSync(join(t.dir, 'var/lib/dpkg/status'));
    const stanzas = full.toString('utf8').split(/\n\n+/).filter((s) => s.trim());
    const base = Buffer.from(stanzas.slice(0, 100).join('\n\n') + '\n');
    const layer = (index: number) => ({ index, diffId: `sha256:${String(index).repeat(64)}` });
    const entry = (content: Buffer, index: number, deleted: boolean): FileEntry => ({
      info: { path: '/var/lib/dpkg/status', kind: 'file', size: content.length, mode: 0o644, layer: layer(index) }, content, truncated: false, deleted,
    });
    async function* files() { yield entry(base, 0, true); yield entry(full, 2, false); }
    const { packages } = await dpkgAnalyzer.analyze(files(), { readFile: () => undefined, warn: () => {} });
    const firstName = /^Package: (.*)$/m.exec(stanzas[0]!)![1];
    const lastName = /^Package: (.*)$/m.exec(stanzas[700]!)![1];
    assert.equal(packages!.find((p) => p.name === firstName)!.locations[0]!.layer.index, 0);
    assert.equal(packages!.find((p) => p.name === lastName)!.locations[0]!.layer.index, 2);
    assert.equal(packages!.filter((p) => p.locations[0]!.layer.index === 0).length, 100);
  } finally { t.cleanup(); }
});
