import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { HullscanError } from '../../errors.js';
import { findDockerfiles, isDockerfileName, scanConfigPath, scanDockerfile } from './scan.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-config-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

test('Dockerfile names: Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*; not ignore files or documents', () => {
  for (const n of ['Dockerfile', 'dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.dev', 'Dockerfile.alpine3.20', 'build.containerfile']) assert.ok(isDockerfileName(n), n);
  for (const n of ['Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', '.dockerignore', 'Containerfile.5.gz', 'Dockerfile.md', 'MyDockerfile', 'docker-compose.yml', 'Dockerfiles']) assert.ok(!isDockerfileName(n), n);
});

test('a directory is searched recursively, skipping .git and node_modules; linked files read, linked directories not walked', () => {
  const ok = 'FROM alpine:3.20\n';
  const dir = tree({
    'Dockerfile': ok, 'Containerfile': ok, 'svc/api.Dockerfile': ok, 'svc/web/Dockerfile.dev': ok,
    'node_modules/pkg/Dockerfile': ok, '.git/Dockerfile': ok, 'svc/Dockerfile.dockerignore': '*', 'README.md': '# x',
  });
  try {
    symlinkSync(join(dir, 'svc'), join(dir, 'loop'));
    symlinkSync(join(dir, 'Dockerfile'), join(dir, 'linked.Dockerfile'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.Dockerfile'));
    assert.deepEqual(findDockerfiles(dir).map((f) => relative(dir, f)), ['Containerfile', 'Dockerfile', 'linked.Dockerfile', 'svc/api.Dockerfile', 'svc/web/Dockerfile.dev']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in a directory, a file that cannot be parsed is reported and the others are still checked', () => {
  const dir = tree({ 'a/Dockerfile': 'FROM node\n', 'b/Dockerfile': 'FROM alpine:3.20\nRUN <<EOF\nnever closed\n' });
  try {
    const results = scanConfigPath(dir);
    assert.equal(results.length, 2);
    assert.ok(results[0]!.findings.some((f) => f.id === 'HS-DS-001'));
    assert.equal(results[1]!.findings.length, 0);
    assert.match(results[1]!.error!, /b\/Dockerfile: line 2: unterminated heredoc '<<EOF'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a single file that cannot be parsed, a missing path and a directory without Dockerfiles are HullscanErrors', () => {
  const dir = tree({ 'Dockerfile': 'FROM alpine:3.20\nFROOM x\n', 'empty/README': 'x' });
  try {
    assert.throws(() => scanConfigPath(join(dir, 'Dockerfile')), (e: unknown) => e instanceof HullscanError && /Dockerfile: line 2: unknown instruction 'FROOM'$/.test(e.message));
    assert.throws(() => scanConfigPath(join(dir, 'nope')), (e: unknown) => e instanceof HullscanError && e.code === 'NOT_FOUND' && /nope: no such file/.test(e.message));
    assert.throws(() => scanConfigPath(join(dir, 'empty')), (e: unknown) => e instanceof HullscanError && e.code === 'NOT_FOUND' && /no Dockerfile/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a single Dockerfile keeps the path as given in every finding; warnings name the file', () => {
  const dir = tree({ 'Dockerfile': 'FROM alpine:3.20\nRUN echo \\\n\n  ok\nUSER 1000\nHEALTHCHECK NONE\n' });
  try {
    const r = scanDockerfile(join(dir, 'Dockerfile'), 'ctx/Dockerfile');
    assert.equal(r.path, 'ctx/Dockerfile');
    assert.deepEqual(r.findings.map((f) => [f.id, f.location?.path]), [['HS-DS-011', 'ctx/Dockerfile']]);
    assert.deepEqual(r.warnings, ['ctx/Dockerfile: line 2: empty continuation line (BuildKit will reject these in a future release)']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
