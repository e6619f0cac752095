import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { binaryAnalyzer } from './index.js';
import { entryOf, runAnalyzer } from '../npm/unpack-for-tests.js';
import type { FileEntry } from '../../image/types.js';
import type { Want } from '../types.js';
import { patternScanner, scanBuffer } from './pattern-scanner.js';
import { kindFor } from './identify.js';

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));

/** What the walk does: ask wants(), then buffer, cut to the head, or stream through the scanner. */
function asWalked(path: string, content: Buffer, mode = 0o755): FileEntry | undefined {
  const e = entryOf(path, content, mode);
  const want = binaryAnalyzer.wants(path, e.info);
  if (!want) return undefined;
  const w: Want = want === true ? {} : want;
  if (w.scan) {
    const scanner = w.scan();
    for (let off = 0; off < content.length; off += 1 << 20) if (scanner.write(content.subarray(off, off + (1 << 20))) === 'done') break;
    return { ...e, content: scanner.finish() };
  }
  const cap = w.headBytes ?? w.maxBytes ?? content.length;
  return { ...e, content: content.subarray(0, cap), truncated: content.length > cap };
}

const walked = (...entries: (FileEntry | undefined)[]) => entries.filter((e): e is FileEntry => !!e);
const ids = (facts: { packages?: { name: string; version: string; purl: string; locations: { path: string }[] }[] }) =>
  facts.packages!.map((p) => `${p.purl} ${p.locations.map((l) => l.path).join(',')}`).sort();

test('servers and runtimes from the version strings of their real builds', async () => {
  const facts = await runAnalyzer(binaryAnalyzer, walked(
    asWalked('/usr/local/nginx/sbin/nginx', fixture('nginx-1.22.1.excerpt')),
    asWalked('/usr/local/apache2/bin/httpd', fixture('apache2-2.4.71.excerpt')),
    asWalked('/usr/local/pgsql/bin/postgres', fixture('postgres-15.20.excerpt')),
    asWalked('/usr/local/bin/redis-server', fixture('redis-server-7.0.15.excerpt')),
    asWalked('/usr/local/bin/node', fixture('node-20.20.2.excerpt')),
    asWalked('/usr/local/lib/libpython3.11.so.1.0', fixture('libpython3.11-3.11.7.excerpt'), 0o644),
    asWalked('/opt/java/openjdk/release', fixture('temurin-25.release'), 0o644),
  ));
  assert.deepEqual(facts.warnings, []);
  assert.deepEqual(ids(facts), [
    'pkg:generic/httpd@2.4.71 /usr/local/apache2/bin/httpd',
    'pkg:generic/nginx@1.22.1 /usr/local/nginx/sbin/nginx',
    'pkg:generic/node@20.20.2 /usr/local/bin/node',
    'pkg:generic/openjdk@25.0.3 /opt/java/openjdk/release',
    'pkg:generic/postgresql@15.20 /usr/local/pgsql/bin/postgres',
    'pkg:generic/python@3.11.7 /usr/local/lib/libpython3.11.so.1.0',
    'pkg:generic/redis@7.0.15 /usr/local/bin/redis-server',
  ]);
  assert.equal(facts.packages!.find((p) => p.name === 'openjdk')!.metadata!.implementor, 'Eclipse Adoptium');
  assert.ok(facts.packages!.every((p) => p.type === 'binary'));
});

test('a version string split across two stream chunks is still found', () => {
  const data = fixture('nginx-1.22.1.excerpt');
  const at = data.indexOf('nginx/1.22.1') + 8;
  for (const chunk of [at, 7, 1]) {
    const entry = asWalked('/usr/sbin/nginx', data);   // one pass with the default chunking, then the awkward ones
    assert.ok(entry);
    const w = binaryAnalyzer.wants('/usr/sbin/nginx', entry.info) as Want;
    const result = scanBuffer(w.scan!(), data, chunk);
    assert.deepEqual(result.matches, [['1.22.1']], `chunk ${chunk}`);
  }
});

test('a script named like a server is not the server; redis without its build-id string gives no guess', async () => {
  const facts = await runAnalyzer(binaryAnalyzer, walked(
    asWalked('/usr/local/bin/nginx', Buffer.from('#!/bin/sh\n# wrapper for nginx/1.25.3\nexec /opt/nginx "$@"\n')),
    asWalked('/usr/local/bin/redis-server', Buffer.concat([Buffer.from('\x7fELF'), Buffer.from('\x007.2.4\x00redis_version:%s\x00')])),
  ));
  assert.deepEqual(facts.packages, []);
  assert.deepEqual(facts.executables, ['/usr/local/bin/redis-server']);
});

test('executables: ELF files with an exec bit, from their first 4 bytes only', async () => {
  const elf = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01'), Buffer.alloc(5000)]);
  const entries = walked(
    asWalked('/usr/local/bin/tool', elf),
    asWalked('/usr/local/bin/script.sh', Buffer.from('#!/bin/sh\necho hi\n')),
    asWalked('/usr/lib/libfoo.so', elf, 0o644),           // not executable, not wanted
  );
  assert.equal(entries.length, 2);
  assert.ok(entries.every((e) => e.content.length <= 4));
  const facts = await runAnalyzer(binaryAnalyzer, entries);
  assert.deepEqual(facts.executables, ['/usr/local/bin/tool']);
});

test("this machine's node and libpython binaries, whole, against the runtimes' own version", async (t) => {
  const node = spawnSync('node', ['--version']);
  const nodePath = spawnSync('sh', ['-c', 'command -v node']).stdout.toString().trim();
  if (node.status === 0 && nodePath && existsSync(nodePath)) {
    const facts = await runAnalyzer(binaryAnalyzer, walked(asWalked('/usr/local/bin/node', readFileSync(realpathSync(nodePath)))));
    assert.deepEqual(facts.packages!.map((p) => `v${p.version}`), [node.stdout.toString().trim()]);
  } else t.diagnostic('no node binary here');
  const py = spawnSync('python3', ['-c', 'import platform, sysconfig; print(platform.python_version()); print(sysconfig.get_config_var("LIBDIR") or ""); print(sysconfig.get_config_var("INSTSONAME") or "")']);
  const [version, libdir, soname] = py.status === 0 ? py.stdout.toString().trim().split('\n') : [];
  const lib = libdir && soname ? `${libdir}/${soname}` : '';
  if (lib && soname!.includes('.so') && existsSync(lib)) {
    const facts = await runAnalyzer(binaryAnalyzer, walked(asWalked(`/usr/local/lib/${soname}`, readFileSync(lib), 0o644)));
    assert.deepEqual(facts.packages!.map((p) => p.version), [version]);
  } else t.diagnostic('no shared libpython here');
});

test('names: which files are runtimes to scan, which only executables, which nothing', () => {
  const info = (path: string, mode: number) => ({ path, kind: 'file' as const, size: 10, mode, layer: { index: 0, diffId: 'sha256:x' } });
  const scanned = (p: string, mode = 0o755) => { const w = binaryAnalyzer.wants(p, info(p, mode)); return typeof w === 'object' && !!w.scan; };
  for (const p of ['/usr/local/bin/node', '/usr/bin/python3.12', '/usr/sbin/nginx', '/usr/local/pgsql/bin/postgres', '/usr/local/bin/redis-server'])
    assert.ok(scanned(p), p);
  for (const p of ['/usr/lib/x86_64-linux-gnu/libnode.so.108', '/usr/local/lib/libpython3.11.so.1.0']) assert.ok(scanned(p, 0o644), p);
  for (const p of ['/usr/bin/python3.11-config', '/usr/bin/python3', '/usr/local/bin/nodemon']) assert.ok(!scanned(p), p);
  assert.deepEqual(binaryAnalyzer.wants('/usr/bin/ls', info('/usr/bin/ls', 0o755)), { headBytes: 4 });
  assert.equal(binaryAnalyzer.wants('/usr/lib/libfoo.so', info('/usr/lib/libfoo.so', 0o644)), false);
  assert.equal(binaryAnalyzer.wants('/usr/local/lib/libpython3.11.a', info('/usr/local/lib/libpython3.11.a', 0o644)), false);
});

test('a version string cut by a chunk boundary is judged with the bytes before it (no partial match)', () => {
  const python = kindFor('/usr/bin/python3.11')!;
  // "13.11.2" is not Python 3.11.2: the digit before it belongs to it, even when the chunk starts at "3.11.2".
  const data = Buffer.from('\x00\x00version 13.11.2\x00 and the real one 3.11.7\x00');
  const cut = data.indexOf('3.11.2');
  for (const chunk of [cut, cut + 1, 5, 1]) {
    const r = scanBuffer(patternScanner(python.patterns, python.isDone), data, chunk);
    assert.deepEqual(r.matches, [['3.11.7']], `chunk ${chunk}`);
  }
});
