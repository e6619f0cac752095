import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyDockerfile, parseAssignments, parseCreatedBy } from './history.js';

test('classic builder: #(nop) instructions, RUN as "/bin/sh -c", build args as "|N K=V"', () => {
  assert.deepEqual(parseCreatedBy('/bin/sh -c #(nop)  ENV NODE_ENV=production DB_PASSWORD=x'),
    { keyword: 'ENV', body: 'NODE_ENV=production DB_PASSWORD=x', buildArgs: [], flags: [] });
  assert.deepEqual(parseCreatedBy('/bin/sh -c #(nop) ADD file:abc in / '), { keyword: 'ADD', body: 'file:abc in /', buildArgs: [], flags: [] });
  assert.deepEqual(parseCreatedBy('/bin/sh -c apt-get update && apt-get install -y curl'),
    { keyword: 'RUN', body: 'apt-get update && apt-get install -y curl', buildArgs: [], flags: [] });
  assert.deepEqual(parseCreatedBy('|2 TOKEN=abc def VERSION=1.2 /bin/sh -c make install'),
    { keyword: 'RUN', body: 'make install', buildArgs: [['TOKEN', 'abc def'], ['VERSION', '1.2']], flags: [] });
});

test('BuildKit: the instruction as written, "# buildkit" suffix, RUN |N args and --mount flags', () => {
  assert.deepEqual(parseCreatedBy('RUN /bin/sh -c npm ci --ignore-scripts # buildkit'),
    { keyword: 'RUN', body: 'npm ci --ignore-scripts', buildArgs: [], flags: [] });
  assert.deepEqual(parseCreatedBy('RUN |2 NPM_TOKEN=npm_abc HTTP_PROXY= /bin/sh -c npm ci # buildkit'),
    { keyword: 'RUN', body: 'npm ci', buildArgs: [['NPM_TOKEN', 'npm_abc'], ['HTTP_PROXY', '']], flags: [] });
  assert.deepEqual(parseCreatedBy('RUN --mount=type=cache,target=/var/lib/apt/lists /bin/sh -c apt-get update # buildkit'),
    { keyword: 'RUN', body: 'apt-get update', buildArgs: [], flags: [{ name: 'mount', value: 'type=cache,target=/var/lib/apt/lists' }] });
  assert.deepEqual(parseCreatedBy('ADD --chown=1:1 --checksum=sha256:abc https://example.com/x.tgz /opt/ # buildkit'),
    { keyword: 'ADD', body: 'https://example.com/x.tgz /opt/', buildArgs: [], flags: [{ name: 'chown', value: '1:1' }, { name: 'checksum', value: 'sha256:abc' }] });
  assert.deepEqual(parseCreatedBy('ENV A=b'), { keyword: 'ENV', body: 'A=b', buildArgs: [], flags: [] });
  assert.deepEqual(parseCreatedBy('ADD https://example.com/x.tgz /opt/ # buildkit'), { keyword: 'ADD', body: 'https://example.com/x.tgz /opt/', buildArgs: [], flags: [] });
  assert.deepEqual(parseCreatedBy('EXPOSE map[22/tcp:{}]').keyword, 'EXPOSE');
});

test('RUN build args without a shell prefix (exec form) take N words', () => {
  assert.deepEqual(parseCreatedBy('RUN |1 KEY=v1 make # buildkit'), { keyword: 'RUN', body: 'make', buildArgs: [['KEY', 'v1']], flags: [] });
});

test('text that is no instruction stays unrecognised', () => {
  assert.deepEqual(parseCreatedBy('debootstrap --variant=minbase bookworm'), { keyword: '', body: 'debootstrap --variant=minbase bookworm', buildArgs: [], flags: [] });
  assert.equal(parseCreatedBy('').keyword, '');
});

test('parseAssignments: K=V pairs with quotes, the legacy "ENV K value" form, ARG without a default', () => {
  assert.deepEqual(parseAssignments(`A="x y" B=z`), [['A', 'x y'], ['B', 'z']]);
  assert.deepEqual(parseAssignments('API_KEY some long value'), [['API_KEY', 'some long value']]);
  assert.deepEqual(parseAssignments('TOKEN'), []);
  assert.deepEqual(parseAssignments(''), []);
  assert.deepEqual(parseAssignments(`A="x y" B='z w' C=a\\ b D=`), [['A', 'x y'], ['B', 'z w'], ['C', 'a b'], ['D', '']]);
  assert.deepEqual(parseAssignments('P=$SECRET Q=${OTHER:-x} R=pa$$w0rd'), [['P', '$SECRET'], ['Q', '$OTHER'], ['R', 'pa$$w0rd']], 'references stay references');
});

test('historyDockerfile: step N is line N; ADD, ENV, ARG and RUN (build args as an ARG, flags parsed); the rest left out', () => {
  const steps = [
    '/bin/sh -c #(nop) ADD file:abc in / ', '/bin/sh -c #(nop)  ENV PATH=/usr/bin', 'ARG V=1',
    'RUN |1 TOKEN=a"b$c /bin/sh -c make # buildkit', 'RUN --mount=type=cache,target=/root/.npm /bin/sh -c npm ci # buildkit', 'RUN ["make","x"]',
    'COPY --from=build /a /b # buildkit', 'EXPOSE map[22/tcp:{}]',
  ].map((c, i) => ({ step: i + 1, instruction: parseCreatedBy(c) }));
  const df = historyDockerfile(steps);
  assert.deepEqual(df.stages.length, 1);
  assert.deepEqual(df.stages[0]!.instructions.map((i) => [i.startLine, i.keyword, i.args, i.flags, i.json]), [
    [1, 'ADD', 'file:abc in /', [], undefined],
    [2, 'ENV', 'PATH=/usr/bin', [], undefined],
    [3, 'ARG', 'V=1', [], undefined],
    [4, 'ARG', 'TOKEN="a\\"b\\$c"', [], undefined],
    [4, 'RUN', 'make', [], undefined],
    [5, 'RUN', 'npm ci', [{ name: 'mount', value: 'type=cache,target=/root/.npm' }], undefined],
    [6, 'RUN', '["make","x"]', [], ['make', 'x']],
  ]);
});

test('untrusted text: long runs of blanks are read in linear time', { timeout: 10_000 }, () => {
  const t = Date.now();
  assert.equal(parseCreatedBy('RUN a' + ' '.repeat(1 << 18) + 'b').body, 'a' + ' '.repeat(1 << 18) + 'b');
  assert.equal(parseCreatedBy('RUN a' + ' \t'.repeat(1 << 17) + '#b # buildkit').body, 'a' + ' \t'.repeat(1 << 17) + '#b');
  assert.ok(Date.now() - t < 2000, `${Date.now() - t} ms`);
});
