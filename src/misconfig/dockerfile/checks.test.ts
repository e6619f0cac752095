import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDockerfile, checkDockerfileWithIgnores, DOCKERFILE_CHECKS } from './checks.js';
import { parseDockerfile } from './parser.js';
import { MISCONFIG_RULES } from '../rules.js';

const DIGEST = 'sha256:5f7d5664eae4a192c2d2d6cb67fc3f3c7891a8722cd2903cc35aa649a12b0c8d';
/** A final stage that passes the rules not under test (pinned, USER, HEALTHCHECK). */
const CLEAN_TAIL = 'USER 10001\nHEALTHCHECK CMD ["/app", "health"]\n';

function found(src: string, ids: string[]): string[] {
  return checkDockerfile(parseDockerfile(src, 'Dockerfile'))
    .filter((f) => ids.includes(f.id))
    .map((f) => `${f.id}@${f.location!.startLine}-${f.location!.endLine}`);
}

interface Case { name: string; src: string; ids: string[]; expect: string[] }

// Each case looks only at the rules in `ids`, and says exactly which findings (id@startLine-endLine) it expects.
const CASES: Case[] = [
  // HS-DS-001: floating base tag
  { name: '001+ untagged base', ids: ['HS-DS-001'], src: 'FROM node\n', expect: ['HS-DS-001@1-1'] },
  { name: '001+ :latest base', ids: ['HS-DS-001'], src: 'FROM node:latest\n', expect: ['HS-DS-001@1-1'] },
  { name: '001+ :latest through an ARG default', ids: ['HS-DS-001'], src: 'ARG BASE=python:latest\n\nFROM ${BASE}\n', expect: ['HS-DS-001@3-3'] },
  { name: '001+ registry port is not a tag', ids: ['HS-DS-001'], src: 'FROM localhost:5000/team/app\n', expect: ['HS-DS-001@1-1'] },
  { name: '001- version tag', ids: ['HS-DS-001'], src: 'FROM node:20.15-alpine3.20\n', expect: [] },
  { name: '001- registry port and tag', ids: ['HS-DS-001'], src: 'FROM localhost:5000/team/app:1.4.2\n', expect: [] },
  { name: '001- scratch and a stage name as bases', ids: ['HS-DS-001'], src: `FROM golang:1.22@${DIGEST} AS Build\nRUN go version\nFROM build\nFROM scratch\nCOPY --from=build /x /x\n`, expect: [] },
  { name: '001- base chosen by a build argument without default', ids: ['HS-DS-001', 'HS-DS-011'], src: 'ARG BASE\nFROM $BASE\n', expect: [] },
  { name: '001- digest without tag', ids: ['HS-DS-001'], src: `FROM alpine@${DIGEST}\n`, expect: [] },
  { name: '001+ COPY --from and RUN --mount from= an untagged image', ids: ['HS-DS-001'], src: 'FROM alpine:3.20\nCOPY --from=nginx /etc/nginx /etc/nginx\nRUN --mount=type=bind,from=golang:latest,target=/go go version\n', expect: ['HS-DS-001@2-2', 'HS-DS-001@3-3'] },
  { name: '001- COPY --from a stage by name and by index', ids: ['HS-DS-001', 'HS-DS-011'], src: `FROM alpine@${DIGEST} AS build\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nCOPY --from=BUILD /c /c\n`, expect: [] },
  // HS-DS-011: not pinned by digest
  { name: '011+ tag without digest, every stage', ids: ['HS-DS-011'], src: 'FROM golang:1.22 AS build\nFROM debian:12-slim\n', expect: ['HS-DS-011@1-1', 'HS-DS-011@2-2'] },
  { name: '011- tag and digest, and ${VAR:-default} resolved', ids: ['HS-DS-011', 'HS-DS-001'], src: `ARG TAG\nFROM debian:\${TAG:-12}@${DIGEST}\n`, expect: [] },
  // HS-DS-002: root user
  { name: '002+ no USER at all', ids: ['HS-DS-002'], src: 'FROM debian:12\nRUN true\nCMD ["x"]\n', expect: ['HS-DS-002@1-3'] },
  { name: '002+ last USER is root', ids: ['HS-DS-002'], src: 'FROM debian:12\nUSER app\nRUN id\nUSER root\n', expect: ['HS-DS-002@4-4'] },
  { name: '002+ USER 0:0', ids: ['HS-DS-002'], src: 'FROM debian:12\nUSER 0:0\n', expect: ['HS-DS-002@2-2'] },
  { name: '002+ USER only in a builder stage', ids: ['HS-DS-002'], src: 'FROM debian:12 AS build\nUSER app\nFROM debian:12\nCOPY --from=build /a /a\n', expect: ['HS-DS-002@3-4'] },
  { name: '002+ scratch without USER runs as uid 0', ids: ['HS-DS-002'], src: 'FROM scratch\nCOPY app /app\n', expect: ['HS-DS-002@1-2'] },
  { name: '002+ root spelt with quotes, an escape, a plus sign', ids: ['HS-DS-002'], src: 'FROM debian:12 AS a\nUSER "root"\nFROM debian:12 AS b\nUSER r\\oot\nFROM debian:12\nUSER +0\n', expect: ['HS-DS-002@6-6'] },
  { name: '002- unprivileged USER', ids: ['HS-DS-002'], src: 'FROM debian:12\nRUN useradd app\nUSER app\n', expect: [] },
  { name: '002- USER inherited from the stage the final stage builds on', ids: ['HS-DS-002'], src: 'FROM debian:12 AS base\nUSER 1000\nFROM base\nRUN id\n', expect: [] },
  { name: '002- USER from ARG default', ids: ['HS-DS-002'], src: 'FROM debian:12\nARG UID=10001\nUSER ${UID}:${UID}\n', expect: [] },
  { name: '002+ USER from a variable whose value is root (stage ARG default, global ARG, ${VAR:-0})', ids: ['HS-DS-002'], src: 'ARG GLOBAL_USER=root\nFROM debian:12 AS a\nARG RUN_AS=root\nUSER ${RUN_AS}\nFROM debian:12 AS b\nARG GLOBAL_USER\nUSER $GLOBAL_USER\nFROM debian:12\nARG UID\nUSER ${UID:-0}\n', expect: ['HS-DS-002@10-10'] },
  { name: '002+ USER from a variable whose value is root, in the final stage', ids: ['HS-DS-002'], src: 'ARG GLOBAL_USER=root\nFROM debian:12\nARG GLOBAL_USER\nUSER $GLOBAL_USER\n', expect: ['HS-DS-002@4-4'] },
  // As hadolint DL3002 and Trivy DS002: a user chosen at build time (a build argument without a default) is not
  // proven root, so the rule says nothing, also when the variable is not declared at all.
  { name: '002- USER from a build argument without a default', ids: ['HS-DS-002'], src: 'FROM debian:12\nARG APP_USER\nUSER ${APP_USER}\n', expect: [] },
  { name: '002- USER from an undeclared variable, with a root group', ids: ['HS-DS-002'], src: 'FROM debian:12\nUSER $RUNTIME_USER:root\n', expect: [] },
  { name: '002- distroless nonroot base', ids: ['HS-DS-002'], src: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n', expect: [] },
  // HS-DS-003: HEALTHCHECK
  { name: '003+ no HEALTHCHECK in the final stage', ids: ['HS-DS-003'], src: 'FROM debian:12 AS a\nHEALTHCHECK CMD true\nFROM debian:12\nCMD ["x"]\n', expect: ['HS-DS-003@3-4'] },
  { name: '003- HEALTHCHECK CMD', ids: ['HS-DS-003'], src: 'FROM debian:12\nHEALTHCHECK --interval=5s \\\n  CMD curl -f http://localhost/ || exit 1\n', expect: [] },
  { name: '003- HEALTHCHECK NONE says so on purpose', ids: ['HS-DS-003'], src: 'FROM debian:12\nHEALTHCHECK NONE\n', expect: [] },
  // HS-DS-004 / 005: ADD
  { name: '004+ ADD of local files', ids: ['HS-DS-004', 'HS-DS-005'], src: 'FROM debian:12\nADD app.py requirements.txt /app/\n', expect: ['HS-DS-004@2-2'] },
  { name: '004+ ADD of a heredoc', ids: ['HS-DS-004'], src: 'FROM debian:12\nADD <<EOF /etc/motd\nhello\nEOF\n', expect: ['HS-DS-004@2-4'] },
  { name: '004- ADD of a local tar archive to unpack', ids: ['HS-DS-004', 'HS-DS-005'], src: 'FROM debian:12\nADD rootfs.tar.xz /\nADD ["vendor/deps.tgz", "/opt/"]\n', expect: [] },
  { name: '004- COPY of local files', ids: ['HS-DS-004'], src: 'FROM debian:12\nCOPY --chown=app:app app.py /app/\n', expect: [] },
  { name: '005+ ADD of a URL', ids: ['HS-DS-005', 'HS-DS-004'], src: 'FROM debian:12\nADD https://example.com/tool.tar.gz /opt/\n', expect: ['HS-DS-005@2-2'] },
  { name: '005+ ADD of a git repository', ids: ['HS-DS-005'], src: 'FROM debian:12\nADD git@github.com:moby/buildkit.git /src\n', expect: ['HS-DS-005@2-2'] },
  { name: '005- ADD --checksum of a URL', ids: ['HS-DS-005'], src: 'FROM debian:12\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0ce7c1b9d6c https://example.com/tool.tar.gz /opt/\n', expect: [] },
  // HS-DS-006: EXPOSE 22
  { name: '006+ EXPOSE 22', ids: ['HS-DS-006'], src: 'FROM debian:12\nEXPOSE 80 22/tcp\n', expect: ['HS-DS-006@2-2'] },
  { name: '006+ a port range over 22', ids: ['HS-DS-006'], src: 'FROM debian:12\nEXPOSE 20-25\n', expect: ['HS-DS-006@2-2'] },
  { name: '006+ port from an ARG', ids: ['HS-DS-006'], src: 'FROM debian:12\nARG SSH_PORT=22\nEXPOSE ${SSH_PORT}\n', expect: ['HS-DS-006@3-3'] },
  { name: '006- other ports, udp 22, and 22 in a stage that does not ship', ids: ['HS-DS-006'], src: 'FROM debian:12 AS tools\nEXPOSE 22\nFROM debian:12\nEXPOSE 2222 8022 22/udp\n', expect: [] },
  // HS-DS-007: secrets
  { name: '007+ ENV password literal', ids: ['HS-DS-007'], src: 'FROM debian:12\nENV DB_PASSWORD=hunter2 APP_ENV=prod\n', expect: ['HS-DS-007@2-2'] },
  { name: '007+ legacy ENV form', ids: ['HS-DS-007'], src: 'FROM debian:12\nENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', expect: ['HS-DS-007@2-2'] },
  { name: '007+ ARG default before FROM and in a stage', ids: ['HS-DS-007'], src: 'ARG GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\nFROM debian:12\nARG apiKey=abc123\n', expect: ['HS-DS-007@1-1', 'HS-DS-007@3-3'] },
  { name: '007+ build argument used by a later RUN', ids: ['HS-DS-007'], src: 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n', expect: ['HS-DS-007@2-2'] },
  { name: '007+ ENV copies a build argument into the image', ids: ['HS-DS-007'], src: 'FROM node:20\nARG CI_VALUE=abc\nENV API_TOKEN=$CI_VALUE\n', expect: ['HS-DS-007@3-3'] },
  { name: '007- *_FILE names, non-values and an unused build argument', ids: ['HS-DS-007'], src: 'FROM debian:12\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg ENABLE_TOKEN=true SECRET_NAME=db\nARG NPM_TOKEN\nCOPY . .\n', expect: [] },
  { name: '007- BuildKit secret mount', ids: ['HS-DS-007'], src: 'FROM node:20\nRUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci\n', expect: [] },
  // HS-DS-008: curl | sh
  { name: '008+ curl | sh', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n', expect: ['HS-DS-008@2-2'] },
  { name: '008+ wget -O- | sudo -E bash -', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN set -eux; \\\n    wget -qO- https://deb.example.com/setup | sudo -E bash -\n', expect: ['HS-DS-008@2-3'] },
  { name: '008+ sh -c "$(curl ...)"', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://raw.example.com/install.sh)"\n', expect: ['HS-DS-008@2-2'] },
  { name: '008+ exec form running sh -c', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN ["/bin/sh", "-c", "curl -sL https://x.example/i | bash"]\n', expect: ['HS-DS-008@2-2'] },
  { name: '008+ inside a RUN heredoc script', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/i.sh | sh -s -- --yes\nEOF\n', expect: ['HS-DS-008@2-5'] },
  { name: '008+ downloaded into a variable, run through process substitution (heredoc with a bash #!)', ids: ['HS-DS-008'], src: 'FROM node:20\nRUN --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN \\\n    <<EOF\n#!/usr/bin/env bash\nset -Eeuo pipefail\nscript=$(curl -fsSL "https://raw.example.com/env-build.sh")\nbash <(echo "$script") cleanup\nEOF\n', expect: ['HS-DS-008@2-8'] },
  { name: '008- a python heredoc script is not shell', ids: ['HS-DS-008'], src: 'FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint("curl -fsSL https://x.example | sh")\nEOF\n', expect: [] },
  { name: '008+ PowerShell iex of a download (Chocolatey install, escape=`)', ids: ['HS-DS-008'], src: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Set-ExecutionPolicy Bypass -Scope Process -Force; `\n    iex ((New-Object System.Net.WebClient).DownloadString(\'https://community.chocolatey.org/install.ps1\'))\n', expect: ['HS-DS-008@4-5'] },
  { name: '008- PowerShell download to a file, then a checksum', ids: ['HS-DS-008'], src: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Invoke-WebRequest -Uri https://x.example/tool.zip -OutFile tool.zip; `\n    if ((Get-FileHash tool.zip).Hash -ne $env:TOOL_SHA256) { exit 1 }\n', expect: [] },
  { name: '008- download, verify, run', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN curl -fsSLo i.sh https://x.example/i.sh \\\n && echo "abc  i.sh" | sha256sum -c - \\\n && sh i.sh\n', expect: [] },
  { name: '008- the words only quoted, or piped into tar', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN echo "never curl x | sh" && curl -fsSL https://x.example/a.tgz | tar -xz\n', expect: [] },
  { name: '008- a heredoc that is file content, not a script', ids: ['HS-DS-008'], src: 'FROM debian:12\nRUN <<EOF cat > /usr/local/share/README\nInstall with: curl -fsSL https://x.example | sh\nEOF\n', expect: [] },
  // HS-DS-009: --no-install-recommends
  { name: '009+ apt-get install without --no-install-recommends', ids: ['HS-DS-009'], src: 'FROM debian:12\nRUN apt-get update && apt-get -y install curl && rm -rf /var/lib/apt/lists/*\n', expect: ['HS-DS-009@2-2'] },
  { name: '009- --no-install-recommends', ids: ['HS-DS-009'], src: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n', expect: [] },
  { name: '009- -o APT::Install-Recommends=false', ids: ['HS-DS-009'], src: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n', expect: [] },
  { name: '009- the other words apt reads as false: no, off, 0', ids: ['HS-DS-009'], src: `FROM debian:12\nRUN apt-get -o APT::Install-Recommends=no install -y curl\nRUN apt-get install -o 'APT::Install-Recommends=off' -y git\nRUN apt-get -o APT::Install-Recommends=0 install -y make\n`, expect: [] },
  { name: '009+ recommends turned on explicitly', ids: ['HS-DS-009'], src: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=true install -y curl\n', expect: ['HS-DS-009@2-2'] },
  { name: '009- apt.conf written by an earlier step', ids: ['HS-DS-009'], src: `FROM debian:12\nRUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n`, expect: [] },
  // HS-DS-010: caches
  { name: '010+ apt lists left', ids: ['HS-DS-010'], src: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n', expect: ['HS-DS-010@2-2'] },
  { name: '010+ apk add without --no-cache', ids: ['HS-DS-010'], src: 'FROM alpine:3.20\nRUN apk update && apk add curl\n', expect: ['HS-DS-010@2-2'] },
  { name: '010+ dnf install without clean', ids: ['HS-DS-010'], src: 'FROM fedora:40\nRUN dnf install -y nginx\n', expect: ['HS-DS-010@2-2'] },
  { name: '010- lists removed in the same RUN', ids: ['HS-DS-010'], src: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n', expect: [] },
  { name: '010- apt lists on a cache mount', ids: ['HS-DS-010'], src: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl\n', expect: [] },
  { name: '010- /var/lib/apt on a cache mount, apt in a heredoc script', ids: ['HS-DS-010', 'HS-DS-012'], src: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt \\\n    --mount=type=cache,target=/var/lib/apt <<EOF\n    apt update\n    apt install -y --no-install-recommends git build-essential cmake\n    make install\n    apt purge -y git build-essential cmake\nEOF\n', expect: [] },
  { name: '010- apk add --no-cache, dnf clean all', ids: ['HS-DS-010'], src: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nFROM fedora:40\nRUN dnf install -y nginx && dnf clean all\n', expect: [] },
  // HS-DS-012: build tools in the final stage
  { name: '012+ build-essential in a single-stage build', ids: ['HS-DS-012'], src: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends build-essential python3\n', expect: ['HS-DS-012@2-2'] },
  { name: '012+ toolchain base image, single stage', ids: ['HS-DS-012'], src: 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app\nCMD ["/app"]\n', expect: ['HS-DS-012@1-1'] },
  { name: '012+ gcc in the final stage of a multi-stage build', ids: ['HS-DS-012'], src: 'FROM alpine:3.20 AS deps\nFROM alpine:3.20\nRUN apk add --no-cache gcc make\n', expect: ['HS-DS-012@3-3'] },
  { name: '012- compilers only in the builder stage', ids: ['HS-DS-012'], src: 'FROM debian:12 AS build\nRUN apt-get install -y gcc make\nFROM debian:12-slim\nCOPY --from=build /out /app\n', expect: [] },
  { name: '012- apk virtual build deps deleted', ids: ['HS-DS-012'], src: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev make \\\n && make install \\\n && apk del .build-deps\n', expect: [] },
  { name: '012- official-image pattern: apt-mark auto + purge --auto-remove of $buildDeps', ids: ['HS-DS-012'], src: 'FROM debian:12\nRUN set -eux; \\\n  savedAptMark="$(apt-mark showmanual)"; \\\n  buildDeps="gcc make libc6-dev"; \\\n  apt-get install -y --no-install-recommends $buildDeps; \\\n  make; \\\n  apt-mark auto \'.*\' > /dev/null; \\\n  apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n', expect: [] },
  { name: '012- purged by name', ids: ['HS-DS-012'], src: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends g++ && make && apt-get purge -y g++\n', expect: [] },
  // HS-DS-013: sudo
  { name: '013+ sudo used', ids: ['HS-DS-013'], src: 'FROM debian:12\nUSER app\nRUN sudo apt-get install -y --no-install-recommends curl\n', expect: ['HS-DS-013@3-3'] },
  { name: '013+ sudo installed', ids: ['HS-DS-013'], src: 'FROM alpine:3.20\nRUN apk add --no-cache sudo\n', expect: ['HS-DS-013@2-2'] },
  { name: '013- the word sudo as data', ids: ['HS-DS-013'], src: "FROM debian:12\nRUN echo 'no sudo here' && grep -q sudo /etc/group || true\n", expect: [] },
];

for (const c of CASES) {
  test(`rule ${c.name}`, () => {
    assert.deepEqual(found(c.src, c.ids).sort(), [...c.expect].sort());
  });
}

test('the case table has at least 40 cases, and a positive and a negative case for every Dockerfile rule', () => {
  assert.ok(CASES.length >= 40, `${CASES.length} cases`);
  const dockerfileRules = MISCONFIG_RULES.filter((r) => r.appliesTo.includes('dockerfile')).map((r) => r.id);
  assert.deepEqual(DOCKERFILE_CHECKS.map((c) => c.id).sort(), [...dockerfileRules].sort(), 'one check per catalogue rule that applies to Dockerfiles');
  for (const id of dockerfileRules) {
    const n = id.slice(-3);
    assert.ok(CASES.some((c) => c.name.startsWith(`${n}+`)), `positive case for ${id}`);
    assert.ok(CASES.some((c) => c.name.startsWith(`${n}-`)), `negative case for ${id}`);
  }
});

test('a Dockerfile that follows every rule gives no finding (testdata/good.Dockerfile)', () => {
  const path = new URL('./testdata/good.Dockerfile', import.meta.url).pathname;
  assert.deepEqual(checkDockerfile(parseDockerfile(readFileSync(path), path)), []);
});

test('a Dockerfile that breaks every rule gets each finding at its lines (testdata/bad.Dockerfile)', () => {
  const path = new URL('./testdata/bad.Dockerfile', import.meta.url).pathname;
  const got = checkDockerfile(parseDockerfile(readFileSync(path), path)).map((f) => `${f.id}@${f.location!.startLine}-${f.location!.endLine}`);
  assert.deepEqual(got, [
    'HS-DS-001@1-1', 'HS-DS-002@1-13', 'HS-DS-003@1-13', 'HS-DS-011@1-1', 'HS-DS-007@3-4', 'HS-DS-007@5-5',
    'HS-DS-009@6-7', 'HS-DS-010@6-7', 'HS-DS-012@6-7', 'HS-DS-013@6-7', 'HS-DS-008@8-8', 'HS-DS-005@9-9',
    'HS-DS-004@10-10', 'HS-DS-006@11-11', 'HS-DS-013@12-12',
  ]);
});

test('HS-DS-005 names the URL without its user info (a token may be there)', () => {
  const [f] = checkDockerfile(parseDockerfile('FROM debian:12\nADD https://ci:glpat-abc123@gitlab.example.com/x.tgz /opt/\n', 'Dockerfile')).filter((x) => x.id === 'HS-DS-005');
  assert.equal(f?.message, "ADD fetches 'https://*****@gitlab.example.com/x.tgz' without a checksum");
});

test('findings carry the catalogue text and the Dockerfile path; secret values never appear', () => {
  const [f] = checkDockerfile(parseDockerfile('FROM debian:12\nENV DB_PASSWORD="hunter2"\n', 'svc/Dockerfile')).filter((x) => x.id === 'HS-DS-007');
  assert.ok(f);
  assert.equal(f.title, 'Secret in ENV or ARG');
  assert.equal(f.severity, 'CRITICAL');
  assert.equal(f.cis, '4.10');
  assert.match(f.resolution!, /mount=type=secret/);
  assert.deepEqual(f.location, { path: 'svc/Dockerfile', startLine: 2, endLine: 2 });
  assert.match(f.message, /DB_PASSWORD/);
  assert.doesNotMatch(JSON.stringify(f), /hunter2/);
});

// Each input is small enough to be checked in well under a second, and shaped so that a scan per position,
// a copy per step or a recursion per nesting level would take minutes or overflow the stack.
const HOSTILE: [string, () => string][] = [
  ['100k heredocs on one line', () => 'FROM a:1\nRUN ' + '<<A '.repeat(100_000) + '\n' + 'A\n'.repeat(100_000)],
  ['200k nested $( without a quote', () => 'FROM a:1\nRUN bash ' + '$('.repeat(200_000) + '\n'],
  ['200k nested $(" (recursion)', () => 'FROM a:1\nRUN echo ' + '$("'.repeat(200_000) + '\n'],
  ['200k unclosed ${', () => 'FROM a:1\nENV X=' + '${'.repeat(200_000) + '\nUSER ${X}\n'],
  ['100k nested ${A:-', () => 'FROM a:1\nENV X=' + '${A:-'.repeat(100_000) + 'x' + '}'.repeat(100_000) + '\n'],
  ['ENV values doubling 40 times', () => 'FROM a:1\nENV A0=' + 'x'.repeat(1000) + '\n' + Array.from({ length: 40 }, (_, i) => `ENV A${i + 1}=$A${i}$A${i}`).join('\n') + '\nRUN echo $A40 $A40\n'],
  ['a 60 kB value referenced 100k times in a RUN', () => 'FROM a:1\nENV X=' + 'y'.repeat(60_000) + '\nRUN echo ' + '$X'.repeat(100_000) + '\n'],
  ['200k flags', () => 'FROM a:1\nRUN ' + '--a '.repeat(200_000) + 'x\n'],
  ['apt.conf text followed by a million blanks', () => 'FROM a:1\nRUN echo APT::Install-Recommends' + ' '.repeat(1_000_000) + 'x\n'],
  ['200k assignments and sudo wrappers before a command', () => 'FROM a:1\nRUN ' + 'A=1 '.repeat(200_000) + 'sudo '.repeat(200_000) + 'x\n'],
  ['100k sh -c with 4000 ENV values in scope', () => 'FROM a:1\nENV ' + Array.from({ length: 4000 }, (_, i) => `V${i}=${i}`).join(' ') + '\nRUN ' + 'sh -c x; '.repeat(100_000) + '\n'],
  ['4990 RUN steps with apt and a secret ARG', () => 'FROM a:1\nARG NPM_TOKEN\n' + 'RUN apt-get install -y gcc && apt-mark auto x && apt-get purge --auto-remove\n'.repeat(4990)],
];

for (const [name, make] of HOSTILE) {
  test(`hostile input is checked in bounded time: ${name}`, { timeout: 30_000 }, () => {
    const findings = checkDockerfile(parseDockerfile(make(), 'Dockerfile'));
    assert.ok(Array.isArray(findings));
  });
}

test('hostile input past the limits is a one-line LIMIT error', () => {
  assert.throws(() => parseDockerfile('FROM a:1\n' + 'RUN x\n'.repeat(5001), 'Dockerfile'), /^HullscanError: Dockerfile: line 5001: more than 5000 instructions$/);
  assert.throws(() => parseDockerfile('FROM a:1\nENV ' + Array.from({ length: 5001 }, (_, i) => `V${i}=1`).join(' ') + '\n', 'Dockerfile'), /^HullscanError: Dockerfile: line 2: more than 5000 ARG\/ENV\/LABEL values$/);
  assert.throws(() => parseDockerfile('FROM a:1\n' + 'ONBUILD '.repeat(100_000) + 'RUN x\n', 'Dockerfile'), /^HullscanError: Dockerfile: line 2: ONBUILD is not allowed as an ONBUILD trigger$/);
});

test('# hullscan:ignore above an instruction silences those ids there only; stage-wide findings belong to FROM', () => {
  const df = parseDockerfile([
    '# hullscan:ignore HS-DS-002, hs-ds-003 -- the orchestrator sets the user and probes',
    'FROM debian:12',
    '# hullscan:ignore=HS-DS-009',
    'RUN apt-get install -y curl',
    '# a plain comment between does not carry an ignore further',
    'RUN apt-get install -y wget',
    '# hullscan:ignore HS-DS-006',
    '',
    'EXPOSE 22',
  ].join('\n'), 'Dockerfile');
  const { findings, ignored } = checkDockerfileWithIgnores(df);
  const ids = (fs: { id: string; location?: { startLine?: number } }[]) => fs.map((f) => `${f.id}@${f.location!.startLine}`);
  assert.deepEqual(ids(ignored), ['HS-DS-002@2', 'HS-DS-003@2', 'HS-DS-009@4', 'HS-DS-006@9']);
  assert.deepEqual(ids(findings).filter((x) => /00[2369]/.test(x)), ['HS-DS-009@6']);
  assert.deepEqual(ids(checkDockerfile(df)), ids(findings));
});
