#!/usr/bin/env node
// Regenerates testdata/version/<ecosystem>.tsv from the real reference implementations on this machine.
// Usage: node scripts/gen-version-vectors/gen.mjs deb rpm pypi npm golang ...   (no args: all available)
// Each output line is "a<TAB>b<TAB>sign" with sign -1/0/1, or "!" when the reference rejects a or b.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { choosePairs, combos } from './pairs.mjs';
import * as src from './sources.mjs';
import { TRICKY } from './tricky.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const outDir = join(root, 'testdata/version');

const toTsv = (pairs) => pairs.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n';

function run(cmd, args, input, env = {}) {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 28, env: { ...process.env, ...env }, cwd: here });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.toString();
}

function withTemp(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-vv-'));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

const tool = (cmd, args) => { try { return execFileSync(cmd, args).toString().split('\n')[0].trim(); } catch { return 'unknown'; } };

/** Per ecosystem: where versions come from, and how the reference compares pairs. */
const ECOSYSTEMS = {
  deb: {
    real: () => src.debVersions(),
    reference: (pairs) => run('sh', [join(here, 'ref/deb.sh')], toTsv(pairs)),
    tool: () => tool('dpkg', ['--version']),
  },
  rpm: {
    real: () => src.rpmVersions(),
    reference: (pairs) => withTemp((d) => {
      writeFileSync(join(d, 'in'), toTsv(pairs));
      run('rpm', ['--eval', `%{lua: dofile('${join(here, 'ref/rpm.lua')}')}`], '', { PAIRS_IN: join(d, 'in'), PAIRS_OUT: join(d, 'out') });
      return readFileSync(join(d, 'out'), 'utf8');
    }),
    tool: () => tool('rpm', ['--version']),
  },
  pypi: {
    real: () => src.pypiVersions(),
    reference: (pairs) => run(process.env.PYTHON ?? 'python3', [join(here, 'ref/pypi.py')], toTsv(pairs)),
    tool: () => `python packaging ${tool(process.env.PYTHON ?? 'python3', ['-c', 'import packaging; print(packaging.__version__)'])}`,
  },
  npm: {
    real: () => src.npmVersions(),
    reference: (pairs) => run(process.execPath, [join(here, 'ref/npm.mjs')], toTsv(pairs)),
    tool: () => `node-semver ${JSON.parse(readFileSync(join(root, 'node_modules/semver/package.json'), 'utf8')).version}`,
  },
  golang: {
    real: () => src.goVersions().map((v) => (v.startsWith('v') ? v : `v${v}`)),
    reference: (pairs) => run('go', ['run', join(here, 'ref/golang.go')], toTsv(pairs),
      { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', GOCACHE: join(tmpdir(), 'hullscan-gocache') }),
    tool: () => `golang.org/x/mod/semver (${tool('dpkg-query', ['-W', '-f=${Version}', 'golang-golang-x-mod-dev'])}), ${tool('go', ['version'])}`,
  },
  maven: {
    real: () => src.mavenVersions(),
    reference: (pairs) => withTemp((d) => {
      const jar = process.env.MAVEN_ARTIFACT_JAR ?? '/usr/share/maven/lib/maven-artifact-3.x.jar';
      run('javac', ['-cp', jar, '-d', d, join(here, 'ref/MavenCompare.java')], '');
      return run('java', ['-cp', `${jar}:${d}`, 'MavenCompare'], toTsv(pairs));
    }),
    tool: () => `Maven ComparableVersion (${tool('mvn', ['-v']).replace(/\x1b\[[0-9;]*m/g, '')})`,
  },
  gem: {
    real: () => src.gemVersions(),
    reference: (pairs) => run('ruby', [join(here, 'ref/gem.rb')], toTsv(pairs)),
    tool: () => `RubyGems Gem::Version ${tool('ruby', ['-e', 'puts Gem::VERSION'])} (${tool('ruby', ['--version'])})`,
  },
  composer: {
    real: () => [...src.ghsaVersions('Packagist'), ...src.composerStyleVersions()],
    reference: (pairs) => run('php', [join(here, 'ref/composer.php')], toTsv(pairs)),
    tool: () => `composer/semver ${tool('dpkg-query', ['-W', '-f=${Version}', 'php-composer-semver'])} on ${tool('php', ['-r', 'echo "PHP ".PHP_VERSION;'])}`,
  },
  cargo: {
    real: () => src.cargoVersions(),
    reference: (pairs) => runCargoRef(pairs.map(([a, b]) => `v\t${a}\t${b}`).join('\n') + '\n'),
    tool: () => `semver crate ${tool('dpkg-query', ['-W', '-f=${Version}', 'librust-semver-dev'])} (Debian librust-semver-dev), ${tool('cargo', ['--version'])}`,
  },
};

/** Builds scripts/gen-version-vectors/ref/cargo-semver offline against Debian's semver crate and runs it. */
export function runCargoRef(input) {
  const target = join(tmpdir(), 'hullscan-cargo-semver-ref');
  run('cargo', ['build', '--offline', '--release', '--quiet', '--manifest-path', join(here, 'ref/cargo-semver/Cargo.toml')], '', { CARGO_TARGET_DIR: target });
  return run(join(target, 'release/hullscan-semver-ref'), [], input);
}

export async function generate(eco, extra = {}) {
  const spec = { ...ECOSYSTEMS[eco], ...extra };
  const real = spec.real();
  const tricky = TRICKY[eco]();
  const pairs = choosePairs(tricky, real, { seed: 20261124 });
  const outText = spec.reference(pairs);
  const lines = outText.split('\n').filter((l) => l.split('\t').length === 3);
  if (lines.length !== pairs.length) throw new Error(`${eco}: reference answered ${lines.length} of ${pairs.length} pairs`);
  const header = `# ${eco} version vectors: a<TAB>b<TAB>sign (! = reference rejects a or b). Reference: ${spec.tool()}. ` +
    `Generated by scripts/gen-version-vectors/gen.mjs from ${tricky.length} tricky + ${real.length} real versions.\n`;
  writeFileSync(join(outDir, `${eco}.tsv`), header + lines.join('\n') + '\n');
  const invalid = lines.filter((l) => l.endsWith('\t!')).length;
  console.log(`${eco}: ${lines.length} pairs (${invalid} with an invalid side)`);
}

export { ECOSYSTEMS, combos };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const want = process.argv.slice(2);
  for (const eco of want.length ? want : Object.keys(ECOSYSTEMS)) await generate(eco);
}
