// Real version strings from the shared corpus and vulnerability feeds, per ecosystem.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const SHARED = process.env.HULLSCAN_SHARED ?? '/work/shared';
const VULN = join(SHARED, 'vulndata');

function walk(dir, pred, out = []) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

/** Every version mentioned by OSV records (ranges events and versions lists), optionally per ecosystem prefix. */
function osvVersions(records, ecosystemPrefix) {
  const out = new Set();
  for (const rec of records) {
    for (const aff of rec.affected ?? []) {
      const eco = aff.package?.ecosystem ?? '';
      if (ecosystemPrefix && !eco.startsWith(ecosystemPrefix)) continue;
      for (const r of aff.ranges ?? []) {
        if (r.type === 'GIT') continue;
        for (const ev of r.events ?? []) {
          for (const k of ['introduced', 'fixed', 'last_affected', 'limit']) {
            if (typeof ev[k] === 'string' && ev[k] !== '0') out.add(ev[k]);
          }
        }
      }
      for (const v of aff.versions ?? []) if (typeof v === 'string') out.add(v);
    }
  }
  return [...out];
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

export function debVersions() {
  const status = execFileSync('tar', ['xzOf', join(SHARED, 'corpus/src/pkgdb-snapshot.tar.gz'), 'var/lib/dpkg/status'], { maxBuffer: 1 << 28 }).toString();
  const out = new Set();
  for (const m of status.matchAll(/^(?:Version|Source): (.+)$/gm)) {
    const src = /\((.+)\)/.exec(m[1]);
    if (m[0].startsWith('Version')) out.add(m[1].trim());
    else if (src) out.add(src[1]);
  }
  const tracker = readJson(join(VULN, 'debian/tracker-from-changelogs.json'));
  JSON.stringify(tracker, (k, v) => {
    if ((k === 'fixed_version' || k === 'version') && typeof v === 'string') out.add(v);
    return v;
  });
  return [...out];
}

export function rpmVersions() {
  const recs = walk(join(VULN, 'osv'), (p) => /\/(almalinux|rocky)\//.test(p) && p.endsWith('.json')).map(readJson);
  return osvVersions(recs);
}

export function pypiVersions() {
  const recs = walk(join(VULN, 'osv/pypi'), (p) => p.endsWith('.yaml')).map((p) => YAML.parse(readFileSync(p, 'utf8')));
  return osvVersions(recs, 'PyPI');
}

export function npmVersions() {
  const recs = walk(join(VULN, 'osv'), (p) => p.endsWith('.json') && /\/(npm|ghsa)\//.test(p)).map(readJson);
  return osvVersions(recs, 'npm');
}

export function goVersions() {
  const recs = walk(join(VULN, 'osv/go'), (p) => p.endsWith('.json')).map(readJson);
  return osvVersions(recs, 'Go');
}

export function mavenVersions() {
  const recs = walk(join(VULN, 'osv/maven'), (p) => p.endsWith('.json')).map(readJson);
  return osvVersions(recs, 'Maven');
}

export function cargoVersions() {
  const recs = walk(join(VULN, 'osv/crates.io'), (p) => p.endsWith('.json')).map(readJson);
  return osvVersions(recs, 'crates.io');
}

/** Versions and requirement strings from ruby-advisory-db (patched_versions / unaffected_versions). */
export function gemRequirements() {
  const out = new Set();
  for (const p of walk(join(VULN, 'rubysec'), (p) => p.endsWith('.yml'))) {
    const doc = YAML.parse(readFileSync(p, 'utf8'));
    for (const k of ['patched_versions', 'unaffected_versions']) for (const r of doc?.[k] ?? []) out.add(String(r));
  }
  return [...out];
}

export function gemVersions() {
  const out = new Set();
  for (const req of gemRequirements()) for (const part of req.split(',')) {
    const m = /^\s*(?:=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(part);
    if (m) out.add(m[1]);
  }
  return [...out];
}

/** Versions in GHSA/OSV records of an ecosystem name (e.g. 'Packagist', 'NuGet'), when any are present. */
export function ghsaVersions(ecosystem) {
  const recs = walk(join(VULN, 'osv'), (p) => p.endsWith('.json')).map(readJson);
  return osvVersions(recs, ecosystem);
}

/** No Packagist feed is in the shared data: reuse real version strings of other ecosystems in Composer's syntax. */
export function composerStyleVersions() {
  const out = new Set();
  for (const v of [...npmVersions(), ...mavenVersions()]) out.add(v);
  for (const v of pypiVersions().slice(0, 1500)) out.add(v);
  return [...out];
}

/** Requirement strings from RustSec advisories ([versions] patched / unaffected, semver crate syntax). */
export function rustsecRequirements() {
  const out = new Set();
  for (const p of walk(join(VULN, 'rustsec'), (p) => p.endsWith('.md'))) {
    const text = readFileSync(p, 'utf8');
    for (const m of text.matchAll(/^(?:patched|unaffected)\s*=\s*\[([^\]]*)\]/gm)) {
      for (const q of m[1].matchAll(/"([^"]*)"/g)) out.add(q[1]);
    }
  }
  return [...out];
}

/** semver ranges from nodejs/security-wg (vulnerable_versions / patched_versions). */
export function npmRanges() {
  const out = new Set();
  for (const p of walk(join(VULN, 'npm/nodejs-security-wg'), (p) => p.endsWith('.json'))) {
    const doc = readJson(p);
    for (const k of ['vulnerable_versions', 'patched_versions']) if (typeof doc[k] === 'string') out.add(doc[k]);
  }
  return [...out];
}
