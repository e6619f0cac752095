// go.mod / go.sum parsing, checked against `go mod edit -json` (the go command's own parser) on the
// corpus's real demo-go go.mod and on a go.mod with every replace form.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoMod, parseGoSum } from './gomod.js';
import { golangAnalyzer } from './index.js';
import { haveCommand, runAnalyzer, tempDir } from './testing.js';

const DEMO_GO_MOD = '/work/shared/corpus/src/demo-go/go.mod';
const hasGo = haveCommand('go');

const REPLACING = `module example.com/app

go 1.21

require (
	github.com/gorilla/websocket v1.4.0
	golang.org/x/crypto v0.0.0-20200622213623-75b288015ac9 // indirect
	"example.com/quoted" v1.0.0
	example.com/local v0.1.0
)

require github.com/pkg/errors v0.9.1

replace golang.org/x/crypto => golang.org/x/crypto v0.17.0

replace (
	github.com/gorilla/websocket v1.4.0 => github.com/gorilla/websocket v1.4.2 // CVE-2020-27813
	example.com/local => ../local
	github.com/pkg/errors v0.8.0 => github.com/pkg/errors v0.8.1
)
`;

interface EditJson { Require: { Path: string; Version: string; Indirect?: boolean }[] | null; Replace: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null }

/** What the go command itself makes of the file, with replacements applied the way the build would. */
function goModEdit(text: string): { path: string; version: string; indirect: boolean; replace?: { path: string; version?: string } }[] {
  const dir = tempDir('hullscan-gomod-');
  writeFileSync(join(dir, 'go.mod'), text);
  const j = JSON.parse(execFileSync('go', ['mod', 'edit', '-json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' } })) as EditJson;
  return (j.Require ?? []).map((r) => {
    const rep = (j.Replace ?? []).find((x) => x.Old.Path === r.Path && (!x.Old.Version || x.Old.Version === r.Version));
    return { path: r.Path, version: r.Version, indirect: r.Indirect === true, ...(rep ? { replace: { path: rep.New.Path, ...(rep.New.Version ? { version: rep.New.Version } : {}) } } : {}) };
  });
}

describe('go.mod', () => {
  it('reads the corpus demo-go go.mod as `go mod edit -json` does', { skip: !hasGo && 'go not installed' }, () => {
    const text = readFileSync(DEMO_GO_MOD, 'utf8');
    assert.deepEqual(parseGoMod(text).requires, goModEdit(text));
    assert.equal(parseGoMod(text).requires.length, 5);
  });

  it('applies replace directives (single, block, versioned, local) as `go mod edit -json` reads them', { skip: !hasGo && 'go not installed' }, () => {
    assert.deepEqual(parseGoMod(REPLACING).requires, goModEdit(REPLACING));
  });

  it('reports replaced modules under the replacement that is compiled in, local replacements under the original', async () => {
    const content = Buffer.from(REPLACING);
    const layer = { index: 0, diffId: 'sha256:' + '0'.repeat(64) };
    const entry = { info: { path: '/src/app/go.mod', kind: 'file' as const, size: content.length, mode: 0o644, layer }, content, truncated: false, deleted: false };
    const vendored = { ...entry, info: { ...entry.info, path: '/src/app/vendor/x/go.mod' } };
    const { facts } = await runAnalyzer(golangAnalyzer, [entry, vendored]);
    assert.deepEqual(facts.packages!.map((p) => p.purl), [
      'pkg:golang/github.com/gorilla/websocket@v1.4.2',
      'pkg:golang/golang.org/x/crypto@v0.17.0',
      'pkg:golang/example.com/quoted@v1.0.0',
      'pkg:golang/example.com/local@v0.1.0',
      'pkg:golang/github.com/pkg/errors@v0.9.1',
    ]);
    assert.equal(facts.packages![1]!.metadata!['indirect'], true);
  });
});

describe('go.sum', () => {
  it('lists the modules whose code was downloaded, not the /go.mod-only lines', () => {
    const sum = `github.com/sirupsen/logrus v1.9.0 h1:trlNQbNUG3OdDrDil03MCb1H2o9nJ1x4/5LYw7byDE0=
github.com/sirupsen/logrus v1.9.0/go.mod h1:naHLuLoDiP4jHNo9R0sCBMtWGeIprob74mVsIT4qYEQ=
github.com/stretchr/testify v1.7.0/go.mod h1:6Fq8oRcR53rry900zMqJjRRixrwX3KX962/h/Wwjteg=
golang.org/x/sys v0.3.0 h1:w8ZOecv6NaNa/zC8944JTU3vz4u6Lagfk4RPQxv92NQ=
`;
    assert.deepEqual(parseGoSum(sum).map((m) => `${m.path}@${m.version}`), ['github.com/sirupsen/logrus@v1.9.0', 'golang.org/x/sys@v0.3.0']);
  });
});
