import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('a user error whose cause spans lines is still printed as one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-cli-'));
  try {
    const vex = join(dir, 'vex.json');
    writeFileSync(vex, 'vm\nnot json\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'image', '/work/shared/corpus/multiarch-index.oci.tar', '--db', join(dir, 'none.db'), '--vex', vex], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^hullscan: error: .*vex\.json: VEX document is not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
