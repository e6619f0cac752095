// `hullscan compare` on two corpus images through the CLI: its counts equal the difference of the two
// single scans (node-app: npm; multi-lang: Go and PyPI; both on the same Debian base).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../match/model.js';
import { applyPolicy } from '../../policy/apply.js';
import { SEVERITY_LEVELS } from '../../policy/severity.js';
import { scanImage } from '../../scan.js';
import { buildDb } from '../../vulndb/index.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const A = '/work/shared/corpus/node-app.oci-zstd.tar';
const B = '/work/shared/corpus/multi-lang.docker.tar';
const OSV = '/work/shared/vulndata/osv';

describe('hullscan compare node-app multi-lang', { skip: !(existsSync(A) && existsSync(B)) && 'corpus missing' }, () => {
  let dir: string;
  let a: ScanResult[], b: ScanResult[];
  let cli: { status: number | null; stdout: string; stderr: string };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hullscan-compare-'));
    const db = join(dir, 'db.sqlite');
    await buildDb({ from: [join(OSV, 'npm'), join(OSV, 'go'), join(OSV, 'pypi')], out: db });
    const opts = { dbPath: db, cacheDir: join(dir, 'cache') };
    a = await scanImage(A, opts);
    b = await scanImage(B, opts);
    cli = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'compare', A, B, '--db', db, '--cache-dir', join(dir, 'cache'),
      '--format', 'json', '--fail-on-new', 'critical'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  }, { timeout: 600_000 });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('side counts are the single scans’ counts and B − A = added − removed', () => {
    const doc = JSON.parse(cli.stdout);
    const ca = applyPolicy(a).counts, cb = applyPolicy(b).counts;
    assert.deepEqual(doc.a.counts, ca);
    assert.deepEqual(doc.b.counts, cb);
    for (const s of SEVERITY_LEVELS) {
      assert.equal(doc.delta[s], cb[s] - ca[s]);
      const added = doc.vulnerabilities.added.filter((v: { severity: string }) => v.severity === s).length;
      const removed = doc.vulnerabilities.removed.filter((v: { severity: string }) => v.severity === s).length;
      assert.equal(doc.delta[s], added - removed, s);
    }
    assert.ok(doc.vulnerabilities.removed.length > 0 && doc.vulnerabilities.added.length > 0, 'npm findings go, Go/PyPI findings come');
    assert.equal(doc.packages.unchanged >= 88, true, 'the shared Debian base');
  });

  it('--fail-on-new critical exits 1 exactly when B adds a critical', () => {
    const doc = JSON.parse(cli.stdout);
    const newCritical = doc.vulnerabilities.added.some((v: { severity: string }) => v.severity === 'CRITICAL');
    assert.equal(cli.status, newCritical ? 1 : 0, cli.stderr);
  });
});
