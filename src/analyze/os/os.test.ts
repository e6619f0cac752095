import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { CORPUS, dirImage, extractArchive, runOn, tempDir } from '../../inventory/testing/corpus.js';
import { detectOs, osAnalyzer } from './os.js';
import { parseOsRelease } from './release-files.js';

test('corpus: Debian 12 through the /etc/os-release -> ../usr/lib/os-release symlink, with debian_version', async () => {
  const { images, cleanup } = extractArchive(join(CORPUS, 'multiarch-index.oci.tar'));
  try {
    assert.equal(images.length, 2);
    for (const img of images) {
      const { os } = await runOn(osAnalyzer, img);
      assert.equal(os?.family, 'debian');
      assert.equal(os?.version, '12');
      assert.equal(os?.codename, 'bookworm');
      assert.equal(os?.name, 'Debian GNU/Linux 12 (bookworm)');
      assert.match(os?.metadata?.debianVersion ?? '', /^12\.\d+$/);
      assert.equal(os?.distroless, undefined);
    }
  } finally { cleanup(); }
});

test('corpus: the pkgdb snapshot reads debian_version 12.11', async () => {
  const t = tempDir();
  try {
    execFileSync('tar', ['-xzf', join(CORPUS, 'src/pkgdb-snapshot.tar.gz'), '-C', t.dir]);
    const { os } = await runOn(osAnalyzer, dirImage(t.dir));
    assert.deepEqual(os, { family: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12', codename: 'bookworm', metadata: { debianVersion: '12.11' } });
  } finally { t.cleanup(); }
});

test('symlink loop: no OS, no hang', async () => {
  const { images, cleanup } = extractArchive(join(CORPUS, 'bad/symlink-loop.docker.tar'));
  try {
    const { os } = await runOn(osAnalyzer, images[0]!);
    assert.equal(os, undefined);
  } finally { cleanup(); }
});

const m = (o: Record<string, string>) => new Map(Object.entries(o));

// The texts below are the files as shipped by each distribution.
test('os-release of other distributions', () => {
  assert.deepEqual(detectOs(m({ '/etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\n', '/etc/alpine-release': '3.19.1\n' })),
    { family: 'alpine', name: 'Alpine Linux v3.19', version: '3.19.1' });
  assert.deepEqual(detectOs(m({ '/usr/lib/os-release': 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=jammy\n' })),
    { family: 'ubuntu', name: 'Ubuntu 22.04.4 LTS', version: '22.04', codename: 'jammy' });
  assert.deepEqual(detectOs(m({
    '/etc/os-release': 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n',
    '/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n', '/etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n',
  })), { family: 'centos', name: 'CentOS Linux 7 (Core)', version: '7', metadata: { release: '7.9.2009' } });
  assert.equal(detectOs(m({ '/etc/os-release': 'NAME="Wolfi"\nID=wolfi\nVERSION_ID=20230201\nPRETTY_NAME="Wolfi"\n' }))?.family, 'wolfi');
  assert.equal(detectOs(m({ '/etc/os-release': 'ID=chainguard\nNAME="Chainguard"\nPRETTY_NAME="Chainguard"\nVERSION_ID=20230214\n' }))?.family, 'chainguard');
  assert.deepEqual(detectOs(m({ '/etc/os-release': 'NAME="Amazon Linux"\nVERSION="2"\nID="amzn"\nID_LIKE="centos rhel fedora"\nVERSION_ID="2"\nPRETTY_NAME="Amazon Linux 2"\n', '/etc/system-release': 'Amazon Linux release 2 (Karoo)\n' })),
    { family: 'amzn', name: 'Amazon Linux 2', version: '2' });
  assert.deepEqual(detectOs(m({ '/usr/lib/os-release': 'NAME="SLES"\nVERSION="15-SP5"\nVERSION_ID="15.5"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"\nID="sles"\nID_LIKE="suse"\n' })),
    { family: 'sles', name: 'SUSE Linux Enterprise Server 15 SP5', version: '15.5' });
  assert.equal(detectOs(m({ '/etc/os-release': 'NAME="openSUSE Leap"\nVERSION="15.5"\nID="opensuse-leap"\nVERSION_ID="15.5"\n' }))?.family, 'opensuse');
  // Debian testing: no VERSION_ID; the codename stays, the version is unknown rather than guessed.
  assert.deepEqual(detectOs(m({ '/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=trixie\nID=debian\n', '/etc/debian_version': 'trixie/sid\n' })),
    { family: 'debian', name: 'Debian GNU/Linux trixie/sid', codename: 'trixie', metadata: { debianVersion: 'trixie/sid' } });
  // An unknown ID is not guessed from ID_LIKE (that would match the wrong distro's advisories).
  assert.equal(detectOs(m({ '/etc/os-release': 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"\n' }))?.family, 'unknown');
});

test('release files without os-release', () => {
  assert.deepEqual(detectOs(m({ '/etc/redhat-release': 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n' })),
    { family: 'rhel', name: 'Red Hat Enterprise Linux Server release 7.9 (Maipo)', version: '7.9', codename: 'Maipo' });
  assert.equal(detectOs(m({ '/etc/centos-release': 'CentOS release 6.10 (Final)\n' }))?.version, '6.10');
  assert.equal(detectOs(m({ '/etc/alpine-release': '3.4.6\n' }))?.version, '3.4.6');
  assert.deepEqual(detectOs(m({ '/etc/debian_version': '8.11\n' })), { family: 'debian', name: 'Debian GNU/Linux 8', version: '8', metadata: { debianVersion: '8.11' } });
  assert.deepEqual(detectOs(m({ '/etc/SuSE-release': 'SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 3\n' })),
    { family: 'sles', name: 'SUSE Linux Enterprise Server 12 (x86_64)', version: '12.3' });
  assert.equal(detectOs(m({ '/etc/system-release': 'Amazon Linux AMI release 2018.03\n' }))?.version, '2018.03');
  assert.equal(detectOs(m({})), undefined);
  assert.equal(detectOs(m({ '/etc/os-release': '\u0000\u0001garbage' })), undefined);
});

test('os-release quoting', () => {
  assert.deepEqual(parseOsRelease('A="x \\"y\\""\nB=\'z\'\n# c\nC=plain\nbad line\n'), { A: 'x "y"', B: 'z', C: 'plain' });
});

test('distroless Debian: status.d/ without a status file', async () => {
  const t = tempDir();
  try {
    execFileSync('sh', ['-c', `mkdir -p ${t.dir}/etc ${t.dir}/var/lib/dpkg/status.d && printf 'ID=debian\\nVERSION_ID="12"\\nPRETTY_NAME="Distroless"\\n' > ${t.dir}/etc/os-release && printf 'Package: base-files\\nVersion: 12.4\\n' > ${t.dir}/var/lib/dpkg/status.d/base`]);
    const { os } = await runOn(osAnalyzer, dirImage(t.dir));
    assert.equal(os?.distroless, true);
    assert.equal(os?.name, 'Distroless');
  } finally { t.cleanup(); }
});

test('hostile images through the layer walk: path traversal still inventoried, symlink loops end with no OS', async () => {
  const { openImage } = await import('../../source/index.js');
  const { analyzeImage } = await import('../run.js');
  const { dpkgAnalyzer } = await import('../dpkg/dpkg.js');
  const run = async (file: string) => {
    const [image] = await openImage(join(CORPUS, 'bad', file));
    try {
      const a = await analyzeImage(image!, [osAnalyzer, dpkgAnalyzer]);
      return { os: a.facts.find((f) => f.analyzer === 'os')!.facts.os, packages: a.facts.find((f) => f.analyzer === 'dpkg')!.facts.packages ?? [], warnings: a.warnings };
    } finally { await image!.close(); }
  };
  const traversal = await run('path-traversal.docker.tar');
  assert.equal(traversal.os?.name, 'Debian GNU/Linux 12 (bookworm)');
  assert.deepEqual(traversal.packages.map((p) => p.name), ['zlib1g']);
  const loop = await run('symlink-loop.docker.tar');
  assert.equal(loop.os, undefined);
  assert.deepEqual(loop.packages, []);
  assert.ok(loop.warnings.some((w) => /symlink loop/.test(w)), loop.warnings.join('\n'));
});
