import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageMeta, OSInfo } from '../../inventory/model.js';
import { checkImageConfig, floatingTag, runsAsRoot } from './config.js';

const NOW = new Date('2026-11-24T12:00:00Z');

/** A clean image: non-root, health check, pinned name, recent, no history. */
function meta(over: Partial<ImageMeta> = {}): ImageMeta {
  return {
    reference: 'registry.example.com/app:1.4.2', names: ['registry.example.com/app:1.4.2'], configDigest: 'sha256:' + '0'.repeat(64),
    platform: 'linux/amd64', layers: [], user: 'app', healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost/'] },
    created: '2026-11-01T00:00:00Z', ...over,
  };
}
const ids = (m: ImageMeta, os?: OSInfo, opts: { maxAgeDays?: number } = {}) => checkImageConfig(m, os, { now: NOW, ...opts }).map((f) => f.id);
const messages = (m: ImageMeta, id: string, os?: OSInfo) => checkImageConfig(m, os, { now: NOW }).filter((f) => f.id === id).map((f) => f.message);
/** History entries; the steps that change files (RUN, ADD, COPY in either builder's spelling) make a layer. */
const history = (...createdBy: string[]) => createdBy.map((c) => ({
  createdBy: c, emptyLayer: !/^(?:RUN|ADD|COPY)\b|#\(nop\) +(?:ADD|COPY)\b|^\/bin\/sh -c [^#]|^\|\d/.test(c),
}));

test('a clean image has no findings', () => {
  assert.deepEqual(ids(meta()), []);
});

test('HS-DS-002 root: no USER, 0, root, 0:0, root:root, 0:1000; a non-zero uid or a name is fine', () => {
  for (const u of [undefined, '', '0', 'root', '0:0', 'root:root', '0:1000', ' root ']) assert.ok(runsAsRoot(u), String(u));
  for (const u of ['1000', '65534:65534', 'app', 'app:root', 'node', '10']) assert.ok(!runsAsRoot(u), u);
  assert.deepEqual(messages(meta({ user: undefined }), 'HS-DS-002'), ['no USER is set: the container runs as root (uid 0)']);
  assert.deepEqual(messages(meta({ user: '0:0' }), 'HS-DS-002'), ["USER is '0:0': the container runs as root (uid 0)"]);
  assert.deepEqual(ids(meta({ user: '65534:65534' })), []);
});

test('HS-DS-003: no HEALTHCHECK; HEALTHCHECK NONE is a deliberate choice', () => {
  assert.deepEqual(ids(meta({ healthcheck: undefined })), ['HS-DS-003']);
  assert.deepEqual(ids(meta({ healthcheck: { test: ['NONE'] } })), []);
});

test('HS-DS-006: 22/tcp exposed (also bare 22 and a range over 22); 2222 or 22/udp are not SSH', () => {
  assert.deepEqual(messages(meta({ exposedPorts: ['22/tcp', '3000/tcp'] }), 'HS-DS-006'), ['port 22/tcp (SSH) is exposed']);
  assert.deepEqual(ids(meta({ exposedPorts: ['22'] })), ['HS-DS-006']);
  assert.deepEqual(ids(meta({ exposedPorts: ['20-30/tcp'] })), ['HS-DS-006']);
  assert.deepEqual(ids(meta({ exposedPorts: ['2222/tcp', '22/udp', '8022/tcp'] })), []);
});

test('HS-DS-007 in ENV: the name is reported, the value never', () => {
  const m = meta({ env: ['PATH=/usr/bin', 'DB_PASSWORD=hunter2-example', 'DATABASE_URL=postgres://app:pw1@db/app', 'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D', 'API_TOKEN=', 'SECRET_FILE=/run/secrets/x'] });
  const found = checkImageConfig(m, undefined, { now: NOW }).filter((f) => f.id === 'HS-DS-007');
  assert.deepEqual(found.map((f) => f.message), [
    'ENV DB_PASSWORD has a literal value in the image configuration (value redacted)',
    'ENV DATABASE_URL holds a URL with a password in the image configuration (value redacted)',
  ]);
  assert.ok(found.every((f) => !/hunter2|pw1/.test(JSON.stringify(f))));
  assert.equal(found[0]!.severity, 'CRITICAL');
  assert.equal(found[0]!.cis, '4.10');
});

test('HS-DS-007 in history: ENV and ARG steps, BuildKit and classic RUN build args; layers of non-empty steps', () => {
  const m = meta({
    layers: [{ index: 0, diffId: 'sha256:a' }, { index: 1, diffId: 'sha256:b' }],
    history: history(
      '/bin/sh -c #(nop) ADD file:x in / ',
      '/bin/sh -c #(nop)  ENV NODE_ENV=production DB_PASSWORD=hunter2-example',
      'ARG GITHUB_TOKEN=ghp_000000000000000000000000000000000000',
      'RUN |2 NPM_TOKEN=npm_secret VERSION=1 /bin/sh -c npm ci # buildkit',
      '|1 AWS_SECRET_ACCESS_KEY=abc/def /bin/sh -c true',
      'ENV HOME=/root NODE_VERSION=20.1.0',
      'ARG HTTP_TOKEN',
    ),
  });
  const found = checkImageConfig(m, undefined, { now: NOW }).filter((f) => f.id === 'HS-DS-007');
  assert.deepEqual(found.map((f) => f.message), [
    'history step 2 (ENV): ENV DB_PASSWORD has a literal value (value redacted)',
    'history step 3 (ARG): ARG GITHUB_TOKEN has a literal value (value redacted)',
    'history step 4 (RUN): build arg NPM_TOKEN has a literal value and is recorded in the history (value redacted)',
    'history step 5 (RUN): build arg AWS_SECRET_ACCESS_KEY has a literal value and is recorded in the history (value redacted)',
  ]);
  assert.equal(found[2]!.location?.layer?.index, 1, 'the RUN step made layer 1');
  assert.equal(found[0]!.location, undefined, 'an ENV step has no layer');
  assert.ok(found.every((f) => !/hunter2|ghp_|npm_secret|abc\/def/.test(f.message)));
});

test('HS-DS-005: ADD of a URL in history (userinfo redacted); --checksum pins it; local ADD is fine', () => {
  const add = (createdBy: string) => messages(meta({ history: history(createdBy) }), 'HS-DS-005');
  assert.deepEqual(add('ADD https://example.com/a.tgz /opt/ # buildkit'), ["history step 1 (ADD): ADD fetches 'https://example.com/a.tgz' without a checksum"]);
  assert.deepEqual(add('ADD --chown=1:1 https://u:tok@example.com/a.tgz git@github.com:o/r.git /opt/ # buildkit'),
    ["history step 1 (ADD): ADD fetches 'https://*****@example.com/a.tgz', 'git@github.com:o/r.git' without a checksum"]);
  assert.deepEqual(add('ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0ce7c1b9d6c https://example.com/a.tgz /opt/ # buildkit'), []);
  assert.deepEqual(add('/bin/sh -c #(nop) ADD file:abc in / '), []);
  assert.deepEqual(add('/bin/sh -c #(nop) ADD https://example.com/a.tgz in /opt/ '), ["history step 1 (ADD): ADD fetches 'https://example.com/a.tgz' without a checksum"]);
  assert.deepEqual(ids(meta({ history: history('ADD app.tgz /opt/ # buildkit', 'COPY https-not-a-url /x # buildkit', 'COPY --from=https://x /a /b # buildkit') })), []);
  assert.ok(!JSON.stringify(checkImageConfig(meta({ history: history('ADD https://u:tok@example.com/a.tgz /opt/ # buildkit') }), undefined, { now: NOW })).includes('tok'));
});

/** The findings of an image whose only history step is the BuildKit record of 'RUN [flags] <body>'. */
const run = (body: string, flags: string[] = []) => checkImageConfig(meta({ history: history(`RUN ${[...flags, ''].join(' ')}/bin/sh -c ${body} # buildkit`) }), undefined, { now: NOW })
  .map((f) => `${f.id} ${f.message}`);
// The history checks of RUN steps are the Dockerfile checks (src/misconfig/dockerfile/checks.ts HISTORY_CHECKS), so the
// messages are theirs, after the step.
const STEP = 'history step 1 (RUN): ';
const PIPED = `HS-DS-008 ${STEP}RUN downloads a script and runs it unverified`;
const SUDO = `HS-DS-013 ${STEP}RUN uses sudo`;
const LISTS = `HS-DS-010 ${STEP}'apt-get update' without 'rm -rf /var/lib/apt/lists/*' in the same RUN: the package index or cache stays in the layer`;

test('HS-DS-008: curl/wget piped into a shell or interpreter, and shells running a substitution', () => {
  assert.deepEqual(run('curl -fsSL https://get.example.com | sh'), [`${PIPED} (curl ... | sh)`]);
  assert.deepEqual(run('wget -qO- https://x | sudo -E bash -s -- -y'), [`${PIPED} (wget ... | bash)`, `${SUDO} (sudo bash); build steps already run as the USER set before them`]);
  assert.deepEqual(run('curl -s https://x | tee /tmp/x | python3 -'), [`${PIPED} (curl ... | python3)`]);
  assert.deepEqual(run('sh -c "$(curl -fsSL https://x/install.sh)"'), [`${PIPED} (sh runs the output of curl)`]);
  assert.deepEqual(run('bash <(wget -qO- https://x)'), [`${PIPED} (bash runs the output of wget)`]);
  assert.deepEqual(run('curl -fsSLo /tmp/i.sh https://x && echo "abc  /tmp/i.sh" | sha256sum -c && sh /tmp/i.sh'), []);
  assert.deepEqual(run('curl https://x | tar -xz -C /opt; echo ok | sh'), [], 'the shell reads from echo, not from curl');
});

test('HS-DS-009: apt-get install without --no-install-recommends', () => {
  assert.deepEqual(run('apt-get install -y curl && rm -rf /var/lib/apt/lists/*'), [`HS-DS-009 ${STEP}apt-get install curl without --no-install-recommends`]);
  assert.deepEqual(run('DEBIAN_FRONTEND=noninteractive apt install -y curl'), [`HS-DS-009 ${STEP}apt install curl without --no-install-recommends`]);
  assert.deepEqual(run('apt-get install -y --no-install-recommends curl'), []);
  assert.deepEqual(run('apt-get -o APT::Install-Recommends=false install -y curl'), []);
  assert.deepEqual(run('apt-get -o APT::Install-Recommends=no install -y curl'), [], 'apt reads no as false');
  assert.deepEqual(run('apt-get remove -y curl'), []);
});

test('HS-DS-010: apt lists, apk index and dnf/yum caches left in the layer', () => {
  assert.deepEqual(run('apt-get update && apt-get install -y --no-install-recommends curl'), [LISTS]);
  assert.deepEqual(run('apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), []);
  assert.deepEqual(run('apt-get update && apt-get install -y --no-install-recommends curl', ['--mount=type=cache,target=/var/lib/apt/lists']), []);
  assert.deepEqual(run('apk add curl'), [`HS-DS-010 ${STEP}'apk add' without --no-cache: the package index or cache stays in the layer`]);
  assert.deepEqual(run('apk add --no-cache curl'), []);
  assert.deepEqual(run('apk update && apk add curl && rm -rf /var/cache/apk/*'), []);
  assert.deepEqual(run('dnf install -y curl'), [`HS-DS-010 ${STEP}'dnf install' without '... clean all' in the same RUN: the package index or cache stays in the layer`]);
  assert.deepEqual(run('yum install -y curl && yum clean all'), []);
  assert.deepEqual(run('microdnf install -y curl && microdnf clean all'), []);
});

test('HS-DS-013: sudo used in a RUN step; its arguments are not quoted (they may hold a token)', () => {
  assert.deepEqual(run('sudo make install'), [`${SUDO} (sudo make); build steps already run as the USER set before them`]);
  assert.deepEqual(run('echo sudo; apt-get purge -y sudo'), []);
  assert.deepEqual(run('sudo -u app curl -H "Authorization: Bearer tok123" https://x -o /tmp/y'), [`${SUDO} (sudo curl); build steps already run as the USER set before them`]);
  // installing sudo is judged on the image's files (HS-DS-013 of files.ts), not on the step that installed it
  assert.deepEqual(run('apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*'), []);
});

test('RUN findings from a real history entry carry the step and its layer', () => {
  const m = meta({
    layers: [{ index: 0, diffId: 'sha256:a' }, { index: 1, diffId: 'sha256:b', createdBy: 'RUN ...' }],
    history: [{ createdBy: '/bin/sh -c #(nop) ADD file:x in /' }, { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
      { createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit' }],
  });
  const found = checkImageConfig(m, undefined, { now: NOW }).filter((f) => f.id === 'HS-DS-009' || f.id === 'HS-DS-010');
  assert.deepEqual(found.map((f) => [f.id, f.message, f.location?.layer?.index]), [
    ['HS-DS-009', 'history step 3 (RUN): apt-get install curl without --no-install-recommends', 1],
    ['HS-DS-010', "history step 3 (RUN): 'apt-get update' without 'rm -rf /var/lib/apt/lists/*' in the same RUN: the package index or cache stays in the layer", 1],
  ]);
  assert.deepEqual(found[0]!.location, { layer: { index: 1, diffId: 'sha256:b', createdBy: 'RUN ...' } }, 'the step\'s layer, no Dockerfile line');
});

test('history read as a Dockerfile: ENV and build-arg values reach the shell, an apt.conf step counts for later steps, classic and BuildKit spellings', () => {
  const steps = (...createdBy: string[]) => checkImageConfig(meta({ history: history(...createdBy) }), undefined, { now: NOW }).map((f) => `${f.id} ${f.message}`);
  // the variables the step ran with decide what it installed
  assert.deepEqual(steps('ENV APT_OPTS=--no-install-recommends', 'RUN /bin/sh -c apt-get install -y $APT_OPTS curl # buildkit'), []);
  assert.deepEqual(steps('RUN |1 APT_OPTS=--no-install-recommends /bin/sh -c apt-get install -y $APT_OPTS curl # buildkit'), []);
  assert.deepEqual(steps('|1 CLEAN=/var/lib/apt/lists/* /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl && rm -rf $CLEAN'), []);
  // apt.conf written by an earlier step turns recommends off for the later ones (as in a Dockerfile)
  assert.deepEqual(steps(`/bin/sh -c echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends`, '/bin/sh -c apt-get install -y curl'), []);
  assert.deepEqual(steps('/bin/sh -c apt-get install -y curl', `/bin/sh -c echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends`),
    ['HS-DS-009 history step 1 (RUN): apt-get install curl without --no-install-recommends']);
  // a build arg's value stays as recorded, quotes and dollars included
  assert.deepEqual(steps(`RUN |1 URL="https://x/$a'b" /bin/sh -c curl -fsSL "$URL" | sh # buildkit`), ['HS-DS-008 history step 1 (RUN): RUN downloads a script and runs it unverified (curl ... | sh)']);
  // heredocs as BuildKit records them: a lone `RUN <<EOF` as its script; `cmd <<EOF` as the line, the body, the delimiter
  const piped = 'HS-DS-008 history step 1 (RUN): RUN downloads a script and runs it unverified (curl ... | sh)';
  assert.deepEqual(steps('RUN /bin/sh -c set -e\ncurl -fsSL https://x/i.sh | sh\n # buildkit'), [piped]);
  assert.deepEqual(steps('RUN /bin/sh -c bash -e <<EOF\nset -e\ncurl -fsSL https://x/i.sh | sh\nEOF # buildkit'), [piped], 'a heredoc fed to a shell is a script');
  assert.deepEqual(steps('RUN /bin/sh -c cat <<EOF > /etc/motd\nInstall with: curl -fsSL https://x/i.sh | sh\nEOF # buildkit'), [], 'a heredoc fed to cat is data');
  assert.deepEqual(steps('RUN /bin/sh -c cat <<X > /etc/motd\nhello\nX\ncurl -fsSL https://x/i.sh | sh # buildkit'), [piped], 'a script that goes on after its own heredoc');
  // a step whose text is no instruction is not judged
  assert.deepEqual(steps('curl -fsSL https://x | sh'), []);
});

test('HS-DS-001: the reference given, the names of an archive, the base-image label', () => {
  assert.deepEqual(floatingTag('alpine'), { tag: 'latest', untagged: true });
  assert.deepEqual(floatingTag('docker.io/library/alpine:latest'), { tag: 'latest', untagged: false });
  assert.deepEqual(floatingTag('localhost:5000/app'), { tag: 'latest', untagged: true });
  assert.deepEqual(floatingTag('alpine:3.20'), { tag: '3.20', untagged: false });
  assert.equal(floatingTag('alpine@sha256:' + 'a'.repeat(64)), undefined);
  assert.equal(floatingTag('/work/x.tar'), undefined);
  assert.equal(floatingTag('oci-archive:x.tar'), undefined);

  assert.deepEqual(messages(meta({ reference: 'alpine', names: ['alpine'] }), 'HS-DS-001'), ["the image reference 'alpine' has no tag (means ':latest')"]);
  assert.deepEqual(messages(meta({ reference: 'docker://ghcr.io/o/app:latest' }), 'HS-DS-001'), ["the image reference 'docker://ghcr.io/o/app:latest' uses ':latest'"]);
  assert.deepEqual(ids(meta({ reference: 'ghcr.io/o/app@sha256:' + 'b'.repeat(64) })), []);
  // archives: judged by the names they carry
  assert.deepEqual(messages(meta({ reference: '/x/node-app.tar', names: ['latest'] }), 'HS-DS-001'), ["the image is only tagged 'latest'"]);
  assert.deepEqual(ids(meta({ reference: '/x/two.tar', names: ['hullscan/tiny:amd64', 'hullscan/tiny:latest'] })), []);
  assert.deepEqual(ids(meta({ reference: '/x/none.tar', names: [] })), []);
  // the base image, from the OCI label
  assert.deepEqual(messages(meta({ labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:latest' } }), 'HS-DS-001'),
    ["the base image 'docker.io/library/debian:latest' (label org.opencontainers.image.base.name) uses ':latest'"]);
  assert.deepEqual(ids(meta({ labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:bookworm-slim' } })), []);
});

test('HS-IMG-005: end-of-life releases from the table; supported or unknown releases give nothing', () => {
  const os = (family: OSInfo['family'], version?: string, codename?: string): OSInfo => ({ family, name: family, ...(version ? { version } : {}), ...(codename ? { codename } : {}) });
  assert.deepEqual(messages(meta(), 'HS-IMG-005', os('debian', '10', 'buster')), ['Debian 10 (buster) reached end of life on 2024-06-30 (end of Debian LTS; regular security support ended 2022-09-10)']);
  assert.deepEqual(ids(meta(), os('debian', '11')), ['HS-IMG-005'], 'Debian 11 LTS ended 2026-08-31');
  assert.deepEqual(ids(meta(), os('debian', '12')), []);
  assert.deepEqual(messages(meta(), 'HS-IMG-005', os('ubuntu', '20.04')), ['Ubuntu 20.04 (focal) reached end of life on 2025-05-31 (end of standard security maintenance)']);
  assert.deepEqual(ids(meta(), os('ubuntu', '24.04')), []);
  assert.deepEqual(ids(meta(), os('alpine', '3.21.4')), ['HS-IMG-005'], '3.21 ended 2026-11-01');
  assert.deepEqual(ids(meta(), os('alpine', '3.22.1')), []);
  assert.deepEqual(ids(meta(), os('rhel', '7.9')), ['HS-IMG-005']);
  assert.deepEqual(ids(meta(), os('rhel', '9.4')), []);
  assert.deepEqual(ids(meta(), os('centos', '7')), ['HS-IMG-005']);
  assert.deepEqual(ids(meta(), os('amzn', '2')), ['HS-IMG-005'], 'Amazon Linux 2 ended 2026-06-30');
  assert.deepEqual(ids(meta(), os('amzn', '2023')), []);
  assert.deepEqual(ids(meta(), os('debian', '99')), [], 'unknown release');
  assert.deepEqual(ids(meta(), os('debian', undefined, 'sid')), [], 'no version');
  assert.deepEqual(ids(meta(), os('wolfi', '20230201')), [], 'rolling, not in the table');
  assert.deepEqual(ids(meta()), [], 'no OS detected');
});

test('HS-IMG-006: older than maxAgeDays (default 365); reproducible-build epochs and future dates say nothing', () => {
  assert.deepEqual(messages(meta({ created: '2025-10-01T00:00:00Z' }), 'HS-IMG-006'), ['the image was built 419 days ago (2025-10-01), more than 365 days']);
  assert.deepEqual(ids(meta({ created: '2026-01-01T00:00:00Z' })), [], '327 days');
  assert.deepEqual(ids(meta({ created: '2026-01-01T00:00:00Z' }), undefined, { maxAgeDays: 300 }), ['HS-IMG-006']);
  for (const created of ['1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'not a date', undefined]) {
    assert.deepEqual(ids(meta({ created })), [], String(created));
  }
});

test('untrusted config: wrong JSON types are skipped and megabyte-long history and ENV values finish fast', () => {
  const garbage = meta({
    user: 42 as unknown as string, env: [7, null, 'DB_PASSWORD=x'] as unknown as string[], exposedPorts: [22] as unknown as string[],
    names: [null] as unknown as string[], labels: { 'org.opencontainers.image.base.name': {} } as unknown as Record<string, string>,
    history: [null, { createdBy: 5 }] as unknown as ImageMeta['history'], healthcheck: { test: 'CMD' as unknown as string[] }, created: 3 as unknown as string,
  });
  assert.deepEqual(ids(garbage), ['HS-DS-003', 'HS-DS-007']);

  // 256 KiB is where history text is cut; ENV values are not cut
  const big = 'a'.repeat(1 << 20);
  const t = Date.now();
  const found = checkImageConfig(meta({
    env: [`URL=${big}`, `X=${'a:'.repeat(1 << 19)}`, `Y=${'sh '.repeat(1 << 18)}`],
    history: history(
      `RUN |3 ${'A= '.repeat(1 << 18)} /bin/sh -c true`,
      `RUN ${'--m '.repeat(1 << 18)}/bin/sh -c true`,
      `RUN /bin/sh -c ${'sh '.repeat(1 << 18)}$(curl x)`,
      `RUN /bin/sh -c ${'$('.repeat(1 << 18)}`,
      `ENV ${'"'.repeat(1 << 20)}`,
      `ADD ${big} /x`,
      // read as a Dockerfile: values that double at each step, many variables, many assignments before a command
      'ENV A0=' + 'x'.repeat(1000), ...Array.from({ length: 40 }, (_, i) => `ENV A${i + 1}=$A${i}$A${i}`), 'RUN /bin/sh -c echo $A40 $A40 # buildkit',
      `ENV ${Array.from({ length: 6000 }, (_, i) => `V${i}=${i}`).join(' ')}`,
      `RUN /bin/sh -c ${'A=1 '.repeat(60_000)}sudo true # buildkit`,
    ),
  }), undefined, { now: NOW });
  assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
  assert.ok(Array.isArray(found));
});
