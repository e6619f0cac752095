import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference, formatReference } from './reference.js';

// Expected values follow docker's distribution/reference ParseNormalizedNamed.
const cases: [string, string][] = [
  ['alpine', 'docker.io/library/alpine:latest'],
  ['alpine:3.19', 'docker.io/library/alpine:3.19'],
  ['library/alpine', 'docker.io/library/alpine:latest'],
  ['docker.io/alpine', 'docker.io/library/alpine:latest'],
  ['index.docker.io/library/alpine', 'docker.io/library/alpine:latest'],
  ['user/repo:tag', 'docker.io/user/repo:tag'],
  ['ghcr.io/org/app:sha-1234', 'ghcr.io/org/app:sha-1234'],
  ['localhost/foo', 'localhost/foo:latest'],
  ['localhost:5000/team/api', 'localhost:5000/team/api:latest'],
  ['registry.local:5000/team/api@sha256:' + 'a'.repeat(64), 'registry.local:5000/team/api@sha256:' + 'a'.repeat(64)],
  ['nginx:1.25@sha256:' + 'b'.repeat(64), 'docker.io/library/nginx:1.25@sha256:' + 'b'.repeat(64)],
  ['Foo.example/bar', 'Foo.example/bar:latest'],
  ['127.0.0.1:5000/x/y:1', '127.0.0.1:5000/x/y:1'],
  ['[::1]:5000/x', '[::1]:5000/x:latest'],
  ['a/b/c/d:e', 'docker.io/a/b/c/d:e'],
  ['my_repo/a__b/c-d/e.f', 'docker.io/my_repo/a__b/c-d/e.f:latest'],
];

test('normalises references like docker', () => {
  for (const [input, want] of cases) assert.equal(formatReference(parseReference(input)), want, input);
});

test('rejects invalid references with a one-line usage error', () => {
  for (const bad of ['', 'UPPER', 'docker.io/UPPER/x', 'a:b:c', 'alpine@sha256:abc', 'alpine:-bad', 'a//b', 'foo@md5:' + 'a'.repeat(32), 'x/' + 'a'.repeat(260)]) {
    assert.throws(() => parseReference(bad), (e: any) => e.code === 'USAGE' && !e.message.includes('\n'), bad);
  }
});

test('uppercase first component is a domain (docker rule)', () => {
  assert.equal(parseReference('Registry/foo').domain, 'Registry');
});
