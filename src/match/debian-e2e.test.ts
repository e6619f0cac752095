// Issue 4's Debian measurement: debian12-pkgdb-2025 matched against a DB built from
// tracker-from-changelogs.json reports exactly the (package, CVE) pairs whose fixed version is newer
// than the installed SOURCE version by `dpkg --compare-versions`, computed here with dpkg itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, extractArchive, tempDir } from '../inventory/testing/corpus.js';
import { scanImage } from '../scan.js';
import { buildDb, openDb } from '../vulndb/index.js';
import { matchInventory } from './index.js';
import { plainReader } from './testing/memory-db.js';

const IMAGE = join(CORPUS, 'debian12-pkgdb-2025.docker.tar');
const FEED = '/work/shared/vulndata/debian/tracker-from-changelogs.json';
const hasDpkg = (() => { try { execFileSync('dpkg', ['--version']); return true; } catch { return false; } })();
const skip = !hasDpkg ? 'dpkg is not installed' : !existsSync(IMAGE) ? `${IMAGE} missing` : false;

interface Installed { name: string; arch: string; srcName: string; srcVersion: string }

/** Installed packages as dpkg-query itself reads the image's database (binary → source name and version). */
function dpkgQuery(root: string): Installed[] {
  const out = execFileSync('dpkg-query', [`--admindir=${join(root, 'var/lib/dpkg')}`, '-W',
    '-f', '${db:Status-Want} ${db:Status-Status}\t${Package}\t${Architecture}\t${source:Package}\t${source:Version}\n'],
  { maxBuffer: 1 << 26 }).toString();
  return out.split('\n').filter((l) => /^(install|hold) installed\t/.test(l)).map((l) => {
    const [, name, arch, srcName, srcVersion] = l.split('\t') as [string, string, string, string, string];
    return { name, arch, srcName, srcVersion };
  });
}

/** `dpkg --compare-versions a lt b` for many pairs in one shell (each distinct pair once): the pairs that hold, as 'a b'. */
function dpkgLessThan(pairs: [string, string][]): Set<string> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const distinct = [...new Set(pairs.map(([a, b]) => `${a} ${b}`))];
  const script = distinct.map((ab, i) => { const [a, b] = ab.split(' ') as [string, string]; return `dpkg --compare-versions ${q(a)} lt ${q(b)} && echo ${i}`; })
    .join('\n') + '\nexit 0\n';
  const out = execFileSync('sh', ['-s'], { input: script, maxBuffer: 1 << 26 }).toString();
  return new Set(out.split('\n').filter(Boolean).map((i) => distinct[Number(i)]!));
}

test('debian12-pkgdb-2025 × tracker-from-changelogs: exactly the pairs dpkg says are unfixed', { skip, timeout: 180_000 }, async () => {
  const tmp = tempDir();
  const include = (p: string) => p.startsWith('/var/lib/dpkg') || p.startsWith('/etc') || p.startsWith('/usr/lib/os-release') || p === '/usr' || p === '/usr/lib';
  const { images, cleanup } = extractArchive(IMAGE, include);
  try {
    const img = images[0]!; // extracted with GNU tar, for the dpkg-query oracle only
    // The product: source → layer walk → analyzers → inventory → match.
    await buildDb({ from: [FEED], out: join(tmp.dir, 'db.sqlite') });
    const db = openDb(join(tmp.dir, 'db.sqlite'));
    const [result] = await scanImage(IMAGE, { db });
    const inv = result!.inventory;
    assert.equal(inv.os?.family, 'debian');
    const t0 = performance.now();
    const findings = matchInventory(inv, db);
    const ms = performance.now() - t0;
    // The store's fast paths (read-ahead, rows fixed below the installed version never built) change nothing.
    assert.equal(JSON.stringify(matchInventory(inv, plainReader(db))), JSON.stringify(findings));
    db.close();
    assert.equal(result!.findings.length, findings.length);

    // The oracle: dpkg-query for the packages, the raw feed, dpkg --compare-versions for the ordering.
    const feed = JSON.parse(readFileSync(FEED, 'utf8')) as Record<string, Record<string, { releases: Record<string, { status: string; fixed_version: string }> }>>;
    const installed = dpkgQuery(img.root);
    assert.equal(installed.length, 756);
    const candidates: { key: string; fixed: string }[] = [];
    const pairs: [string, string][] = [];
    for (const p of installed) {
      for (const [cve, rec] of Object.entries(feed[p.srcName] ?? {})) {
        const rel = rec.releases.bookworm;
        if (!rel) continue;
        assert.equal(rel.status, 'resolved'); // the derived feed has no open records
        if (rel.fixed_version === '0') continue;
        candidates.push({ key: `${p.name}:${p.arch}\t${cve}`, fixed: rel.fixed_version });
        pairs.push([p.srcVersion, rel.fixed_version]);
      }
    }
    const lt = dpkgLessThan(pairs);
    const expected = new Map(candidates.filter((_, i) => lt.has(pairs[i]!.join(' '))).map((c) => [c.key, c.fixed]));
    const actual = new Map(findings.map((f) => [`${f.package.name}:${f.package.arch}\t${f.id}`, f.fixedVersion]));

    const missing = [...expected.keys()].filter((k) => !actual.has(k));
    const extra = [...actual.keys()].filter((k) => !expected.has(k));
    assert.deepEqual(missing.slice(0, 20), [], `${missing.length} missing`);
    assert.deepEqual(extra.slice(0, 20), [], `${extra.length} extra`);
    assert.equal(actual.size, findings.length, 'one finding per (package, CVE)');
    for (const [k, fixed] of expected) assert.equal(actual.get(k), fixed, k);
    assert.ok(expected.size > 1000, `only ${expected.size} expected pairs`);
    assert.ok(findings.every((f) => f.status === 'fixed' && f.evidence[0]!.comparator === 'deb' && f.evidence[0]!.ecosystem === 'debian:12'));
    console.log(`# debian e2e: ${inv.packages.length} packages, ${pairs.length} candidate pairs, ${expected.size} findings, match ${ms.toFixed(1)} ms`);
  } finally {
    cleanup();
    tmp.cleanup();
  }
});
