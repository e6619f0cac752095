// multi-lang end to end through the product's layer walk (openImage + analyzeImage): the Go, Java and
// Rust analyzers together; then the Go packages matched against the real Go vulnerability database,
// checked against an independent evaluation of the OSV ranges with the npm `semver` package, and each
// finding's reachability against goReachability on the binary's own symbols.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { openImage } from '../../source/index.js';
import { analyzeImage } from '../run.js';
import { golangAnalyzer, goSymbolsOf } from './index.js';
import { goReachability } from './reachability.js';
import { javaAnalyzer } from '../java/index.js';
import { rustAnalyzer } from '../rust/index.js';
import type { Inventory, Package } from '../../inventory/model.js';
import { buildDb, openDb } from '../../vulndb/index.js';
import { matchInventory } from '../../match/index.js';

const MULTI_LANG = '/work/shared/corpus/multi-lang.docker.tar';
const GO_VULNDB = '/work/shared/vulndata/osv/go';

async function scan() {
  const [image] = await openImage(MULTI_LANG);
  try {
    const analysis = await analyzeImage(image!, [golangAnalyzer, javaAnalyzer, rustAnalyzer]);
    return { packages: analysis.facts.flatMap((f) => f.facts.packages ?? []), warnings: analysis.warnings };
  } finally { await image!.close(); }
}
let scanned: Awaited<ReturnType<typeof scan>> | undefined;
const once = async () => (scanned ??= await scan());

test('multi-lang through the walk: golang 7 (2 stdlib 1.19.8 + 5 demo-go modules), maven 4, cargo 0', { timeout: 120_000 }, async () => {
  const { packages, warnings } = await once();
  assert.deepEqual(warnings.filter((w) => /^(golang|java|rust):/.test(w)), []);
  const line = (p: Package) => `${p.type} ${p.purl} ${p.locations[0]!.path} ${p.locations[0]!.layer.index}`;
  assert.deepEqual(packages.map(line).sort(), [
    'golang pkg:golang/github.com/sirupsen/logrus@v1.9.0 /usr/local/bin/demo-go 2',
    'golang pkg:golang/golang.org/x/net@v0.7.0 /usr/local/bin/demo-go 2',
    'golang pkg:golang/golang.org/x/sys@v0.3.0 /usr/local/bin/demo-go 2',
    'golang pkg:golang/golang.org/x/text@v0.7.0 /usr/local/bin/demo-go 2',
    'golang pkg:golang/gopkg.in/yaml.v2@v2.4.0 /usr/local/bin/demo-go 2',
    'golang pkg:golang/stdlib@1.19.8 /usr/bin/docker-registry 1',
    'golang pkg:golang/stdlib@1.19.8 /usr/local/bin/demo-go 2',
    'maven pkg:maven/com.example.hullscan/demo-webapp@1.0.0 /opt/webapp/hullscan-demo.war 3',
    'maven pkg:maven/log4j/log4j@1.2.17 /opt/webapp/hullscan-demo.war!WEB-INF/lib/log4j-1.2.17.jar 3',
    'maven pkg:maven/log4j/log4j@1.2.17 /usr/share/java/log4j-1.2-1.2.17.jar 3',
    'maven pkg:maven/org.yaml/snakeyaml@1.33 /opt/webapp/hullscan-demo.war!WEB-INF/lib/snakeyaml-1.33.jar 3',
  ].sort());
  assert.ok(packages.filter((p) => p.type === 'golang').every((p) => p.metadata!['goSymbolsState'] === 'present'));
  // gopkg.in/yaml.v2's functions are spelled gopkg.in/yaml%2ev2.* by the linker: they must still land on it.
  assert.ok(goSymbolsOf(packages.find((p) => p.name === 'gopkg.in/yaml.v2')!)!.size > 100);
});

interface OsvRecord { id: string; withdrawn?: string; affected?: { package: { ecosystem: string; name: string }; versions?: string[]; ranges?: { type: string; events: Record<string, string>[] }[]; ecosystem_specific?: { imports?: { path: string; symbols?: string[] }[] } }[] }

/** Independent range evaluation with npm's semver (Go module versions are semver with a leading v). */
function affects(rec: OsvRecord, name: string, version: string): boolean {
  const v = version.replace(/^v/, '');
  for (const a of rec.affected ?? []) {
    if (a.package.ecosystem !== 'Go' || a.package.name !== name) continue;
    if (a.versions?.some((x) => x.replace(/^v/, '') === v)) return true;
    for (const r of a.ranges ?? []) {
      if (r.type !== 'SEMVER') continue;
      let start: string | undefined;
      for (const e of r.events) {
        if (e.introduced !== undefined) start = e.introduced;
        const inside = start !== undefined && (start === '0' || semver.lte(start, v));
        if (e.fixed !== undefined) { if (inside && semver.lt(v, e.fixed)) return true; start = undefined; }
        if (e.last_affected !== undefined) { if (inside && semver.lte(v, e.last_affected)) return true; start = undefined; }
      }
      if (start !== undefined && (start === '0' || semver.lte(start, v))) return true;
    }
  }
  return false;
}

test('multi-lang × the Go vulndb: exactly the advisories whose ranges include each toolchain and module version; reachability from the binary\'s symbols', { timeout: 180_000 }, async () => {
  const { packages, os } = { ...(await once()), os: undefined };
  const golang = packages.filter((p) => p.type === 'golang');
  const names = new Set(golang.map((p) => p.name));
  const records = new Map<string, OsvRecord>();
  const files: string[] = [];
  for (const f of readdirSync(GO_VULNDB)) {
    const rec = JSON.parse(readFileSync(join(GO_VULNDB, f), 'utf8')) as OsvRecord;
    if (rec.affected?.some((a) => names.has(a.package.name))) { records.set(rec.id, rec); files.push(join(GO_VULNDB, f)); }
  }
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-go-db-'));
  try {
    await buildDb({ from: files, out: join(dir, 'db.sqlite') });
    const db = openDb(join(dir, 'db.sqlite'));
    const inv: Inventory = { image: { reference: MULTI_LANG, names: [], configDigest: 'sha256:test', platform: 'linux/amd64', layers: [] }, os, packages: golang, secrets: [], misconfigurations: [], warnings: [] };
    const findings = matchInventory(inv, db);
    db.close();
    const key = (p: Package, id: string) => `${p.locations[0]!.path} ${p.name}@${p.version} ${id}`;
    const got = new Set(findings.flatMap((f) => [f.id, ...f.aliases].filter((id) => id.startsWith('GO-')).map((id) => key(f.package, id))));
    const want = new Set<string>();
    for (const p of golang) for (const rec of records.values()) if (!rec.withdrawn && affects(rec, p.name, p.version)) want.add(key(p, rec.id));
    assert.ok(want.size > 50, `only ${want.size} expected findings`);
    assert.deepEqual([...got].sort(), [...want].sort());

    // Reachability: every Go finding is decided (symbols are present), and agrees with goReachability.
    const counts = { reachable: 0, unreachable: 0, unknown: 0 };
    for (const f of findings) {
      const goId = [f.id, ...f.aliases].find((id) => id.startsWith('GO-'));
      const rec = goId ? records.get(goId) : undefined;
      if (!rec) continue;
      const imports = (rec.affected ?? []).filter((a) => a.package.name === f.package.name).flatMap((a) => a.ecosystem_specific?.imports ?? []).map((i) => ({ path: i.path, symbols: i.symbols ?? [] }));
      const ours = goReachability(goSymbolsOf(f.package), imports);
      counts[ours]++;
      assert.equal(f.reachability, ours, `${goId} on ${f.package.name} in ${f.package.locations[0]!.path}`);
    }
    assert.ok(counts.reachable > 0 && counts.unreachable > 0, JSON.stringify(counts));
    console.log(`go findings: ${got.size}; reachability ${JSON.stringify(counts)}`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
