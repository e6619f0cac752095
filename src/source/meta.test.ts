// imageMeta's healthcheck and history, from real OCI layouts written by the fixture writer.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256, tarBuffer, writeOciLayout } from '../image/fixture-tar.js';
import { openImage } from './index.js';
import { imageMeta } from './meta.js';

const tmp = mkdtempSync(join(tmpdir(), 'hullscan-meta-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function metaOf(name: string, config: Record<string, unknown>) {
  const t = tarBuffer([{ name: 'etc/hostname', content: 'x\n' }]);
  await writeOciLayout(join(tmp, name), [{ blob: gzipSync(t), diffId: sha256(t) }], config);
  const [img] = await openImage(join(tmp, name));
  try { return imageMeta(img!); } finally { await img!.close(); }
}

test('healthcheck from config.Healthcheck (Docker field names, nanoseconds); history with empty-layer steps', async () => {
  const m = await metaOf('hc', {
    config: { Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 30e9, Timeout: 5e9, StartPeriod: 1e9, Retries: 3 } },
    history: [{ created: '2026-01-01T00:00:00Z', created_by: 'ENV A=b', empty_layer: true }, { created_by: 'COPY x /', comment: 'buildkit.dockerfile.v0' }],
  });
  assert.deepEqual(m.healthcheck, { test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 30e9, timeout: 5e9, startPeriod: 1e9, retries: 3 });
  assert.deepEqual(m.history, [
    { created: '2026-01-01T00:00:00Z', createdBy: 'ENV A=b', comment: undefined, emptyLayer: true },
    { created: undefined, createdBy: 'COPY x /', comment: 'buildkit.dockerfile.v0', emptyLayer: undefined },
  ]);
});

test('no Healthcheck, HEALTHCHECK NONE, and malformed fields', async () => {
  assert.equal((await metaOf('none', {})).healthcheck, undefined);
  assert.deepEqual((await metaOf('disabled', { config: { Healthcheck: { Test: ['NONE'] } } })).healthcheck, { test: ['NONE'] });
  assert.equal((await metaOf('bad', { config: { Healthcheck: { Test: 'CMD x', Interval: 'soon' } } })).healthcheck, undefined);
  assert.equal((await metaOf('no-history', {})).history, undefined);
});
