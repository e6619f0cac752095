// apk-tools has no Debian package, so the reference is apk-tools' own published vectors
// (test/version.data from alpinelinux/apk-tools, copied verbatim to testdata/version/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareApkLenient } from './apk.js';
import { compareVersions, isValidVersion } from './index.js';

const DATA = fileURLToPath(new URL('../../testdata/version/apk-tools-version.data', import.meta.url));
const SIGN: Record<string, number> = { '<': -1, '=': 0, '>': 1 };

function vectors(): { a: string; b: string; s: number }[] {
  const out = [];
  for (const raw of readFileSync(DATA, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [a, op, b] = line.split(/\s+/);
    out.push({ a: a!, b: b!, s: SIGN[op!]! });
  }
  return out;
}

test('apk: agrees with every pair of apk-tools test/version.data, both ways round', () => {
  const vs = vectors();
  assert.ok(vs.length > 700);
  const bad = [];
  for (const { a, b, s } of vs) {
    if (Math.sign(compareApkLenient(a, b)) !== s || Math.sign(compareApkLenient(b, a)) !== -s) bad.push(`${a} ${b} ${s}`);
    // Valid versions go through the public API the same way.
    if (isValidVersion('apk', a) && isValidVersion('apk', b)) assert.equal(Math.sign(compareVersions('apk', a, b)), s, `${a} vs ${b}`);
  }
  assert.deepEqual(bad, []);
});

test('apk: invalid versions are rejected with a VERSION error', () => {
  for (const v of ['', '1.0bc', '23_foo', '1.0-1', '1.0-r', '1.0~', '1.0~xyz', 'a1', '1.0_', '1..0', '1.0-r1-r2', '1.0 ']) {
    assert.equal(isValidVersion('apk', v), false, v);
    assert.throws(() => compareVersions('apk', v, '1.0'), { code: 'VERSION' }, v);
  }
  for (const v of ['1.0', '1.0_alpha', '1.0_alpha1_pre2', '1.2.3a_rc1_p2-r10', '0.01', '2.12r-r4', '1.0_git20240101-r0', '1.0-r0', '1.0~abc123-r1']) {
    assert.equal(isValidVersion('apk', v), true, v);
  }
});

test('apk: suffix and revision order', () => {
  const ordered = ['1.0_alpha', '1.0_alpha1', '1.0_beta', '1.0_pre', '1.0_rc1', '1.0', '1.0-r1', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p1', '1.0a', '1.0.1'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.ok(compareVersions('apk', ordered[i]!, ordered[i + 1]!) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
  }
});

test('apk: leading-zero parts compare as text (apk-tools token_cmp), so 8.2.0015 < 8.2.002', () => {
  const ordered = ['1.0', '1.00', '1.001', '1.01', '1.1'];
  for (let i = 0; i + 1 < ordered.length; i++) assert.ok(compareVersions('apk', ordered[i]!, ordered[i + 1]!) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
  assert.ok(compareVersions('apk', '8.2.0015', '8.2.002') < 0);
  assert.ok(compareVersions('apk', '1.05', '1.5') < 0);
});

test('apk: every secfixes version in alpine-secdb parses, except the malformed ones apk-tools also rejects', async (t) => {
  const { readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const YAML = (await import('yaml')).default;
  const root = '/work/shared/vulndata/alpine';
  let dirs: string[];
  try { dirs = readdirSync(root); } catch { t.skip(`${root} not present`); return; }
  let total = 0;
  const invalid = new Set<string>();
  for (const d of dirs) for (const f of readdirSync(join(root, d))) {
    const doc = YAML.parse(readFileSync(join(root, d, f), 'utf8'));
    for (const p of doc.packages ?? []) for (const v of Object.keys(p.pkg.secfixes ?? {})) {
      total++;
      if (!isValidVersion('apk', v)) invalid.add(v);
    }
  }
  assert.ok(total > 4000, `only ${total} versions`);
  // Each of these is visibly malformed ('.-r', '.r2', '-33', a letter after a letter-less revision...).
  assert.deepEqual([...invalid].sort(), ['0.12.5.-r0', '0.8.21.r2', '1.0.4.-r0', '1.11-20-r0', '1.18.-r2', '1.7.5.-r1', '10.2.22.r0',
    '10.2.24.r0', '10.2.26.r0', '2.15.r-r1', '2.7.16-33', '4.10-1-r1', '4.8.0.-r1', '57-1-r2', '6.6.2p1-r0']);
});
