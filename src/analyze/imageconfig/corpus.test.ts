// The real corpus through the real pipeline (openImage, the layer walk, checkImageConfig), checked against an
// independent reading of the same layers by GNU tar with whiteouts applied here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { CORPUS, ON_DEMAND } from '../../inventory/testing/corpus.js';
import { openImage } from '../../source/index.js';
import { imageMeta } from '../../source/meta.js';
import type { ImageSource } from '../../source/types.js';
import { osAnalyzer } from '../os/os.js';
import { analyzeImage } from '../run.js';
import type { Misconfiguration } from '../types.js';
import { checkImageConfig } from './config.js';
import { imageFilesAnalyzer } from './files.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const NODE_APP = join(CORPUS, 'node-app.oci-zstd.tar');
const MINBASE = join(ON_DEMAND, 'debian12-minbase.oci.tar');

async function scan(archive: string) {
  const [img] = await openImage(archive);
  try {
    const r = await analyzeImage(img!, [osAnalyzer, imageFilesAnalyzer]);
    const os = r.facts.find((f) => f.analyzer === 'os')!.facts.os;
    const files = r.facts.find((f) => f.analyzer === 'imageconfig')!.facts.misconfigurations!;
    return { img: img!, os, warnings: r.warnings, files, config: checkImageConfig(imageMeta(img!), os, { now: NOW }) };
  } finally { await img!.close(); }
}

interface TarEntry { type: string; perm: string; link?: string }

/** The final filesystem as GNU tar lists the layers (OCI archive blobs), with overlayfs whiteouts applied. */
function tarOracle(archive: string, img: ImageSource): Map<string, TarEntry> {
  const fs = new Map<string, TarEntry>();
  const removeUnder = (dir: string) => { for (const k of [...fs.keys()]) if (k.startsWith(dir + '/')) fs.delete(k); };
  for (const layer of img.layers) {
    const zstd = layer.mediaType?.includes('zstd');
    const listing = execFileSync('sh', ['-c', `tar -xOf "$1" "$2" | tar -tv --numeric-owner ${zstd ? '--zstd' : '-z'} -f -`, 'sh',
      archive, `blobs/sha256/${layer.digest.slice(7)}`], { maxBuffer: 1 << 28 }).toString();
    const entries: [string, TarEntry][] = [];
    for (const line of listing.split('\n')) {
      const m = /^(\S)(\S{9})\s+\S+\s+\d+\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (!m) continue;
      let [, type, perm, name] = m as unknown as [string, string, string, string];
      let link: string | undefined;
      if (type === 'l') [name, link] = name.split(' -> ') as [string, string];
      if (type === 'h') [name, link] = name.split(' link to ') as [string, string];
      const path = '/' + name.replace(/\/$/, '');
      const base = posix.basename(path);
      // whiteouts hide lower layers only: apply them before this layer's own entries
      if (base === '.wh..wh..opq') removeUnder(posix.dirname(path));
      else if (base.startsWith('.wh.')) { const gone = posix.join(posix.dirname(path), base.slice(4)); fs.delete(gone); removeUnder(gone); }
      else entries.push([path, { type, perm, ...(link !== undefined ? { link } : {}) }]);
    }
    for (const [p, e] of entries) fs.set(p, e);
  }
  return fs;
}

const SYSTEM = /^\/(?:bin|sbin|usr|etc|lib|lib32|lib64|libx32|opt|boot|root|var\/lib|var\/spool)(?:\/|$)/;
const BIN = /^\/(?:usr\/(?:local\/)?)?s?bin\/([^/]+)$/;

function expected(fs: Map<string, TarEntry>) {
  const regular = (e: TarEntry) => e.type === '-' || e.type === 'h';
  const execFile = (p: string) => { const e = fs.get(p); return !!e && e.type === '-' && /x/.test(e.perm[2]! + e.perm[5]! + e.perm[8]!); };
  const named = (names: RegExp) => [...fs].filter(([p, e]) => {
    const m = BIN.exec(p);
    if (!m || !names.test(m[1]!)) return false;
    if (regular(e)) return /[xs]/.test(e.perm[2]! + e.perm[5]! + e.perm[8]!);
    return e.type === 'l' && execFile(e.link!.startsWith('/') ? e.link! : posix.join(posix.dirname(p), e.link!));
  }).map(([p]) => p).sort();
  return {
    setuidOrSetgid: [...fs].filter(([, e]) => regular(e) && (/[sS]/.test(e.perm[2]!) || /[sS]/.test(e.perm[5]!))).map(([p]) => p).sort(),
    worldWritable: [...fs].filter(([p, e]) => SYSTEM.test(p) && (regular(e) || e.type === 'd') && e.perm[7] === 'w' && !(e.type === 'd' && /[tT]/.test(e.perm[8]!))).map(([p]) => p).sort(),
    shells: named(/^(?:sh|r?bash|dash|ash|zsh|k?sh|mksh|t?csh|fish|busybox)$/),
    packageManagers: named(/^(?:apt|apt-get|aptitude|dpkg|apk|dnf|yum|microdnf|tdnf|rpm|zypper|pacman|pip[\d.]*|npm|yarn|pnpm|gem|conda|mamba|micromamba)$/),
    sudo: named(/^sudo$/),
  };
}

const byId = (list: Misconfiguration[]) => {
  const out: Record<string, Misconfiguration[]> = {};
  for (const m of list) (out[m.id] ??= []).push(m);
  return out;
};

function checkFilesAgainstTar(archive: string, scanned: Awaited<ReturnType<typeof scan>>) {
  const want = expected(tarOracle(archive, scanned.img));
  const got = byId(scanned.files);
  assert.ok(want.setuidOrSetgid.includes('/usr/bin/passwd') && want.setuidOrSetgid.includes('/usr/bin/su'), 'the oracle sees the usual setuid files');
  assert.deepEqual(got['HS-IMG-001']![0]!.paths, want.setuidOrSetgid);
  assert.deepEqual(got['HS-IMG-003']![0]!.paths, want.shells);
  assert.deepEqual(got['HS-IMG-004']![0]!.paths, want.packageManagers);
  assert.deepEqual(got['HS-IMG-002']?.[0]?.paths ?? [], want.worldWritable);
  assert.deepEqual(got['HS-DS-013']?.[0]?.paths ?? [], want.sudo);
  return want;
}

test('node-app: root, port 22, DB_PASSWORD in ENV and in history (redacted), untagged; file checks equal GNU tar with whiteouts', { timeout: 120_000 }, async () => {
  const s = await scan(NODE_APP);
  assert.deepEqual(s.warnings, []);
  const cfg = byId(s.config);
  assert.deepEqual(Object.keys(cfg).sort(), ['HS-DS-001', 'HS-DS-002', 'HS-DS-003', 'HS-DS-006', 'HS-DS-007']);
  assert.equal(cfg['HS-DS-002']![0]!.message, 'no USER is set: the container runs as root (uid 0)');
  assert.equal(cfg['HS-DS-006']![0]!.message, 'port 22/tcp (SSH) is exposed');
  assert.deepEqual(cfg['HS-DS-007']!.map((m) => m.message), [
    'ENV DB_PASSWORD has a literal value in the image configuration (value redacted)',
    'history step 4 (ENV): ENV DB_PASSWORD has a literal value (value redacted)',
  ]);
  assert.ok(!JSON.stringify([...s.config, ...s.files]).includes('hunter2'), 'the secret value appears in no finding');
  assert.equal(cfg['HS-DS-001']![0]!.message, "the image is only tagged 'latest'");
  // Debian 12 is supported until 2028-06-30 and the image is 327 days old: no HS-IMG-005 / HS-IMG-006
  assert.equal(s.os?.family, 'debian');

  const want = checkFilesAgainstTar(NODE_APP, s);
  assert.ok(want.shells.includes('/usr/bin/sh') && want.shells.includes('/usr/bin/bash'));
  assert.ok(want.packageManagers.includes('/usr/bin/apt-get'));
  assert.ok(!JSON.stringify(s.files).includes('/root/.aws'), 'deleted files never count');
});

test('debian12-minbase: root, shells, package managers, exact setuid/setgid list (GNU tar), no secrets', { timeout: 120_000 }, async (t) => {
  if (!existsSync(MINBASE)) return t.skip(`${MINBASE} missing: run the corpus build.sh extra`);
  const s = await scan(MINBASE);
  assert.deepEqual(s.warnings, []);
  const cfg = byId(s.config);
  assert.deepEqual(Object.keys(cfg).sort(), ['HS-DS-001', 'HS-DS-002', 'HS-DS-003']);
  assert.equal(cfg['HS-DS-007'], undefined, 'no secrets');
  const want = checkFilesAgainstTar(MINBASE, s);
  assert.deepEqual(Object.keys(byId(s.files)).sort(), ['HS-IMG-001', 'HS-IMG-003', 'HS-IMG-004']);
  assert.deepEqual(want.sudo, []);
  assert.deepEqual(want.worldWritable, []);
});
