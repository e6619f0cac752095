import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { advisoriesOf, readAll, skippedOf } from '../files.js';
import { osvReader } from './reader.js';

const V = '/work/shared/vulndata';
const one = async (p: string) => {
  assert.equal(await osvReader.detect(p), true, `detects ${p}`);
  const advs = advisoriesOf(await readAll(osvReader, p));
  assert.equal(advs.length, 1);
  return advs[0]!;
};

test('Go: GO-2023-2102 keeps stdlib SEMVER ranges, aliases, imports', async () => {
  const a = await one(`${V}/osv/go/GO-2023-2102.json`);
  assert.equal(a.source, 'osv-go');
  assert.deepEqual(a.aliases, ['CVE-2023-39325', 'GHSA-4374-p667-p6c8']);
  assert.equal(a.modified, undefined, 'golang/vulndb zero-time modified is dropped');
  const std = a.affected.find((e) => e.package === 'stdlib')!;
  assert.equal(std.ecosystem, 'Go');
  assert.deepEqual(std.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.20.10' }, { introduced: '1.21.0-0' }, { fixed: '1.21.3' }] }]);
  assert.deepEqual(std.symbols?.map((s) => s.path), ['net/http']);
  const xnet = a.affected.find((e) => e.package === 'golang.org/x/net')!;
  assert.deepEqual(xnet.ranges?.[0]?.events, [{ introduced: '0' }, { fixed: '0.17.0' }]);
  assert.equal(std.status, undefined, 'language entries carry no distro status');
});

test('Go: withdrawn records keep their withdrawn date', async () => {
  const a = await one(`${V}/osv/go/GO-2022-0617.json`);
  assert.match(a.withdrawn ?? '', /^\d{4}-\d\d-\d\d/);
});

test('PyPI YAML record with versions list and GIT range', async () => {
  const dir = `${V}/osv/pypi/django`;
  const file = join(dir, (await import('node:fs')).readdirSync(dir).sort()[0]!);
  const a = await one(file);
  assert.equal(a.source, 'osv-pypi');
  assert.match(a.id, /^PYSEC-/);
  const e = a.affected[0]!;
  assert.equal(e.ecosystem, 'PyPI');
  assert.equal(e.package.toLowerCase(), 'django');
  assert.ok(e.ranges?.some((r) => r.type === 'ECOSYSTEM'));
});

test('RustSec OSV export: informational flag, function symbols', async () => {
  const fs = await import('node:fs');
  const dir = `${V}/osv/crates.io`;
  let informational = 0, withSymbols = 0, total = 0;
  for (const f of fs.readdirSync(dir).sort().slice(0, 400)) {
    {
      const a = advisoriesOf(await readAll(osvReader, join(dir, f)))[0]!;
      total++;
      assert.equal(a.source, 'osv-rustsec');
      if (a.affected.some((e) => e.informational)) informational++;
      if (a.affected.some((e) => e.symbols?.length)) withSymbols++;
    }
  }
  assert.ok(total > 300 && informational > 10 && withSymbols > 10, `${total} ${informational} ${withSymbols}`);
});

test('AlmaLinux: binary RPM entries in almalinux:N with a fixed status', async () => {
  const fs = await import('node:fs');
  const file = join(`${V}/osv/almalinux/almalinux10`, fs.readdirSync(`${V}/osv/almalinux/almalinux10`).sort()[0]!);
  const a = await one(file);
  assert.equal(a.source, 'osv-almalinux');
  const e = a.affected[0]!;
  assert.match(e.ecosystem, /^almalinux:(8|9|10)$/);
  assert.equal(e.binary, true);
  assert.equal(e.status, 'fixed');
  assert.ok(e.fixedVersion);
});

test('Ubuntu OSV: UBUNTU-CVE unfixed entries, Pro channel, USN upstream', async () => {
  const fs = await import('node:fs');
  const all = [];
  for (const sub of ['osv/cve', 'osv/usn', 'osv-esm-cases/cve']) {
    const dir = `${V}/osv/ubuntu/${sub}`;
    for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (f.endsWith('.json')) all.push(...advisoriesOf(await readAll(osvReader, join(dir, f))));
    }
  }
  assert.equal(all.length, 9);
  const entries = all.flatMap((a) => a.affected);
  assert.ok(entries.every((e) => /^ubuntu:\d\d\.\d\d$/.test(e.ecosystem)), 'namespaces like ubuntu:22.04');
  assert.ok(entries.some((e) => e.status === 'unfixed'));
  assert.ok(entries.some((e) => e.status === 'fixed' && e.fixedVersion));
  assert.ok(entries.some((e) => e.channel === 'pro'), 'Ubuntu:Pro:* keeps its channel');
  assert.ok(all.some((a) => a.id.startsWith('USN-') && a.upstream?.some((u) => u.startsWith('UBUNTU-CVE-'))));
});

test('GHSA layout: database_specific severity and CWE ids', async () => {
  const fs = await import('node:fs');
  const dir = `${V}/osv/ghsa/advisories`;
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 10);
  const advs = [];
  for (const f of files) advs.push(await one(join(dir, f)));
  assert.ok(advs.every((a) => a.source === 'ghsa'));
  assert.ok(advs.some((a) => a.severities.some((s) => s.source === 'ghsa' && s.type === 'vendor' && s.level)));
  assert.ok(advs.some((a) => a.cwes.some((c) => /^CWE-\d+$/.test(c))));
});

test('CVSS vectors become scored ratings', async () => {
  const a = await one(`${V}/chainguard/osv/CGA-224q-ccj5-2p53.json`);
  const cvss = a.severities.find((s) => s.type === 'CVSS_V3')!;
  assert.equal(cvss.vector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N');
  assert.equal(cvss.score, 9.1);
  assert.equal(cvss.level, 'CRITICAL');
  assert.deepEqual([...new Set(a.affected.map((e) => e.ecosystem))].sort(), ['chainguard', 'wolfi'], 'one CGA record covers both distros');
});

test('osv.dev all.zip dump (built here from real records) reads every entry, refuses a bad one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-osv-zip-'));
  const pick = ['GO-2023-2102.json', 'GO-2022-0617.json', 'GO-2024-2442.json'];
  const entries: Record<string, Uint8Array> = {};
  for (const f of pick) entries[f] = readFileSync(`${V}/osv/go/${f}`);
  entries['BROKEN-1.json'] = strToU8('{"id": "BROKEN-1", "affected": [');
  const zip = join(dir, 'all.zip');
  writeFileSync(zip, zipSync(entries));
  assert.equal(await osvReader.detect(zip), true);
  const items = await readAll(osvReader, zip);
  assert.deepEqual(advisoriesOf(items).map((a) => a.id).sort(), ['GO-2022-0617', 'GO-2023-2102', 'GO-2024-2442']);
  const bad = skippedOf(items);
  assert.equal(bad.length, 1);
  assert.match(bad[0]!.file, /all\.zip!BROKEN-1\.json$/);
  assert.match(bad[0]!.reason, /invalid JSON/);
});

test('invalid JSON file is a skip naming the file, not an exception', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullscan-osv-bad-'));
  const f = join(dir, 'GO-9999-0001.json');
  writeFileSync(f, '{"id": "GO-9999-0001", "affected": [ {"package": ');
  assert.equal(await osvReader.detect(f), true);
  const items = await readAll(osvReader, f);
  assert.equal(items.length, 1);
  assert.equal(items[0]!.kind, 'skipped');
});

test('not OSV: chainguard all.json index, NVD, KEV, OpenVEX are left to other readers', async () => {
  for (const f of ['chainguard/osv/all.json', 'nvd/cve-2.0/CVE-2023-39325.json', 'kev/known_exploited_vulnerabilities.json', 'ubuntu-vex/CVE-2023-38545.json', 'debian/tracker-from-changelogs.json']) {
    assert.equal(await osvReader.detect(`${V}/${f}`), false, f);
  }
});
