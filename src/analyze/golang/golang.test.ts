// The Go analyzer on real binaries: the two Go programs of the corpus image multi-lang (checked
// against `go version -m` and the standard library's debug/gosym), a program built here that links a
// known vulnerable stdlib function (reachability against the real Go vulndb records), and broken input.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { golangAnalyzer, goSymbolsOf } from './index.js';
import { goReachability } from './reachability.js';
import { GoBinaryScanner, readGoBinaryScan } from './scanner.js';
import { entryFor, extractLayers, haveCommand, MULTI_LANG, runAnalyzer, type ExtractedImage } from './testing.js';
import type { Package } from '../../inventory/model.js';

const GO_VULNDB = '/work/shared/vulndata/osv/go';
const hasGo = haveCommand('go');
const GO_ENV = { ...process.env, GOCACHE: join(tmpdir(), 'hullscan-test-gocache'), GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' };

/** `go version -m` of a binary: toolchain and dep lines, the oracle for the build-info parser. */
function goVersionM(file: string): { go: string; deps: string[] } {
  const out = execFileSync('go', ['version', '-m', file], { encoding: 'utf8', env: GO_ENV });
  const go = /: (go\S+)/.exec(out)![1]!;
  const deps = out.split('\n').filter((l) => l.trim().startsWith('dep\t')).map((l) => { const f = l.trim().split('\t'); return `${f[1]}@${f[2]}`; });
  return { go, deps };
}

/** Function names the standard library's debug/gosym reads from the pclntab: the oracle for our table reader. */
function gosymFuncs(file: string): string[] {
  const dir = join(tmpdir(), 'hullscan-test-gosym');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module gosymlist\ngo 1.19\n');
  writeFileSync(join(dir, 'main.go'), `package main
import ("debug/elf"; "debug/gosym"; "fmt"; "os")
func main() {
	f, err := elf.Open(os.Args[1]); if err != nil { panic(err) }
	data, err := f.Section(".gopclntab").Data(); if err != nil { panic(err) }
	t, err := gosym.NewTable(nil, gosym.NewLineTable(data, f.Section(".text").Addr)); if err != nil { panic(err) }
	for _, fn := range t.Funcs { fmt.Println(fn.Name) }
}
`);
  execFileSync('go', ['build', '-o', 'gosymlist', '.'], { cwd: dir, env: GO_ENV });
  return execFileSync(join(dir, 'gosymlist'), [file], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean);
}

/** The `imports` of the first affected entry for `module` in a real Go vulndb record. */
function advisoryImports(id: string, module: string): { path: string; symbols: string[] }[] {
  const rec = JSON.parse(readFileSync(join(GO_VULNDB, `${id}.json`), 'utf8'));
  const a = rec.affected.find((x: { package: { name: string } }) => x.package.name === module);
  return (a.ecosystem_specific?.imports ?? []).map((i: { path: string; symbols?: string[] }) => ({ path: i.path, symbols: i.symbols ?? [] }));
}

describe('golang analyzer on multi-lang', () => {
  let img: ExtractedImage;
  let packages: Package[];
  let warnings: string[];
  const BINARIES = ['/usr/bin/docker-registry', '/usr/local/bin/demo-go'];

  before(async () => {
    img = extractLayers(MULTI_LANG, [1, 2, 3]);
    const entries = [...BINARIES, '/usr/share/java/log4j-1.2-1.2.17.jar', '/etc/docker/registry/config.yml'].map((p) => entryFor(img, p));
    ({ facts: { packages = [] }, warnings } = await runAnalyzer(golangAnalyzer, entries, 65536 + 13));
  });

  it('finds 2 stdlib entries (Go 1.19.8) and the 5 modules of demo-go: 7 packages', () => {
    assert.deepEqual(warnings, []);
    assert.equal(packages.length, 7);
    const std = packages.filter((p) => p.name === 'stdlib');
    assert.deepEqual(std.map((p) => [p.locations[0]!.path, p.version, p.purl]).sort(), [
      ['/usr/bin/docker-registry', '1.19.8', 'pkg:golang/stdlib@1.19.8'],
      ['/usr/local/bin/demo-go', '1.19.8', 'pkg:golang/stdlib@1.19.8'],
    ]);
    assert.equal(std.find((p) => p.locations[0]!.path === '/usr/bin/docker-registry')!.metadata!['mainPath'], 'github.com/docker/distribution/cmd/registry');
    const mods = packages.filter((p) => p.name !== 'stdlib');
    assert.ok(mods.every((p) => p.locations[0]!.path === '/usr/local/bin/demo-go' && p.locations[0]!.layer.index === 2 && p.type === 'golang'));
    assert.ok(mods.some((p) => p.purl === 'pkg:golang/golang.org/x/net@v0.7.0'));
  });

  it('agrees with `go version -m` on toolchain and modules', { skip: !hasGo && 'go not installed (apt-get install golang-go)' }, () => {
    for (const bin of BINARIES) {
      const oracle = goVersionM(join(img.root, bin));
      const found = packages.filter((p) => p.locations[0]!.path === bin);
      assert.equal(`go${found.find((p) => p.name === 'stdlib')!.version}`, oracle.go);
      assert.deepEqual(found.filter((p) => p.name !== 'stdlib').map((p) => `${p.name}@${p.version}`).sort(), oracle.deps.sort());
    }
  });

  it('reads every function name debug/gosym reads, also from the stripped demo-go', { skip: !hasGo && 'go not installed' }, () => {
    for (const bin of BINARIES) {
      const scan = readGoBinaryScan(readFileSync(join(img.root, bin)))!;
      assert.equal(scan.symbolsState, 'present');
      const ours = new Set(scan.symbols);
      const theirs = gosymFuncs(join(img.root, bin));
      assert.ok(theirs.length > 1000);
      assert.deepEqual(theirs.filter((n) => !ours.has(n)), []);
    }
  });

  it('keeps each module\'s own symbols on its package', () => {
    const net = packages.find((p) => p.name === 'golang.org/x/net')!;
    const syms = goSymbolsOf(net)!;
    assert.ok(syms.has('golang.org/x/net/http2.(*Framer).ReadFrame'));
    assert.ok([...syms].every((s) => s.startsWith('golang.org/x/net/')));
    const std = goSymbolsOf(packages.find((p) => p.name === 'stdlib' && p.locations[0]!.path === '/usr/local/bin/demo-go')!)!;
    assert.ok(std.has('net/http.(*Server).Close'));
    assert.ok(![...std].some((s) => s.startsWith('golang.org/') || s.startsWith('github.com/')));
    assert.equal(net.metadata!['goSymbolsState'], 'present');
  });

  it('marks real advisories reachable or not from demo-go\'s linked symbols', () => {
    const demoStd = goSymbolsOf(packages.find((p) => p.name === 'stdlib' && p.locations[0]!.path === '/usr/local/bin/demo-go')!);
    // GO-2023-1751: html/template Template.Execute; demo-go never imports html/template.
    assert.equal(goReachability(demoStd, advisoryImports('GO-2023-1751', 'stdlib')), 'unreachable');
    // GO-2023-1840: the runtime with no symbols listed: any runtime function counts.
    assert.equal(goReachability(demoStd, advisoryImports('GO-2023-1840', 'stdlib')), 'reachable');
    assert.equal(goReachability(undefined, advisoryImports('GO-2023-1840', 'stdlib')), 'unknown');
  });
});

describe('golang reachability on a program built here', { skip: !hasGo && 'go not installed (apt-get install golang-go)' }, () => {
  it('html/template Template.Execute is linked (GO-2023-1751 reachable), net/http Client.Do is not (GO-2023-1878 unreachable)', async () => {
    const dir = join(tmpdir(), 'hullscan-test-reach');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/reach\ngo 1.19\n');
    writeFileSync(join(dir, 'main.go'), `package main
import ("html/template"; "os")
func main() { template.Must(template.New("x").Parse("<p>{{.}}</p>")).Execute(os.Stdout, "hi") }
`);
    execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', 'reach', '.'], { cwd: dir, env: GO_ENV });
    const content = readFileSync(join(dir, 'reach'));
    const layer = { index: 0, diffId: 'sha256:' + '0'.repeat(64) };
    const entry = { info: { path: '/app/reach', kind: 'file' as const, size: content.length, mode: 0o755, layer }, content, truncated: false, deleted: false };
    const { facts, warnings } = await runAnalyzer(golangAnalyzer, [entry]);
    assert.deepEqual(warnings, []);
    const std = facts.packages!.find((p) => p.name === 'stdlib')!;
    const oracle = goVersionM(join(dir, 'reach')).go;
    assert.equal(`go${std.version}`, oracle);
    const syms = goSymbolsOf(std);
    assert.equal(goReachability(syms, advisoryImports('GO-2023-1751', 'stdlib')), 'reachable');
    assert.equal(goReachability(syms, advisoryImports('GO-2023-1878', 'stdlib')), 'unreachable');
  });
});

describe('golang: PIE and externally linked builds; C programs given up early', { skip: (!hasGo || !haveCommand('gcc')) && 'go or gcc not installed' }, () => {
  it('finds the build info and the pclntab wherever the linker put them, and stops reading a C program after its writable data', () => {
    const dir = join(tmpdir(), 'hullscan-test-linkmodes');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/linkmodes\ngo 1.19\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\n// #include <stdlib.h>\nimport "C"\n\nfunc main() { C.free(nil); println("hi") }\n');
    for (const [name, flags] of [['pie', ['-buildmode=pie']], ['external', ['-ldflags=-linkmode=external']], ['external-pie-stripped', ['-buildmode=pie', '-ldflags=-linkmode=external -s -w']]] as const) {
      execFileSync('go', ['build', '-trimpath', ...flags, '-o', name, '.'], { cwd: dir, env: { ...GO_ENV, CGO_ENABLED: '1' } });
      const scan = readGoBinaryScan(readFileSync(join(dir, name)))!;
      assert.equal(scan.buildInfo?.goVersion, goVersionM(join(dir, name)).go, name);
      assert.equal(scan.symbolsState, 'present', name);
      assert.ok(scan.symbols!.includes('main.main') && scan.symbols!.includes('runtime.main'), name);
    }
    // Outside the Go package directory: cgo would compile any .c file there.
    const cdir = join(dir, 'c');
    mkdirSync(cdir, { recursive: true });
    writeFileSync(join(cdir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
    execFileSync('gcc', ['-O2', '-g', '-o', join(cdir, 'hello'), join(cdir, 'hello.c')]);
    const c = readFileSync(join(cdir, 'hello'));
    const scanner = new GoBinaryScanner();
    let stoppedAt = -1;
    for (let o = 0; o < c.length; o += 512) if (scanner.write(c.subarray(o, o + 512)) === 'done') { stoppedAt = o + 512; break; }
    // -g keeps the debug sections after the loaded segments: those are never read.
    assert.ok(stoppedAt > 0 && stoppedAt < c.length, `stopped at ${stoppedAt} of ${c.length}`);
    assert.equal(scanner.finish().length, 0);
  });
});

describe('golang analyzer on bad input', () => {
  it('warns about a truncated ELF and goes on with the rest', async () => {
    const img = extractLayers(MULTI_LANG, [2]);
    const whole = entryFor(img, '/usr/local/bin/demo-go');
    const cut = { ...whole, info: { ...whole.info, path: '/usr/local/bin/demo-go-cut' }, content: whole.content.subarray(0, 2_000_000) };
    const { facts, warnings } = await runAnalyzer(golangAnalyzer, [cut, whole]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^\/usr\/local\/bin\/demo-go-cut: truncated ELF/);
    assert.equal(facts.packages!.length, 6);
  });

  it('ignores scripts and non-executables without reading them', () => {
    const layer = { index: 0, diffId: 'sha256:x' };
    assert.equal(golangAnalyzer.wants('/usr/share/doc/x', { path: '/usr/share/doc/x', kind: 'file', size: 5000, mode: 0o644, layer }), false);
    assert.equal(golangAnalyzer.wants('/usr/bin/x', { path: '/usr/bin/x', kind: 'symlink', size: 0, mode: 0o777, layer }), false);
    assert.equal(golangAnalyzer.wants('/usr/bin/x.sh', { path: '/usr/bin/x.sh', kind: 'file', size: 5000, mode: 0o755, layer }), false);
  });
});

describe('golang: Mach-O and PE binaries', { skip: !hasGo && 'go not installed (apt-get install golang-go)' }, () => {
  it('reads build info and pclntab symbols of darwin and windows builds (cross-compiled here, runtime only)', { timeout: 600_000 }, () => {
    const dir = join(tmpdir(), 'hullscan-test-cross');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/tiny\ngo 1.19\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() { println("tiny") }\n');
    for (const [goos, format] of [['darwin', 'macho'], ['windows', 'pe']] as const) {
      const out = join(dir, `tiny-${goos}`);
      execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, '.'], { cwd: dir, env: { ...GO_ENV, GOOS: goos, GOARCH: 'arm64', CGO_ENABLED: '0' } });
      const scan = readGoBinaryScan(readFileSync(out))!;
      assert.equal(scan.format, format);
      assert.equal(scan.buildInfo!.goVersion, goVersionM(out).go);
      assert.equal(scan.buildInfo!.settings['GOOS'], goos);
      assert.equal(scan.symbolsState, 'present');
      assert.ok(scan.symbols!.includes('main.main') && scan.symbols!.includes('runtime.main'));
    }
  });
});
