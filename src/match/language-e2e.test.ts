// Issue 5's matching measurement on multi-lang, through the real pipeline (source → walk → analyzers →
// match) and a DB built from the complete osv/go and osv/pypi sets: the Go binaries' toolchains (stdlib)
// and modules, and the pip-style Python packages, get exactly the advisories whose OSV ranges include
// them, evaluated here independently (node-semver for Go semver, Python `packaging` for PEP 440).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import type { Finding, ScanResult } from './model.js';
import { scanImage } from '../scan.js';
import { tempDir } from '../inventory/testing/corpus.js';
import { buildDb, openDb, type VulnDb } from '../vulndb/index.js';
import { matchInventory } from './index.js';
import { plainReader } from './testing/memory-db.js';

const IMAGE = '/work/shared/corpus/multi-lang.docker.tar';
const OSV = '/work/shared/vulndata/osv';
const hasPackaging = (() => { try { execFileSync('python3', ['-c', 'import packaging.version']); return true; } catch { return false; } })();

interface OsvRecord {
  id: string; withdrawn?: string;
  affected?: { package: { ecosystem: string; name: string }; ranges?: { type: string; events: Record<string, string>[] }[]; versions?: string[] }[];
}

let tmp: ReturnType<typeof tempDir>;
let db: VulnDb;
let result: ScanResult;

before(async () => {
  if (!existsSync(IMAGE)) return;
  tmp = tempDir();
  await buildDb({ from: [join(OSV, 'go'), join(OSV, 'pypi')], out: join(tmp.dir, 'db.sqlite') });
  db = openDb(join(tmp.dir, 'db.sqlite'));
  [result] = (await scanImage(IMAGE, { db })) as [ScanResult];
}, { timeout: 300_000 });
after(() => { db?.close(); tmp?.cleanup(); });

/** (location, name, version, record) for every finding's evidence from one feed. */
function matchedRecords(findings: Finding[], type: string, source: string): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    if (f.package.type !== type) continue;
    for (const e of f.evidence) if (e.source === source) out.add(`${f.package.locations[0]!.path}\t${f.package.name}\t${f.package.version}\t${e.record}`);
  }
  return out;
}

/** OSV evaluation written separately from the product's: intervals from the sorted events. */
function inIntervals(version: string, events: Record<string, string>[], cmp: (a: string, b: string) => number): boolean {
  const sorted = [...events].sort((a, b) => {
    const va = Object.values(a)[0]!, vb = Object.values(b)[0]!;
    if (va === '0') return -1;
    if (vb === '0') return 1;
    return cmp(va, vb);
  });
  let lower: string | undefined;
  for (const e of sorted) {
    if ('introduced' in e) { if (lower === undefined) lower = e.introduced; continue; }
    if (lower === undefined) continue;
    const geLower = lower === '0' || cmp(version, lower) >= 0;
    if ('fixed' in e && geLower && cmp(version, e.fixed!) < 0) return true;
    if ('last_affected' in e && geLower && cmp(version, e.last_affected!) <= 0) return true;
    if ('fixed' in e || 'last_affected' in e) lower = undefined;
  }
  return lower !== undefined && (lower === '0' || cmp(version, lower) >= 0);
}

test('multi-lang Go binaries × osv/go: exactly the records whose ranges include stdlib 1.19.8 and each module', { skip: !existsSync(IMAGE) && `${IMAGE} missing`, timeout: 300_000 }, () => {
  const golang = result.inventory.packages.filter((p) => p.type === 'golang');
  assert.equal(golang.filter((p) => p.name === 'stdlib').length, 2);
  assert.equal(golang.length, 7);
  const goCmp = (a: string, b: string) => semver.compare(a.replace(/^v/, ''), b.replace(/^v/, ''));
  const expected = new Set<string>();
  for (const file of readdirSync(join(OSV, 'go'))) {
    const rec = JSON.parse(readFileSync(join(OSV, 'go', file), 'utf8')) as OsvRecord;
    if (rec.withdrawn) continue;
    for (const a of rec.affected ?? []) {
      for (const p of golang) {
        if (a.package.ecosystem !== 'Go' || a.package.name !== p.name) continue;
        if ((a.ranges ?? []).some((r) => r.type === 'SEMVER' && inIntervals(p.version, r.events, goCmp))) {
          expected.add(`${p.locations[0]!.path}\t${p.name}\t${p.version}\t${rec.id}`);
        }
      }
    }
  }
  const actual = matchedRecords(result.findings, 'golang', 'osv-go');
  // The store's fast paths (read-ahead, rows fixed below the installed version never built) change nothing.
  assert.equal(JSON.stringify(matchInventory(result.inventory, plainReader(db))), JSON.stringify(matchInventory(result.inventory, db)));
  assert.deepEqual([...actual].filter((k) => !expected.has(k)), [], 'extra');
  assert.deepEqual([...expected].filter((k) => !actual.has(k)), [], 'missing');
  assert.ok(expected.size > 100, `${expected.size} expected`);
  console.log(`# multi-lang Go: ${golang.length} packages, ${expected.size} (package, record) pairs, ${result.findings.filter((f) => f.package.type === 'golang').length} findings`);
  // Both binaries' toolchains are matched, and the HTTP/2 rapid reset fix is on the 1.20 branch.
  const rapid = result.findings.filter((f) => f.id === 'CVE-2023-39325' && f.package.name === 'stdlib');
  assert.equal(rapid.length, 2);
  assert.ok(rapid.every((f) => f.fixedVersion === '1.20.10' && f.aliases.includes('GO-2023-2102')));
  // Symbols were read from both binaries, so reachability is decided, not unknown, for stdlib findings with symbols.
  assert.ok(result.findings.some((f) => f.package.name === 'stdlib' && f.reachability === 'reachable'));
  assert.ok(result.findings.some((f) => f.package.type === 'golang' && f.reachability === 'unreachable'));
});

test('multi-lang Python packages × osv/pypi: exactly the records whose ranges or versions include them (packaging)', { skip: (!existsSync(IMAGE) && `${IMAGE} missing`) || (!hasPackaging && 'python3 packaging is not installed'), timeout: 300_000 }, () => {
  const pypi = result.inventory.packages.filter((p) => p.type === 'pypi');
  assert.deepEqual(pypi.map((p) => p.name).sort(), ['jinja2', 'requests', 'urllib3']);
  const records: OsvRecord[] = [];
  for (const dir of readdirSync(join(OSV, 'pypi'))) {
    for (const file of readdirSync(join(OSV, 'pypi', dir))) records.push(parseYaml(readFileSync(join(OSV, 'pypi', dir, file), 'utf8')) as OsvRecord);
  }
  const script = String.raw`
import json, sys
from packaging.version import Version, InvalidVersion
from packaging.utils import canonicalize_name
data = json.load(sys.stdin)
def V(s):
    try: return Version(s)
    except InvalidVersion: return None
def in_range(v, events):
    evs = []
    for e in events:
        (k, s), = e.items()
        if k == 'introduced' and s == '0': evs.append((Version('0.dev0'), 0, k)); continue
        pv = V(s)
        if pv is None: return False
        evs.append((pv, 0 if k == 'introduced' else 1, k))
    evs.sort(key=lambda x: (x[0], x[1]))
    affected = False
    for pv, _, k in evs:
        if k == 'introduced' and v >= pv: affected = True
        elif k == 'fixed' and v >= pv: affected = False
        elif k == 'last_affected' and v > pv: affected = False
    return affected
out = []
for path, name, version in data['installed']:
    v = Version(version)
    for rec in data['records']:
        if rec.get('withdrawn'): continue
        for a in rec.get('affected', []):
            if a['package']['ecosystem'] != 'PyPI' or canonicalize_name(a['package']['name']) != canonicalize_name(name): continue
            listed = version in a.get('versions', [])
            ranged = any(r['type'] != 'GIT' and in_range(v, r['events']) for r in a.get('ranges', []))
            if listed or ranged: out.append('\t'.join([path, name, version, rec['id']]))
print(json.dumps(sorted(set(out))))
`;
  const input = JSON.stringify({ installed: pypi.map((p) => [p.locations[0]!.path, p.name, p.version]), records });
  const expected = new Set(JSON.parse(execFileSync('python3', ['-c', script], { input, maxBuffer: 1 << 26 }).toString()) as string[]);
  const actual = matchedRecords(result.findings, 'pypi', 'osv-pypi');
  assert.deepEqual([...actual].filter((k) => !expected.has(k)), [], 'extra');
  assert.deepEqual([...expected].filter((k) => !actual.has(k)), [], 'missing');
  assert.ok(expected.size >= 3, `${expected.size} expected`);
  console.log(`# multi-lang PyPI: ${pypi.length} packages, ${expected.size} (package, record) pairs, ${result.findings.filter((f) => f.package.type === 'pypi').length} findings`);
  // PYSEC-2023-192 lists the 2.x interval before the 1.x one: the fix reported is the one on 1.26's branch.
  const cookie = result.findings.find((f) => f.package.name === 'urllib3' && f.evidence.some((e) => e.record === 'PYSEC-2023-192'));
  assert.equal(cookie?.fixedVersion, '1.26.17');
  assert.ok(result.findings.filter((f) => f.package.type === 'pypi').every((f) => f.evidence.every((e) => e.comparator === 'PEP 440')));
});
