// The ~1 GB corpus image (built on demand by corpus/build.sh big): every jar in it belongs to a Debian
// package, so after the OS-owned rule the Go, Java and Rust analyzers must report nothing; and its
// hundreds of ELF executables (gcc, the JVM, perl, git) must be streamed, not buffered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openImage } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import { dpkgAnalyzer } from '../dpkg/dpkg.js';
import { golangAnalyzer } from './index.js';
import { javaAnalyzer } from '../java/index.js';
import { rustAnalyzer } from '../rust/index.js';
import { dropOsOwned } from '../../inventory/owned-files.js';

const BIG = join(tmpdir(), 'hullscan-corpus', 'out', 'big.docker.tar');

test('big: 0 Go, Java or Rust packages once dpkg-owned files are dropped; the 2 Debian jars are seen', { skip: !existsSync(BIG) && `${BIG} not built (corpus/build.sh big)`, timeout: 300_000 }, async () => {
  const [image] = await openImage(BIG);
  try {
    const a = await analyzeImage(image!, [dpkgAnalyzer, golangAnalyzer, javaAnalyzer, rustAnalyzer]);
    const all = a.facts.flatMap((f) => f.facts.packages ?? []);
    assert.deepEqual(a.warnings.filter((w) => /^(golang|java|rust):/.test(w)), []);
    const lang = all.filter((p) => p.type !== 'deb');
    // jrt-fs.jar (OpenJDK, Implementation-Version 17.0.x) is identified; ca-certificates-java.jar names no version.
    assert.deepEqual(lang.map((p) => `${p.type} ${p.name} ${p.locations[0]!.path}`), ['maven jrt-fs /usr/lib/jvm/java-17-openjdk-amd64/lib/jrt-fs.jar']);
    assert.deepEqual(dropOsOwned(all).filter((p) => p.type !== 'deb'), []);
  } finally { await image!.close(); }
});
