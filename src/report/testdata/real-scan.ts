// Test helper: ScanResults built from REAL data, for report and policy tests, until the scan pipeline
// exists. Packages come from the corpus (node-app's npm lockfile and image config, the debian12-pkgdb
// dpkg status); findings come from the real advisories in ../shared/vulndata (osv/npm matched with
// node-semver, the Debian changelog tracker matched with Debian version ordering, KEV joined on CVE).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { cvssScore } from '../../match/cvss/index.js';
import type { ImageMeta, LayerRef, Package } from '../../inventory/model.js';
import type { Finding, ScanResult } from '../../match/model.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { compareVersions } from '../../version/index.js';

export const SHARED = process.env.HULLSCAN_SHARED ?? '/work/shared';
const VULNDATA = join(SHARED, 'vulndata');

const kevCves = (): Map<string, { dateAdded: string; dueDate?: string; knownRansomwareCampaignUse: string }> => {
  const doc = JSON.parse(readFileSync(join(VULNDATA, 'kev/known_exploited_vulnerabilities.json'), 'utf8'));
  return new Map(doc.vulnerabilities.map((v: { cveID: string }) => [v.cveID, v]));
};

function kevOf(ids: string[], kev: ReturnType<typeof kevCves>): Finding['kev'] {
  for (const id of ids) {
    const k = kev.get(id);
    if (k) return { dateAdded: k.dateAdded, dueDate: k.dueDate, knownRansomware: k.knownRansomwareCampaignUse === 'Known' };
  }
  return undefined;
}

/** node-app's real layers and history (from its image config). */
export function nodeAppImage(): ImageMeta {
  const created = [
    '/bin/sh -c #(nop) ADD file:debootstrap-minbase-bookworm.tar in / ',
    'COPY package.json package-lock.json index.js /app/ # buildkit',
    'RUN /bin/sh -c npm ci --ignore-scripts # buildkit',
    'COPY secrets/ / # buildkit',
    'RUN /bin/sh -c rm -f /root/.aws/credentials && rm -rf node_modules/handlebars && npm install --ignore-scripts handlebars@4.7.7 # buildkit',
  ];
  const diffIds = [
    'sha256:2be5dec7f2bce50ec3ec66646607220e53953cfe3bd79888e02b626ab79b5b39',
    'sha256:38fb7f7fef5c0ee00182eb90a3a41874dc269c64efa56ef73902570c1a510c2a',
    'sha256:f9c64a251ed4598b74da47bdab4e4180e84c2e6066c90a35556a9ac9f0050b07',
    'sha256:673d607d71649c975cc8f3877cfd49077977f6fdeef8a4ffa60611733e47e258',
    'sha256:4805ca408bc43e1f473ba543313d562db48e1ce5b25576587635d6c9623edc9f',
  ];
  return {
    reference: 'node-app.oci-zstd.tar', names: ['node-app:latest'],
    digest: 'sha256:6703f04f6d825afccd0e1c0a031adabadad59c0bc263ccac5f551bf92f9f9dcc',
    configDigest: 'sha256:55f0ddeb500bd27d82eb4ff76f88985acecec09c2098ad9217547c67f5677a8b',
    platform: 'linux/amd64',
    layers: diffIds.map((diffId, index) => ({ index, diffId, createdBy: created[index] })),
    env: ['NODE_ENV=production'], cmd: ['node', '/app/index.js'], workingDir: '/app', created: '2026-01-01T00:00:00Z',
  };
}

/**
 * node-app's npm packages from its real lockfiles: v2 is the final filesystem (handlebars re-installed by
 * layer 4); v1 is the tree `npm ci` made in layer 2, before that (handlebars 4.5.0 and its eslint peers).
 */
export function nodeAppPackages(layers: LayerRef[], lockfile: 'v1' | 'v2' = 'v2'): Package[] {
  const lock = JSON.parse(readFileSync(join(SHARED, `corpus/src/node-app/${lockfile}/package-lock.json`), 'utf8'));
  const out: Package[] = [];
  for (const [key, v] of Object.entries<{ version?: string; license?: string; dev?: boolean }>(lock.packages)) {
    if (!key || !v.version) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const layer = lockfile === 'v2' && key.startsWith('node_modules/handlebars') ? layers[4]! : layers[2]!;
    out.push({
      type: 'npm', name, version: v.version,
      purl: `pkg:npm/${name.startsWith('@') ? '%40' + name.slice(1) : name}@${v.version}`,
      licenses: v.license ? [v.license] : [],
      locations: [{ path: `/app/${key}/package.json`, layer }],
    });
  }
  return out;
}

const GHSA_SEVERITY: Record<string, SeverityLevel> = { CRITICAL: 'CRITICAL', HIGH: 'HIGH', MODERATE: 'MEDIUM', LOW: 'LOW' };

interface OsvRecord {
  id: string; aliases?: string[]; summary?: string; details?: string; withdrawn?: string;
  references?: { url: string }[]; severity?: { type: string; score: string }[];
  database_specific?: { severity?: string; cwe_ids?: string[] };
  affected: { package: { ecosystem: string; name: string }; ranges?: { type: string; events: Record<string, string>[] }[] }[];
}

/** Matches every real osv/npm record against the packages (OSV range semantics, node-semver ordering). */
export function npmFindings(packages: Package[]): Finding[] {
  const dir = join(VULNDATA, 'osv/npm');
  const kev = kevCves();
  const findings: Finding[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const rec = JSON.parse(readFileSync(join(dir, file), 'utf8')) as OsvRecord;
    if (rec.withdrawn) continue;
    for (const a of rec.affected) {
      if (a.package.ecosystem !== 'npm') continue;
      for (const pkg of packages.filter((p) => p.type === 'npm' && p.name === a.package.name)) {
        for (const range of a.ranges ?? []) {
          let introduced: string | undefined, fixed: string | undefined, last: string | undefined;
          for (const e of range.events) { introduced = e.introduced ?? introduced; fixed = e.fixed ?? fixed; last = e.last_affected ?? last; }
          const v = pkg.version;
          const inRange = (introduced === '0' || !introduced || semver.gte(v, introduced)) &&
            (fixed ? semver.lt(v, fixed) : last ? semver.lte(v, last) : true);
          if (!inRange) continue;
          const cve = (rec.aliases ?? []).find((x) => x.startsWith('CVE-'));
          const id = cve ?? rec.id;
          const severity = GHSA_SEVERITY[rec.database_specific?.severity ?? ''] ?? 'UNKNOWN';
          findings.push({
            id, aliases: [rec.id, ...(rec.aliases ?? [])].filter((x) => x !== id),
            package: pkg, installedVersion: v, fixedVersion: fixed, status: fixed ? 'fixed' : 'affected',
            severity, severitySource: 'ghsa',
            ratings: (rec.severity ?? []).map((s) => ({ source: 'ghsa', type: s.type === 'CVSS_V4' ? 'CVSS_V4' as const : 'CVSS_V3' as const, vector: s.score, score: cvssScore(s.score).score, level: severity })),
            title: rec.summary, description: rec.details, references: (rec.references ?? []).map((r) => r.url),
            cwes: rec.database_specific?.cwe_ids ?? [], kev: kevOf([id, ...(rec.aliases ?? [])], kev),
            evidence: [{ source: 'osv-npm', record: rec.id, ecosystem: 'npm', package: pkg.name, comparator: 'npm',
              decidedBy: fixed ? `installed ${v} < fixed ${fixed}` : `installed ${v} <= last_affected ${last}` }],
          });
          break;
        }
      }
    }
  }
  return findings;
}

/** Real dpkg packages from the debian12-pkgdb snapshot whose source is one of `sources`. */
export function debianPackages(sources: string[], layer: LayerRef): Package[] {
  const status = execFileSync('tar', ['-xzOf', join(SHARED, 'corpus/src/pkgdb-snapshot.tar.gz'), 'var/lib/dpkg/status'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: Package[] = [];
  for (const para of status.split('\n\n')) {
    const field = (k: string) => para.match(new RegExp(`^${k}: (.*)$`, 'm'))?.[1];
    const name = field('Package'), version = field('Version');
    if (!name || !version || !/install ok installed/.test(field('Status') ?? '')) continue;
    const m = (field('Source') ?? name).match(/^(\S+)(?: \((.*)\))?$/)!;
    const source = { name: m[1]!, version: m[2] ?? version };
    if (!sources.includes(source.name)) continue;
    const arch = field('Architecture');
    out.push({
      type: 'deb', name, version, arch, source,
      purl: `pkg:deb/debian/${name}@${encodeURIComponent(version)}?arch=${arch}&distro=debian-12`,
      licenses: [], locations: [{ path: '/var/lib/dpkg/status', layer }],
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

// Debian ordering from the version module (checked against dpkg by its own tests).
const dpkgLt = (a: string, b: string) => compareVersions('deb', a, b) < 0;

/** Matches the Debian changelog tracker (bookworm) against the packages' source versions. No severity: UNKNOWN. */
export function debianFindings(packages: Package[]): Finding[] {
  const tracker = JSON.parse(readFileSync(join(VULNDATA, 'debian/tracker-from-changelogs.json'), 'utf8')) as
    Record<string, Record<string, { releases: { bookworm?: { status: string; fixed_version?: string; urgency?: string } } }>>;
  const kev = kevCves();
  const findings: Finding[] = [];
  for (const pkg of packages) {
    const src = pkg.source!;
    for (const [cve, rec] of Object.entries(tracker[src.name] ?? {}).sort()) {
      const rel = rec.releases.bookworm;
      if (!rel?.fixed_version || rel.fixed_version === '0' || !dpkgLt(src.version!, rel.fixed_version)) continue;
      findings.push({
        id: cve, aliases: [], package: pkg, installedVersion: pkg.version, fixedVersion: rel.fixed_version, status: 'fixed',
        severity: 'UNKNOWN', severitySource: 'none', ratings: [], references: [], cwes: [], kev: kevOf([cve], kev),
        evidence: [{ source: 'debian-changelogs', record: cve, ecosystem: 'debian:12', package: src.name, comparator: 'deb',
          decidedBy: `installed ${src.version} < fixed ${rel.fixed_version}` }],
      });
    }
  }
  return findings;
}

/** node-app as a scan would see it: its npm packages with osv/npm findings, plus Debian packages with tracker findings. */
export function nodeAppScan(debianSources = ['openssl', 'glibc', 'curl'], lockfile: 'v1' | 'v2' = 'v2'): ScanResult {
  const image = nodeAppImage();
  if (lockfile === 'v1') image.layers = image.layers.slice(0, 3);
  const npm = nodeAppPackages(image.layers, lockfile);
  const deb = debianPackages(debianSources, image.layers[0]!);
  return {
    schemaVersion: '1.0',
    inventory: {
      image, os: { family: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12', codename: 'bookworm' },
      packages: [...deb, ...npm], secrets: [], misconfigurations: [], warnings: [],
    },
    findings: [...debianFindings(deb), ...npmFindings(npm)],
  };
}
