import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LayerScan, ScannedFile } from './layer-scan.js';
import { entryPath, joinInsideRoot } from './paths.js';
import { SquashedView } from './squash.js';

function layer(index: number, parts: Partial<LayerScan>): LayerScan {
  return {
    index, digest: `sha256:${index}`, diffId: `sha256:d${index}`, compression: 'none', compressedSize: 0, uncompressedSize: 0,
    entryCount: 0, files: [], symlinks: [], whiteouts: [], opaqueDirs: [], warnings: [], ...parts,
  };
}
const file = (path: string, content = path): ScannedFile => ({ path, kind: 'file', size: content.length, mode: 0o644, wantedBy: ['a'], content: Buffer.from(content) });

test('entry names: hostile ones refused, others normalised', () => {
  assert.equal(entryPath('./etc//os-release'), '/etc/os-release');
  assert.equal(entryPath('usr/lib/'), '/usr/lib');
  assert.equal(entryPath('.'), '/');
  assert.equal(entryPath('/etc/passwd'), undefined);
  assert.equal(entryPath('../x'), undefined);
  assert.equal(entryPath('a/../../x'), undefined);
  assert.deepEqual(joinInsideRoot('/etc', '../usr/lib/os-release'), { path: '/usr/lib/os-release', clamped: false });
  assert.deepEqual(joinInsideRoot('/a', '../../../tmp'), { path: '/tmp', clamped: true });
  assert.deepEqual(joinInsideRoot('/a/b', '/tmp/x'), { path: '/tmp/x', clamped: false });
});

test('symlink resolution stays inside the root, is cycle-safe and bounded', () => {
  const v = SquashedView.build([layer(0, {
    files: [file('/usr/lib/os-release'), file('/opt/real/x')],
    symlinks: [['/etc/os-release', '../usr/lib/os-release'], ['/a', 'b'], ['/b', 'a'], ['/self', 'self'],
      ['/dirloop/back', '.'], ['/dirloop/up', '../dirloop'], ['/out', '../../../../opt'], ['/abs', '/opt/real'], ['/chain1', 'chain2'], ['/chain2', '/etc/os-release']],
  })]);
  assert.equal(v.lookup('/etc/os-release')?.path, '/usr/lib/os-release');
  assert.equal(v.lookup('/chain1')?.path, '/usr/lib/os-release');
  assert.equal(v.lookup('/out/real/x')?.path, '/opt/real/x');
  assert.equal(v.lookup('/abs/x')?.path, '/opt/real/x');
  assert.equal(v.resolve('/dirloop/back/back/up/back/up/z'), '/dirloop/z');
  const t0 = Date.now();
  assert.equal(v.lookup('/a'), undefined);
  assert.equal(v.lookup('/self'), undefined);
  assert.ok(Date.now() - t0 < 100);
  assert.ok(v.warnings.some((w) => w.startsWith('symlink loop: /a')));
  assert.equal(v.resolve('/a', false), '/a', 'the link itself, not followed');
});

test('layers in order: whiteout removes a subtree, opaque only the lower contents, replacements are kept as deleted', () => {
  const v = SquashedView.build([
    layer(0, { files: [file('/d/x'), file('/d/sub/y'), file('/o/x'), file('/f')], symlinks: [['/link', '/f']] }),
    layer(1, { whiteouts: ['/d', '/link'], opaqueDirs: ['/o'], files: [file('/o/new'), file('/f', 'v2')] }),
    layer(2, { symlinks: [['/f', '/o/new']] }),
  ]);
  assert.deepEqual([...v.live.keys()].sort(), ['/o/new']);
  assert.deepEqual(v.deleted.map((d) => `${d.path}@${d.layer.index}`).sort(), ['/d/sub/y@0', '/d/x@0', '/f@0', '/f@1', '/o/x@0']);
  assert.equal(v.lookup('/f')?.path, '/o/new', 'a file replaced by a symlink');
  assert.equal(v.lookup('/link'), undefined);
});
