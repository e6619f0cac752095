// The Rust analyzer on a real binary built here with rustc (offline). cargo-auditable is not installed
// and cannot be fetched offline, so the `.dep-v0` section is added with `objcopy --add-section`, holding
// zlib-compressed JSON in cargo-auditable's real format (schema: rustsec.org/schemas/cargo-auditable.json).
// Cargo.lock files come from real `cargo generate-lockfile --offline` runs and from the v1/v3 formats.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileEntry } from '../../image/types.js';
import { haveCommand, runAnalyzer, tempDir } from '../golang/testing.js';
import { parseCargoLock } from './cargolock.js';
import { rustAnalyzer } from './index.js';
import { RustAuditScanner } from './scanner.js';

const LAYER = { index: 1, diffId: 'sha256:' + '1'.repeat(64) };
function entry(path: string, content: Buffer, mode = 0o755): FileEntry {
  return { info: { path, kind: 'file', size: content.length, mode, layer: LAYER }, content, truncated: false, deleted: false };
}

const AUDIT_JSON = {
  format: 1,
  packages: [
    { name: 'hello', version: '0.1.0', source: 'local', dependencies: [1, 2, 4], root: true },
    { name: 'smallvec', version: '1.6.0', source: 'crates.io' },
    { name: 'time', version: '0.1.43', source: 'crates.io', dependencies: [3] },
    { name: 'libc', version: '0.2.150', source: 'crates.io' },
    { name: 'cc', version: '1.0.83', source: 'crates.io', kind: 'build' },
    { name: 'mycrate', version: '2.0.0', source: 'registry' },
  ],
};

const tools = haveCommand('rustc') && haveCommand('objcopy');

describe('rust analyzer: cargo-auditable binary', { skip: !tools && 'rustc or objcopy not installed' }, () => {
  let dir: string;
  let binary: Buffer;
  let section: Buffer;

  before(() => {
    dir = tempDir('hullscan-rust-');
    writeFileSync(join(dir, 'hello.rs'), 'fn main() { println!("hello"); }\n');
    execFileSync('rustc', ['-C', 'opt-level=0', '-o', join(dir, 'plain'), join(dir, 'hello.rs')]);
    section = deflateSync(Buffer.from(JSON.stringify(AUDIT_JSON)));
    writeFileSync(join(dir, 'dep.z'), section);
    execFileSync('objcopy', ['--add-section', `.dep-v0=${join(dir, 'dep.z')}`, '--set-section-flags', '.dep-v0=noload,readonly', join(dir, 'plain'), join(dir, 'audited')]);
    binary = readFileSync(join(dir, 'audited'));
  });

  it('extracts exactly the bytes objcopy reads back as the .dep-v0 section, in any chunking', () => {
    execFileSync('objcopy', ['--dump-section', `.dep-v0=${join(dir, 'oracle.bin')}`, join(dir, 'audited'), join(dir, 'scratch')]);
    const oracle = readFileSync(join(dir, 'oracle.bin'));
    assert.deepEqual(oracle, section);
    for (const size of [4096, 65536, 1 << 20]) {
      const s = new RustAuditScanner();
      for (let o = 0; o < binary.length; o += size) s.write(binary.subarray(o, o + size));
      assert.deepEqual(s.finish(), oracle);
    }
  });

  it('reports the crates.io and registry crates, not the local root crate', async () => {
    const { facts, warnings } = await runAnalyzer(rustAnalyzer, [entry('/usr/local/bin/hello', binary), entry('/usr/local/bin/plain', readFileSync(join(dir, 'plain')))]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(facts.packages!.map((p) => [p.name, p.version, p.purl, p.locations[0]!.path, p.metadata!['kind'] ?? 'runtime']), [
      ['smallvec', '1.6.0', 'pkg:cargo/smallvec@1.6.0', '/usr/local/bin/hello', 'runtime'],
      ['time', '0.1.43', 'pkg:cargo/time@0.1.43', '/usr/local/bin/hello', 'runtime'],
      ['libc', '0.2.150', 'pkg:cargo/libc@0.2.150', '/usr/local/bin/hello', 'runtime'],
      ['cc', '1.0.83', 'pkg:cargo/cc@1.0.83', '/usr/local/bin/hello', 'build'],
      ['mycrate', '2.0.0', 'pkg:cargo/mycrate@2.0.0', '/usr/local/bin/hello', 'runtime'],
    ]);
  });

  it('warns about a .dep-v0 section that is not zlib JSON and goes on', async () => {
    writeFileSync(join(dir, 'junk.z'), Buffer.from('this is not zlib'));
    execFileSync('objcopy', ['--add-section', `.dep-v0=${join(dir, 'junk.z')}`, join(dir, 'plain'), join(dir, 'junk')]);
    const { facts, warnings } = await runAnalyzer(rustAnalyzer, [entry('/bin/junk', readFileSync(join(dir, 'junk'))), entry('/bin/hello', binary)]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^\/bin\/junk: \.dep-v0 is not zlib data/);
    assert.equal(facts.packages!.length, 5);
  });
});

describe('rust analyzer: Cargo.lock', () => {
  it('reads a real lockfile written by cargo (offline), the same crates cargo metadata lists', { skip: !haveCommand('cargo') && 'cargo not installed' }, () => {
    const ws = tempDir('hullscan-cargo-');
    for (const [name, deps] of [['app', 'util = { path = "../util" }'], ['util', '']] as const) {
      mkdirSync(join(ws, name, 'src'), { recursive: true });
      writeFileSync(join(ws, name, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.3.1"\nedition = "2021"\n\n[dependencies]\n${deps}\n`);
      writeFileSync(join(ws, name, 'src', name === 'app' ? 'main.rs' : 'lib.rs'), name === 'app' ? 'fn main() {}\n' : '\n');
    }
    execFileSync('cargo', ['generate-lockfile', '--offline'], { cwd: join(ws, 'app'), stdio: 'ignore' });
    const lock = readFileSync(join(ws, 'app', 'Cargo.lock'), 'utf8');
    const meta = JSON.parse(execFileSync('cargo', ['metadata', '--offline', '--format-version', '1'], { cwd: join(ws, 'app'), encoding: 'utf8' }));
    assert.deepEqual(parseCargoLock(lock).map((c) => `${c.name}@${c.version}`).sort(), meta.packages.map((p: { name: string; version: string }) => `${p.name}@${p.version}`).sort());
  });

  it('reports registry and git crates of v1 and v3 lockfiles, not workspace members', async () => {
    const v1 = `[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "smallvec 0.6.10 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "smallvec"
version = "0.6.10"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum smallvec 0.6.10 (registry+https://github.com/rust-lang/crates.io-index)" = "ab606a9c5e214920bb66c458cd7be8ef094f813f20fe77a54cc7dbfff220d4b7"
`;
    const v3 = `# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 3

[[package]]
name = "tokio"
version = "1.18.4"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "0c2c9146ac4b5ddd5a7fb28b7ea8b6b2ba0e2e1b17e2e8d3d6a49b3dfc2ce5a3"

[[package]]
name = "private"
version = "0.2.0"
source = "git+https://example.com/private.git#8f3b2a1c"
`;
    const { facts, warnings } = await runAnalyzer(rustAnalyzer, [entry('/src/a/Cargo.lock', Buffer.from(v1), 0o644), entry('/src/b/Cargo.lock', Buffer.from(v3), 0o644), entry('/src/c/Cargo.lock', Buffer.from('[[package]\nname='), 0o644)]);
    assert.deepEqual(facts.packages!.map((p) => [p.locations[0]!.path, p.purl, p.metadata!['checksum'] ?? null]), [
      ['/src/a/Cargo.lock', 'pkg:cargo/smallvec@0.6.10', 'ab606a9c5e214920bb66c458cd7be8ef094f813f20fe77a54cc7dbfff220d4b7'],
      ['/src/b/Cargo.lock', 'pkg:cargo/tokio@1.18.4', '0c2c9146ac4b5ddd5a7fb28b7ea8b6b2ba0e2e1b17e2e8d3d6a49b3dfc2ce5a3'],
      ['/src/b/Cargo.lock', 'pkg:cargo/private@0.2.0', null],
    ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^\/src\/c\/Cargo\.lock: not a valid Cargo\.lock/);
  });
});
