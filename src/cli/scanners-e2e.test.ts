// End to end through the real CLI (issue 8): node-app scanned with the misconfig, secret and licence
// scanners finds the root user, port 22, DB_PASSWORD, the AWS key of the layer that a later layer deleted
// it from, the private key; every report format written in that one run carries none of the secrets,
// and the gate fails on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FORMATS } from '../report/index.js';

const NODE_APP = '/work/shared/corpus/node-app.oci-zstd.tar';
const PEM = readFileSync('/work/shared/corpus/src/node-app/secrets/id_rsa', 'utf8').split('\n').filter((l) => l && !l.startsWith('-----'));
/** The planted secrets (corpus README): none may appear in any output. */
const RAW_SECRETS = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'hunter2-example', PEM[0]!, PEM[PEM.length - 1]!];

function hullscan(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 240_000 });
}

test('node-app: misconfigurations, secrets (deleted ones too) and licences in every format, redacted, and gated', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-scanners-'));
  try {
    const formats = REPORT_FORMATS.filter((f) => f !== 'json');
    const r = hullscan(['image', NODE_APP, '--no-cache', '--scanners', 'misconfig,secret,license', '--format', 'json',
      ...formats.flatMap((f) => ['-o', `${f}=${join(dir, `report.${f}`)}`]), '--exit-code', '1', '--fail-on', 'HIGH']);
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    const result = doc.results[0];

    const misconfigs = new Set(result.misconfigurations.map((m: { id: string }) => m.id));
    for (const id of ['HS-DS-002', 'HS-DS-006', 'HS-DS-007']) assert.ok(misconfigs.has(id), `${id} (root user, port 22, DB_PASSWORD in ENV) found`);

    const secrets = result.secrets as { rule: string; path: string; deleted: boolean; layer?: { index: number; createdBy?: string } | number | null; match: string }[];
    const layerIndex = (s: (typeof secrets)[number]) => (typeof s.layer === 'object' && s.layer ? s.layer.index : s.layer);
    const aws = secrets.find((s) => s.rule === 'aws-access-key-id');
    assert.ok(aws, 'the AWS key is found although layer 5 deleted it');
    assert.equal(aws.path, '/root/.aws/credentials');
    assert.equal(aws.deleted, true);
    assert.equal(layerIndex(aws), 3, 'in the fourth layer (COPY secrets/ /), where it was added');
    const key = secrets.find((s) => s.rule === 'private-key');
    assert.ok(key && key.path === '/app/config/id_rsa' && !key.deleted, 'the private key still in the final image');
    assert.ok(!secrets.some((s) => s.path.endsWith('.pub')), 'a public key is not a secret');
    assert.ok(secrets.some((s) => s.path === 'config:env' && s.match.includes('DB_PASSWORD')), 'DB_PASSWORD in the config env');

    assert.ok(result.licenses.length > 88, 'a licence finding per package licence');

    const outputs: Record<string, string> = { json: r.stdout };
    for (const f of formats) outputs[f] = readFileSync(join(dir, `report.${f}`), 'utf8');
    for (const [format, text] of Object.entries(outputs)) {
      for (const secret of RAW_SECRETS) assert.ok(!text.includes(secret), `${format} report must not contain ${secret.slice(0, 6)}…`);
    }
    assert.ok(!r.stderr.includes('hunter2'), 'nor the warnings on stderr');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--scanners: an unknown scanner is a one-line usage error', () => {
  const r = hullscan(['image', NODE_APP, '--scanners', 'vuln,sast']);
  assert.equal(r.status, 2);
  assert.match(r.stderr.trim(), /^hullscan: error: --scanners: unknown scanner 'sast'[^\n]*$/);
});

test('library: with the secret scanner on, no build step in the inventory shows the secret, also from a cached analysis', { timeout: 240_000 }, async () => {
  const { scanImage } = await import('../scan.js');
  const cacheDir = mkdtempSync(join(tmpdir(), 'hullscan-scanners-cache-'));
  try {
    for (const run of ['cold', 'cached']) {
      const [r] = await scanImage(NODE_APP, { scanners: ['secret'], cacheDir });
      const { env, ...rest } = r!.inventory.image;
      assert.ok(env?.some((e) => e.includes('hunter2-example')), 'the image config itself is returned as it is');
      const text = JSON.stringify({ ...r!.inventory, image: rest });
      assert.ok(!text.includes('hunter2-example'), `${run}: a build step or finding shows the secret`);
      assert.ok(r!.inventory.image.history?.some((h) => h.createdBy?.includes('DB_PASSWORD=*****')), `${run}: the history step is shown redacted`);
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
});
