import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HullscanError } from '../../errors.js';
import { parseDockerfile, shippedStages, type Dockerfile } from './parser.js';

const parse = (src: string | Buffer, path = 'Dockerfile'): Dockerfile => parseDockerfile(src, path);
const lines = (df: Dockerfile) => df.instructions.map((i) => `${i.keyword}@${i.startLine}-${i.endLine}`);

function rejects(src: string | Buffer, message: RegExp, path = 'Dockerfile'): void {
  assert.throws(() => parse(src, path), (e: unknown) => {
    assert.ok(e instanceof HullscanError, `a HullscanError, got ${String(e)}`);
    assert.match(e.message, message);
    assert.doesNotMatch(e.message, /\n/, 'one line');
    return true;
  });
}

test('parser: line continuations join lines; start and end lines are physical lines', () => {
  const df = parse('FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && true\nCMD ["x"]\n');
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-4', 'CMD@5-5']);
  assert.equal(df.instructions[1]!.args, 'apt-get update     && apt-get install -y curl     && true');
});

test('parser: a tab after the keyword; continuation lines keep their leading tabs (as BuildKit joins them)', () => {
  const df = parse('FROM\tdebian:12\nRUN\tapt-get install -yq \\\n\tcurl \\\n\t--no-install-recommends\nENV\tPLATFORMS\t\\\n\tlinux/386 linux/arm \\\n\tdarwin/amd64\n');
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-4', 'ENV@5-7']);
  assert.equal(df.instructions[1]!.args, 'apt-get install -yq \tcurl \t--no-install-recommends');
  assert.equal(df.instructions[2]!.args, 'PLATFORMS\t\tlinux/386 linux/arm \tdarwin/amd64');
});

test('parser: comment and blank lines inside a continuation are skipped (blank ones with a warning)', () => {
  const df = parse('FROM debian:12\nRUN echo a \\\n# a comment\n  # an indented comment\n\n    b\nUSER app\n');
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-6', 'USER@7-7']);
  assert.equal(df.instructions[1]!.args, 'echo a     b');
  assert.match(df.warnings[0]!, /line 2: empty continuation line/);
});

test('parser: trailing whitespace after the escape still continues the line', () => {
  const df = parse('FROM debian:12\nRUN echo a \\  \t\n  b\n');
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-3']);
});

test('parser: an escaped escape token at the end of a line does not continue it', () => {
  assert.deepEqual(lines(parse('FROM debian:12\nRUN echo a\\\\\nUSER root\n')), ['FROM@1-1', 'RUN@2-2', 'USER@3-3']);
});

test('parser: a continuation joins the next line with nothing between (US\\ + ER root is USER root)', () => {
  const df = parse('FROM debian:12\nUS\\\nER root\n');
  assert.deepEqual(lines(df), ['FROM@1-1', 'USER@2-3']);
  assert.equal(df.instructions[1]!.args, 'root');
});

test('parser: # escape=` makes the backtick the escape token (Windows style), and backslash is literal', () => {
  const df = parse('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\ `\n    && echo done\nCOPY app\\ c:\\app\\\n');
  assert.equal(df.escape, '`');
  assert.deepEqual(lines(df), ['FROM@2-2', 'RUN@3-4', 'COPY@5-5']);
  assert.equal(df.instructions[1]!.args, 'dir c:\\     && echo done');
});

test('parser: directives only at the top; a directive after a comment or blank line is a comment', () => {
  const df = parse('# syntax=docker/dockerfile:1.7\n# ESCAPE = \\\n\n# escape=`\nFROM alpine:3.20\nRUN echo \\\n  ok\n');
  assert.deepEqual(df.directives, { syntax: 'docker/dockerfile:1.7', escape: '\\' });
  assert.deepEqual(lines(df), ['FROM@5-5', 'RUN@6-7']);
});

test('parser: an unknown directive is a comment and ends the directives', () => {
  const df = parse('# syntax=docker/dockerfile:1\n# foo=bar\n# escape=`\nFROM alpine:3.20\nRUN echo a \\\n  b\n');
  assert.deepEqual(df.directives, { syntax: 'docker/dockerfile:1' });
  assert.equal(df.escape, '\\');
  assert.deepEqual(lines(df), ['FROM@4-4', 'RUN@5-6']);
});

test('parser: heredoc body ends at its delimiter line and counts in the end line', () => {
  const df = parse('FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\nUSER app\n');
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-5', 'USER@6-6']);
  assert.deepEqual(df.instructions[1]!.heredocs, [{ name: 'EOF', content: 'set -e\napt-get update\n', chomp: false, expand: true }]);
});

test('parser: <<- strips leading tabs from body and delimiter; a quoted delimiter does not expand', () => {
  const df = parse('FROM debian:12\nRUN <<-"END" bash\n\techo "$HOME"\n\t\tindented\n\tEND\n');
  assert.deepEqual(df.instructions[1]!.heredocs, [{ name: 'END', content: 'echo "$HOME"\nindented\n', chomp: true, expand: false }]);
  assert.equal(df.instructions[1]!.endLine, 5);
});

test('parser: several heredocs on one line are read one after the other', () => {
  const df = parse('FROM debian:12\nRUN <<FILE1 cat > /a && <<FILE2 cat > /b\none\nFILE1\ntwo\nFILE2\nCMD x\n');
  assert.deepEqual(df.instructions[1]!.heredocs.map((h) => [h.name, h.content]), [['FILE1', 'one\n'], ['FILE2', 'two\n']]);
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-6', 'CMD@7-7']);
});

test('parser: COPY <<EOF with flags, and a file-descriptor heredoc', () => {
  const df = parse('FROM debian:12\nCOPY --chmod=0755 <<EOF /usr/local/bin/hello\n#!/bin/sh\necho hello\nEOF\nRUN 3<<IN cat /dev/fd/3\nx\nIN\n');
  const copy = df.instructions[1]!;
  assert.deepEqual(copy.flags, [{ name: 'chmod', value: '0755' }]);
  assert.equal(copy.heredocs[0]!.content, '#!/bin/sh\necho hello\n');
  assert.equal(df.instructions[2]!.heredocs[0]!.fd, 3);
  assert.deepEqual(lines(df), ['FROM@1-1', 'COPY@2-5', 'RUN@6-8']);
});

test('parser: << inside quotes, <<< here-strings and heredocs on other instructions are not heredocs', () => {
  const df = parse('FROM debian:12\nRUN echo "<<EOF" && cat <<<"word"\nLABEL x="<<EOF"\nCMD ["x"]\n');
  assert.deepEqual(df.instructions.map((i) => i.heredocs.length), [0, 0, 0, 0]);
  assert.deepEqual(lines(df), ['FROM@1-1', 'RUN@2-2', 'LABEL@3-3', 'CMD@4-4']);
});

test('parser: exec (JSON) form vs shell form; invalid JSON is shell form', () => {
  const df = parse('FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\nCMD [ "a b", "c" ]\nENTRYPOINT [not json]\nCMD ["x", 1]\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n');
  assert.deepEqual(df.instructions.map((i) => i.json ?? null), [
    null, ['apt-get', 'install', '-y', 'curl'], ['a b', 'c'], null, null, ['/bin/bash', '-o', 'pipefail', '-c'],
  ]);
});

test('parser: ARG before FROM; FROM ${BASE}, $BASE, ${VAR:-default} and ${VAR:+alt} resolved from ARG defaults', () => {
  const df = parse('ARG REGISTRY=docker.io\nARG NAME=library/node\nARG TAG\nARG VARIANT=alpine\nFROM ${REGISTRY}/$NAME:${TAG:-20}-${VARIANT:+alpine3.20} AS base\nFROM base\n');
  assert.equal(df.metaArgs.length, 4);
  const b = df.stages[0]!.base;
  assert.equal(b.resolved, 'docker.io/library/node:20-alpine3.20');
  assert.equal(b.repository, 'docker.io/library/node');
  assert.equal(b.tag, '20-alpine3.20');
  assert.deepEqual(b.unresolved, []);
  assert.equal(df.stages[1]!.base.stage, 0);
});

test('parser: an ARG without a default leaves the FROM unresolved (chosen at build time)', () => {
  const df = parse('ARG BASE\nFROM ${BASE}\n');
  assert.deepEqual(df.stages[0]!.base.unresolved, ['BASE']);
  assert.equal(df.stages[0]!.base.resolved, '');
});

test('parser: multi-stage build: AS names (case-insensitive), COPY --from, stage bases, what ships', () => {
  const df = parse('FROM golang:1.22 AS Builder\nRUN go build -o /app\nFROM builder AS test\nRUN go test\nFROM gcr.io/distroless/static-debian12 AS final\nCOPY --from=Builder /app /app\n');
  assert.deepEqual(df.stages.map((s) => [s.name, s.base.stage ?? s.base.repository]), [['builder', 'golang'], ['test', 0], ['final', 'gcr.io/distroless/static-debian12']]);
  assert.deepEqual(df.stages[2]!.instructions[0]!.flags, [{ name: 'from', value: 'Builder' }]);
  assert.deepEqual(shippedStages(df).map((s) => s.name), ['final']);
  const chained = parse('FROM debian:12 AS base\nFROM base AS app\nFROM app\n');
  assert.deepEqual(shippedStages(chained).map((s) => s.index), [2, 1, 0]);
});

test('parser: flags: --platform on FROM, --mount on RUN (several), --chown/--link on COPY, -- values with quotes', () => {
  const df = parse('FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=cache,target=/root/.cache go build\nCOPY --chown=app:app --link --exclude="*.md" . /src\n');
  assert.equal(df.stages[0]!.platform, '$BUILDPLATFORM');
  assert.deepEqual(df.instructions[1]!.flags, [{ name: 'mount', value: 'type=secret,id=npmrc,target=/root/.npmrc' }, { name: 'mount', value: 'type=cache,target=/root/.cache' }]);
  assert.equal(df.instructions[1]!.args, 'go build');
  assert.deepEqual(df.instructions[2]!.flags, [{ name: 'chown', value: 'app:app' }, { name: 'link' }, { name: 'exclude', value: '*.md' }]);
  assert.equal(df.instructions[2]!.args, '. /src');
});

test('parser: instruction keywords are case-insensitive; ONBUILD wraps a trigger', () => {
  const df = parse('from debian:12\nonbuild run echo hi\nOnBuild COPY --chown=1:1 . /app\n');
  assert.deepEqual(df.instructions.map((i) => i.keyword), ['FROM', 'ONBUILD', 'ONBUILD']);
  assert.equal(df.instructions[1]!.trigger!.keyword, 'RUN');
  assert.deepEqual(df.instructions[2]!.trigger!.flags, [{ name: 'chown', value: '1:1' }]);
});

test('parser: CRLF line endings and a UTF-8 byte order mark', () => {
  const df = parse(Buffer.from('\uFEFF# syntax=docker/dockerfile:1\r\nFROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\n'));
  assert.deepEqual(df.directives, { syntax: 'docker/dockerfile:1' });
  assert.deepEqual(lines(df), ['FROM@2-2', 'RUN@3-4']);
  assert.equal(df.instructions[1]!.args, 'echo a   b');
});

test('parser: a trailing escape on the last line ends the instruction', () => {
  assert.deepEqual(lines(parse('FROM alpine:3.20\nRUN echo \\\n')), ['FROM@1-1', 'RUN@2-2']);
});

test('bad input: a binary file is rejected in one line naming the file', () => {
  rejects(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), /^bin\/app: line 1: binary data \(NUL byte\): not a Dockerfile$/, 'bin/app');
  rejects(Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xff, 0xfe, 0x0a]), /^Dockerfile: not a text file \(invalid UTF-8\)/);
});

test('bad input: an unterminated heredoc names its line and delimiter', () => {
  rejects('FROM alpine:3.20\nRUN <<EOF\necho never closed\n', /^Dockerfile: line 2: unterminated heredoc '<<EOF'/);
});

test('bad input: an unknown instruction names its line', () => {
  rejects('FROM alpine:3.20\nFROOM x\n', /^Dockerfile: line 2: unknown instruction 'FROOM'$/);
});

test('bad input: instructions before FROM, no FROM, empty file, bad FROM, bad escape, bad stage name', () => {
  rejects('RUN echo\nFROM alpine:3.20\n', /line 1: RUN before the first FROM/);
  rejects('ARG X=1\n', /no FROM instruction/);
  rejects('\n# only a comment\n', /line 1: no instructions/);
  rejects('FROM alpine:3.20 AS\n', /line 1: FROM takes an image and optionally 'AS name'/);
  rejects('# escape=x\nFROM alpine\n', /invalid escape token 'x'/);
  rejects('FROM alpine AS 1st\n', /invalid stage name '1st'/);
  rejects('FROM alpine AS a\nFROM alpine AS A\n', /line 2: duplicate stage name 'a'/);
  rejects('FROM alpine\nRUN\n', /line 2: RUN needs arguments/);
});

test('bad input: a huge file is refused before parsing', () => {
  rejects('FROM alpine\n' + '#'.repeat(9 * 1024 * 1024), /larger than \d+ bytes/);
});
