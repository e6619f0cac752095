import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyPolicy } from '../policy/apply.js';
import { writers } from './index.js';
import { MASK, redactOutcome, redactText } from './redact.js';
import { NOW } from './testdata/outcomes.js';
import { nodeAppFullScan, nodeAppRawSecrets } from './testdata/other-findings.js';

describe('redaction in every output format', () => {
  const raw = nodeAppRawSecrets();

  /**
   * node-app with its real secrets where a careless pipeline could leak them: the env (DB_PASSWORD), a build
   * step recording a build argument (`RUN |1 DB_PASSWORD=...`, as BuildKit writes it), a misconfiguration
   * message quoting the env value, and secret matches the scanner failed to redact (the AWS key id and secret
   * key, the first and last PEM body lines of /app/config/id_rsa).
   */
  function leakyResult() {
    const s = nodeAppFullScan();
    const layers = s.inventory.image.layers;
    layers[2] = { ...layers[2]!, createdBy: 'RUN |1 DB_PASSWORD=hunter2-example /bin/sh -c npm ci --ignore-scripts # buildkit' };
    for (const p of s.inventory.packages) for (const l of p.locations) if (l.layer.index === 2) l.layer = layers[2]!;
    s.inventory.image.cmd = ['node', '/app/index.js', '--db-password=hunter2-example'];
    const [awsId, awsKey, pemFirst, pemLast] = raw;
    s.inventory.secrets.push(
      { ...s.inventory.secrets[0]!, match: `aws_access_key_id = ${awsId}`, line: 2 },
      { ...s.inventory.secrets[1]!, match: `aws_secret_access_key = ${awsKey}`, line: 3 },
      { ...s.inventory.secrets[2]!, match: pemFirst!, line: 2 },
      { ...s.inventory.secrets[2]!, match: pemLast!, line: 26 },
    );
    s.inventory.warnings.push('config: DB_PASSWORD=hunter2-example looks like a secret');
    return s;
  }

  it('the fixture really holds every raw secret (so the check below can fail)', () => {
    const text = JSON.stringify(leakyResult());
    for (const secret of raw) assert.ok(text.includes(secret), secret);
  });

  let leaky: ReturnType<typeof applyPolicy> | undefined;
  for (const w of writers) {
    it(`${w.format}: none of node-app's raw secrets appears`, () => {
      const outcome = (leaky ??= applyPolicy([leakyResult()], { now: NOW, failOn: 'HIGH' }));
      const text = w.write(outcome, { now: NOW, width: 200 });
      assert.ok(text.length > 100);
      for (const secret of raw) assert.ok(!text.includes(secret), `${w.format} prints ${secret}`);
      if (['table', 'json', 'sarif', 'html', 'csv', 'junit', 'markdown'].includes(w.format)) assert.ok(text.includes(MASK) || text.includes('\\*\\*\\*\\*\\*'), `${w.format} shows that something was redacted`);
    });
  }

  it('keeps what identifies a secret and what is not one: names, hex digests, paths, already-masked text', () => {
    assert.equal(redactText('ENV NODE_ENV=production DB_PASSWORD=hunter2-example'), 'ENV NODE_ENV=production DB_PASSWORD=*****');
    assert.equal(redactText('"api_key": "abc123"'), '"api_key": *****');
    assert.equal(redactText('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'), '-----BEGIN RSA PRIVATE KEY-----*****-----END RSA PRIVATE KEY-----');
    assert.equal(redactText('curl -u x https://deploy:s3cr3t@registry.example/v2/'), 'curl -u x https://deploy:*****@registry.example/v2/');
    for (const keep of [
      '/bin/sh -c #(nop) ADD file:2be5dec7f2bce50ec3ec66646607220e53953cfe3bd79888e02b626ab79b5b39 in / ',
      'RUN /bin/sh -c npm ci --ignore-scripts # buildkit', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin', 'COPY secrets/ / # buildkit',
      '/usr/lib/x86_64-linux-gnu/libQt5WebEngineCore.so.5.15.2', 'aws_secret_access_key = *****', 'DB_PASSWORD=*****',
    ]) assert.equal(redactText(keep), keep);
    for (const s of raw) assert.equal(redactText(redactText(`x ${s} y`)), redactText(`x ${s} y`), 'idempotent');
  });

  it('stays linear on hostile text (a history line is image input): 200 KB shapes that backtrack badly in naive patterns', () => {
    const assignmentsOnly = 'ENV A=1:PASSWORD=x B=2';
    assert.equal(redactText(assignmentsOnly), 'ENV A=1:PASSWORD=***** B=2', 'a value of another assignment is scanned too');
    for (const hostile of ['a.'.repeat(100_000), 'password'.repeat(25_000), '://a:'.repeat(40_000), 'password="'.repeat(20_000),
      ' eyJaaaaaaaaaa.'.repeat(15_000), '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(5000), ('A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p ').repeat(6000)]) {
      const t = performance.now();
      redactText(hostile);
      const ms = performance.now() - t;
      assert.ok(ms < 2000, `${hostile.slice(0, 20)}…: ${Math.round(ms)} ms`);
    }
  });

  it('redactOutcome keeps shared objects shared and leaves the input untouched', () => {
    const s = leakyResult();
    const outcome = applyPolicy([s], { now: NOW });
    const red = redactOutcome(outcome);
    const f = red.results[0]!.findings[0]!;
    assert.ok(red.results[0]!.inventory.packages.includes(f.package), 'a finding still points at its inventory package');
    assert.ok(JSON.stringify(outcome).includes('hunter2-example'), 'the input is not modified');
    assert.ok(!JSON.stringify(red).includes('hunter2-example'));
  });
});
