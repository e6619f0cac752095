import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from './client.js';
import { loadRegistrySettings, mergeRegistrySettings, parseRegistryHost } from './config.js';
import { openRegistryImage } from './image.js';
import { startRegistry, haveRegistryTools, freePort, type TestRegistry } from './test-registry.js';
import { parseImageOptions } from '../../cli/commands/scan-options.js';

const CORPUS = '/work/shared/corpus';
const TINY = `${CORPUS}/multiarch-two-images.docker.tar`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hullscan-regconfig-'));
}

test('hullscan config.yaml and docker daemon.json give mirrors and insecure hosts; flags come first', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'config.yaml'), 'registry-mirrors:\n  docker.io: [mirror.local:5000, "http://10.0.0.5:5000"]\n  ghcr.io:\n    - https://ghcr-mirror.example\ninsecure-registries: [registry.lab:5000]\n');
    writeFileSync(join(dir, 'daemon.json'), JSON.stringify({ 'registry-mirrors': ['https://mirror.gcr.io'], 'insecure-registries': ['10.0.0.0/8', 'old.lab:5000'] }));
    const cfg = loadRegistrySettings({ hullscanConfig: join(dir, 'config.yaml'), dockerDaemonJson: join(dir, 'daemon.json') });
    assert.deepEqual(cfg, {
      mirrors: { 'docker.io': ['mirror.local:5000', '10.0.0.5:5000', 'mirror.gcr.io'], 'ghcr.io': ['ghcr-mirror.example'] },
      insecure: ['10.0.0.5:5000', 'registry.lab:5000', 'old.lab:5000'],
    });
    const merged = mergeRegistrySettings({ mirrors: ['docker.io=fast.local'], insecure: ['my.reg:5000'] }, cfg);
    assert.deepEqual(merged.mirrors['docker.io'], ['fast.local', 'mirror.local:5000', '10.0.0.5:5000', 'mirror.gcr.io']);
    assert.deepEqual(merged.insecure, ['my.reg:5000', '10.0.0.5:5000', 'registry.lab:5000', 'old.lab:5000']);
    // the CLI reads $HULLSCAN_CONFIG
    const opts = parseImageOptions({ registryMirror: ['quay.io=q.local'] }, { HULLSCAN_CONFIG: join(dir, 'config.yaml') });
    assert.deepEqual(opts.mirrors?.['quay.io'], ['q.local']);
    assert.deepEqual(opts.mirrors?.['ghcr.io'], ['ghcr-mirror.example']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing config files are fine; malformed ones are one-line errors naming the file', () => {
  const dir = tempDir();
  try {
    assert.deepEqual(loadRegistrySettings({ hullscanConfig: join(dir, 'none.yaml'), dockerDaemonJson: join(dir, 'none.json') }), { mirrors: {}, insecure: [] });
    const bad = join(dir, 'bad.yaml');
    for (const text of ['registry-mirrors: [a, b]\n', 'registry-mirrors:\n  docker.io: 5\n', 'registry-mirrors: {docker.io: ["not a host/x"]}\n', '- a list\n', 'a: [unclosed\n']) {
      writeFileSync(bad, text);
      assert.throws(() => loadRegistrySettings({ hullscanConfig: bad, dockerDaemonJson: join(dir, 'none.json') }),
        (e: any) => (e.code === 'INPUT' || e.code === 'USAGE') && e.message.startsWith(bad) && !e.message.includes('\n'), text);
    }
    writeFileSync(join(dir, 'daemon.json'), '{"registry-mirrors": ');
    assert.throws(() => loadRegistrySettings({ hullscanConfig: bad + '.none', dockerDaemonJson: join(dir, 'daemon.json') }), /daemon\.json: not valid JSON/);
    assert.throws(() => mergeRegistrySettings({ mirrors: ['no-equals-sign'] }, { mirrors: {}, insecure: [] }), /--registry-mirror: 'no-equals-sign' is not domain=mirror-host/);
    assert.deepEqual(parseRegistryHost('http://[::1]:5000', 'x'), { host: '[::1]:5000', insecure: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('registry mirrors against real registries', { skip: haveRegistryTools() }, () => {
  let origin: TestRegistry, mirror: TestRegistry;
  before(async () => {
    [origin, mirror] = await Promise.all([startRegistry('none'), startRegistry('none')]);
    // the same tag holds different images, so the answer shows which host served it
    await origin.push(`docker-archive:${TINY}:hullscan/tiny:amd64`, 'team/tiny:1');
    await mirror.push(`docker-archive:${TINY}:hullscan/tiny:arm64`, 'team/tiny:1');
    await mirror.push(`docker-archive:${TINY}:hullscan/tiny:arm64`, 'library/tiny:1');
  });
  after(async () => { await origin?.stop(); await mirror?.stop(); });

  test('a mirror that has the image is used first, and its layers stream from it', async () => {
    const client = new RegistryClient({ insecure: [origin.host, mirror.host], mirrors: { [origin.host]: [mirror.host] } });
    const [img] = await openRegistryImage(`${origin.host}/team/tiny:1`, { client });
    assert.equal(img!.platform.architecture, 'arm64');
    for await (const _ of await img!.layers[0]!.open()) { /* verified while streaming */ }
  });

  test('Docker Hub names go to the docker.io mirror (no access to Docker Hub needed)', async () => {
    const client = new RegistryClient({ insecure: [mirror.host], mirrors: { 'docker.io': [mirror.host] } });
    const [img] = await openRegistryImage('tiny:1', { client });
    assert.equal(img!.platform.architecture, 'arm64');
  });

  test('a dead mirror falls through to the origin, once; a mirror without the image too', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const client = new RegistryClient({ insecure: [origin.host, dead], mirrors: { [origin.host]: [dead] }, attempts: 4 });
    const t0 = Date.now();
    const [img] = await openRegistryImage(`${origin.host}/team/tiny:1`, { client });
    assert.equal(img!.platform.architecture, 'amd64');
    for await (const _ of await img!.layers[0]!.open()) { /* from the origin */ }
    assert.ok(Date.now() - t0 < 3000, 'a dead mirror is neither retried nor asked again');
    const lacking = new RegistryClient({ insecure: [origin.host, mirror.host], mirrors: { [origin.host]: [mirror.host] } });
    await origin.push(`docker-archive:${TINY}:hullscan/tiny:amd64`, 'team/only-origin:1');
    const [img2] = await openRegistryImage(`${origin.host}/team/only-origin:1`, { client: lacking });
    assert.equal(img2!.platform.architecture, 'amd64');
  });
});
