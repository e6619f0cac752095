// Through the CLI (`hullscan image …`), every registry/daemon/config problem a user can cause is one
// line on stderr, `hullscan: error: <subject>: <problem>`, and exit code 2.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, haveRegistryTools, freePort, type TestRegistry } from './test-registry.js';

const CORPUS = '/work/shared/corpus';

function hullscan(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, DOCKER_CONFIG: '/nonexistent', HULLSCAN_CONFIG: '/nonexistent.yaml', ...env }, timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }));
  });
}

describe('CLI: registry errors are one line, exit 2', { skip: haveRegistryTools() }, () => {
  let anon: TestRegistry, basic: TestRegistry, old: Server;
  let oldHost = '';
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-cli-errors-'));
  const db = join(dir, 'kev.db');
  before(async () => {
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'db', 'build', '--from', '/work/shared/vulndata/kev', '-o', db, '-q'], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    [anon, basic] = await Promise.all([startRegistry('none'), startRegistry('basic')]);
    await basic.push(`docker-archive:${CORPUS}/multiarch-two-images.docker.tar:hullscan/tiny:amd64`, 'tiny:1');
    const port = await freePort();
    oldHost = `127.0.0.1:${port}`;
    old = createServer((_q, res) => res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' }).end('{"schemaVersion":1,"name":"old","tag":"1","architecture":"amd64","fsLayers":[],"history":[]}'));
    await new Promise<void>((r) => old.listen(port, '127.0.0.1', () => r()));
    writeFileSync(join(dir, 'bad.yaml'), 'registry-mirrors: [1\n');
  });
  after(async () => {
    await anon?.stop();
    await basic?.stop();
    old?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, () => string[], RegExp, NodeJS.ProcessEnv?][] = [
    ['plain HTTP without --insecure', () => [`${anon.host}/x:1`], /does not speak HTTPS \(plain HTTP\?\); registries are reached over HTTPS unless named with --insecure 127\.0\.0\.1:\d+$/],
    ['image not in the registry', () => [`${anon.host}/nothere:1`, '--insecure', anon.host], /nothere:1: not found in registry \(HTTP 404\)$/],
    ['credentials needed', () => [`${basic.host}/tiny:1`, '--insecure', basic.host], /registry requires credentials \(use --username\/--password or docker login\)$/],
    ['credentials refused', () => [`${basic.host}/tiny:1`, '--insecure', basic.host, '--username', 'hullscan', '--password', 'wrong'], /access denied \(HTTP 401\)/],
    ['schema-1 manifest', () => [`registry:${oldHost}/old:1`, '--insecure', oldHost], /schema 1 manifests are deprecated and not supported/],
    ['invalid reference', () => ['registry:Bad/Name:1'], /invalid image reference: repository name must be lowercase$/],
    ['no docker daemon', () => ['docker:alpine:3'], /cannot reach the docker daemon at \/nonexistent\.sock/, { DOCKER_HOST: 'unix:///nonexistent.sock' }],
    ['bad --image-src', () => ['alpine', '--image-src', 'bogus'], /--image-src: unknown image source 'bogus'/],
    ['bad --registry-mirror', () => ['alpine', '--registry-mirror', 'nope'], /--registry-mirror: 'nope' is not domain=mirror-host$/],
    ['broken config file', () => ['alpine'], /bad\.yaml: not valid YAML: .*[^:]$/, { HULLSCAN_CONFIG: '' }],
  ];

  test('each case', async () => {
    const runs = await Promise.all(cases.map(async ([name, args, re, env]) => {
      const e = env?.HULLSCAN_CONFIG === '' ? { HULLSCAN_CONFIG: join(dir, 'bad.yaml') } : env;
      return { name, re, ...(await hullscan(['image', ...args(), '--db', db, '--no-cache'], e)) };
    }));
    for (const r of runs) {
      assert.equal(r.code, 2, `${r.name}: exit ${r.code}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${r.name}: ${r.stderr}`);
      assert.match(lines[0]!, /^hullscan: error: /, r.name);
      assert.match(lines[0]!, r.re, r.name);
    }
  });
});
