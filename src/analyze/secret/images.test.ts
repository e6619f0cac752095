// The secret analyzer on the real corpus images, through the product's layer walk (openImage +
// analyzeImage, with the on-disk layer cache): node-app's planted secrets where they were added
// (the AWS key in layer 4 although layer 5 deleted it), nothing on the Debian base layer (the
// debian12-minbase layer, byte for byte), the image configuration's DB_PASSWORD, and no raw secret
// anywhere: not in the facts, not in the cached layer scans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { openImage } from '../../source/index.js';
import { imageMeta } from '../../source/meta.js';
import { DiskLayerCache } from '../../image/layer-cache.js';
import { analyzerKey } from '../../image/walk.js';
import { analyzeImage } from '../run.js';
import type { Analyzer, SecretFinding } from '../types.js';
import { BUILTIN_ALLOW_RULES } from './allow-rules.js';
import { createSecretAnalyzer, secretAnalyzer } from './analyzer.js';
import { findImageConfigSecrets } from './image-config.js';

const CORPUS = '/work/shared/corpus';
const NODE_APP = join(CORPUS, 'node-app.oci-zstd.tar');
const NODE_APP_DOCKER = '/tmp/hullscan-corpus/out/node-app.docker.tar';
const MINBASE = '/tmp/hullscan-corpus/out/debian12-minbase.docker.tar';

// The planted secrets, as the corpus built them (src/node-app/secrets).
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY_LINES = readFileSync(join(CORPUS, 'src/node-app/secrets/id_rsa'), 'utf8').split('\n').filter((l) => /^[A-Za-z0-9+/=]{20,}$/.test(l));
const RAW = [AWS_ID, AWS_SECRET, 'hunter2-example', ...KEY_LINES];

/** The secret analyzer with every built-in allow rule off: the whole image is read by every rule. */
const readEverything: Analyzer = { ...createSecretAnalyzer({ disableAllowRules: BUILTIN_ALLOW_RULES.map((r) => r.id) }), name: 'secret-all' };

const line = (f: SecretFinding) => `${f.rule} ${f.path}:${f.line} layer=${f.layer?.index} deleted=${f.deleted} ${f.match}`;

function assertNoRawSecret(what: string, value: unknown): void {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value));
  for (const raw of RAW) assert.ok(!bytes.includes(raw), `${what} holds the raw secret ${raw.slice(0, 6)}...`);
}

async function scan(path: string, analyzers: Analyzer[], cacheDir?: string) {
  const [image] = await openImage(path);
  try {
    const layerCache = cacheDir ? new DiskLayerCache(cacheDir) : undefined;
    const analysis = await analyzeImage(image!, analyzers, { layerCache });
    const of = (name: string) => analysis.facts.find((f) => f.analyzer === name)?.facts.secrets ?? [];
    return { image: image!, analysis, of, layerCache };
  } finally {
    await image!.close();
  }
}

const NODE_APP_FINDINGS = [
  `aws-access-key-id /root/.aws/credentials:2 layer=3 deleted=true aws_access_key_id = *****`,
  `aws-secret-access-key /root/.aws/credentials:3 layer=3 deleted=true aws_secret_access_key = *****`,
  `private-key /app/config/id_rsa:1 layer=3 deleted=false -----BEGIN RSA PRIVATE KEY-----*****-----END RSA PRIVATE KEY-----`,
];

test('node-app (OCI, zstd): the AWS key of layer 4 (deleted by layer 5), the private key, not id_rsa.pub, nothing on the Debian base; no raw secret in facts or cache', { timeout: 180_000 }, async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hullscan-secret-cache-'));
  try {
    const { image, analysis, of, layerCache } = await scan(NODE_APP, [secretAnalyzer, readEverything], cacheDir);
    assert.deepEqual(analysis.warnings, []);
    const found = of('secret');
    assert.deepEqual(found.map(line).sort(), NODE_APP_FINDINGS);
    const aws = found.find((f) => f.rule === 'aws-access-key-id')!;
    assert.equal(aws.layer!.createdBy, 'COPY secrets/ / # buildkit');
    assert.equal(aws.layer!.diffId, image.layers[3]!.diffId);
    assert.equal(aws.severity, 'CRITICAL');
    assert.ok(!found.some((f) => f.path.endsWith('.pub')));

    // Every rule over every file: the Debian base layer (debian12-minbase) still gives nothing;
    // what the built-in allow rules drop is in node_modules only (an example password in a README,
    // the coveralls repo token that the debug package shipped).
    const all = of('secret-all');
    assert.deepEqual(all.filter((f) => f.layer!.index === 0).map(line), []);
    assert.deepEqual(all.filter((f) => !found.some((g) => g.path === f.path && g.line === f.line)).map((f) => `${f.rule} ${f.path}`).sort(), [
      'generic-password /app/node_modules/node-forge/README.md',
      'generic-secret /app/node_modules/debug/.coveralls.yml',
    ]);

    // The image configuration: DB_PASSWORD in Env and in the history step that set it.
    const config = findImageConfigSecrets({ env: image.config.config?.Env, history: image.config.history, layers: imageMeta(image).layers });
    assert.deepEqual(config.map(line), [
      'generic-password config:env:3 layer=undefined deleted=false DB_PASSWORD=*****',
      'generic-password config:history:undefined layer=undefined deleted=false ENV NODE_ENV=production DB_PASSWORD=*****',
    ]);

    assertNoRawSecret('the facts', analysis.facts);
    assertNoRawSecret('the config findings', config);
    // The layer cache on disk holds each layer's scan: the secret analyzers leave only redacted findings there.
    const key = analyzerKey([secretAnalyzer, readEverything]);
    for (const l of image.layers) {
      const cached = await layerCache!.get(l.diffId, key);
      assert.ok(cached, `layer ${l.index} cached`);
      assertNoRawSecret(`cached layer ${l.index}`, serialize(cached));
    }
    // A second scan from the cache finds the same.
    const again = await scan(NODE_APP, [secretAnalyzer, readEverything], cacheDir);
    assert.deepEqual(again.of('secret').map(line).sort(), NODE_APP_FINDINGS);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('node-app as docker-archive (gzip): the same findings', { timeout: 120_000 }, async (t) => {
  if (!existsSync(NODE_APP_DOCKER)) return t.skip(`${NODE_APP_DOCKER} is missing (build with ../shared/corpus/build.sh extra /tmp/hullscan-corpus)`);
  const { of } = await scan(NODE_APP_DOCKER, [secretAnalyzer]);
  assert.deepEqual(of('secret').map(line).sort(), NODE_APP_FINDINGS);
});

test('debian12-minbase: 0 findings, with the built-in allow rules and without them', { timeout: 120_000 }, async (t) => {
  if (!existsSync(MINBASE)) return t.skip(`${MINBASE} is missing (build with ../shared/corpus/build.sh extra /tmp/hullscan-corpus); its layer is node-app's layer 1, checked above`);
  const { of, image } = await scan(MINBASE, [secretAnalyzer, readEverything]);
  assert.deepEqual(of('secret').map(line), []);
  assert.deepEqual(of('secret-all').map(line), []);
  assert.deepEqual(findImageConfigSecrets({ env: image.config.config?.Env, history: image.config.history, layers: imageMeta(image).layers }), []);
});
