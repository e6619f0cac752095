// OS packages against their distro's own data only (never NVD CPEs): Debian/Ubuntu by source package
// and source version, Alpine by origin, RPM distros by source rpm (or binary name where the feed is
// per binary) within the release, honouring modularity streams.
import type { Package } from '../inventory/model.js';
import { compareVersions } from '../version/index.js';
import type { AffectedRow } from '../vulndb/model.js';
import { extras, fixedAtOrBelow, type Candidate, type MatcherContext, type RowSource } from './candidate.js';
import { DISTRO_COMPARATOR } from './ecosystems.js';
import { isAffected } from './osv-range.js';

/** The version distro data about this package is written against. */
export function distroVersion(pkg: Package): string {
  // Debian/Ubuntu trackers speak of SOURCE versions (a binNMU's +bN, or a binary-only epoch, is not in them).
  if (pkg.type === 'deb') return pkg.source?.version ?? pkg.version;
  // apk origin and rpm source versions are the binary's (and the rpm binary EVR carries the epoch the src.rpm name lacks).
  return pkg.version;
}

/** RHEL modularity stream 'name:stream' from a package's modularity label 'name:stream:version:context'. */
export function moduleStream(pkg: Package): string | undefined {
  const md = pkg.metadata ?? {};
  const label = md['modularityLabel'] ?? md['modularitylabel'] ?? md['module'];
  if (typeof label !== 'string' || !label.includes(':')) return undefined;
  return label.split(':').slice(0, 2).join(':');
}

export function distroCandidates(pkg: Package, namespaces: string[], db: RowSource, ctx: MatcherContext): Candidate[] {
  const comparator = DISTRO_COMPARATOR[pkg.type];
  if (!comparator || !namespaces.length) return [];
  const compare = (a: string, b: string) => compareVersions(comparator, a, b);
  const sourceName = pkg.source?.name ?? pkg.name;
  const installed = distroVersion(pkg);
  const stream = moduleStream(pkg);
  const out: Candidate[] = [];
  const seen = new Set<string>();

  // Rows about the source package are compared with the source version, rows about a binary with the binary's.
  const sourceFixed = fixedAtOrBelow(installed, compare), binaryFixed = fixedAtOrBelow(pkg.version, compare);
  const alreadyFixed = (fixed: string, binary: boolean) => (binary ? binaryFixed : sourceFixed)(fixed);
  const versions = `${installed}\0${pkg.version}`;
  const lookup = (ns: string, name: string) => db.rowsFor(ns, name, versions, alreadyFixed);
  for (const ns of namespaces) {
    const rows: AffectedRow[] = lookup(ns, sourceName).filter((r) => !r.binary);
    // Feeds keyed per binary package (AlmaLinux/Rocky OSV) are looked up by the binary name.
    rows.push(...lookup(ns, pkg.name).filter((r) => r.binary));
    if (pkg.type === 'rpm' && sourceName !== pkg.name) rows.push(...lookup(ns, pkg.name).filter((r) => !r.binary && !rows.includes(r)));

    for (const row of rows) {
      const key = `${row.source}\0${row.advisoryId}\0${row.package}\0${ns}`;
      if (seen.has(key) || extras(row).channel) continue;
      // A module-specific statement applies inside that stream only, and a module package only to its stream's statements.
      if ((row.module ?? undefined) !== stream) continue;
      const lookedUp = row.binary ? pkg.name : row.package;
      const version = row.binary ? pkg.version : installed;
      const evidence = (decidedBy: string) => ({
        source: row.source, record: row.advisoryId, ecosystem: ns, package: lookedUp, comparator, decidedBy,
      });
      try {
        switch (row.status) {
          case 'not-affected': continue;
          case 'fixed': {
            const fixed = row.fixedVersion;
            if (!fixed) {
              // A 'fixed' row without a version can still carry OSV ranges; otherwise there is nothing to compare.
              if (!row.ranges?.length && !row.versions?.length) continue;
              break;
            }
            if (fixed === '0') continue; // Debian and Alpine secfixes: never affected.
            if (compare(version, fixed) >= 0) continue;
            seen.add(key);
            out.push({ package: pkg, row, status: 'fixed', fixedVersion: fixed, compare,
              evidence: evidence(`installed ${version} < fixed ${fixed} (${comparator})`) });
            continue;
          }
          case 'unfixed':
            seen.add(key);
            out.push({ package: pkg, row, status: 'unfixed', compare, evidence: evidence(`unfixed in ${ns}`) });
            continue;
          case 'will-not-fix': case 'end-of-life':
            seen.add(key);
            out.push({ package: pkg, row, status: row.status, compare, evidence: evidence(`${row.status} in ${ns}`) });
            continue;
        }
        // OSV-style distro records (AlmaLinux, Rocky, Ubuntu OSV): evaluate the ranges with the distro comparator.
        if (!row.ranges?.length && !row.versions?.length) continue;
        const v = isAffected(version, row, compare);
        if (!v.affected) continue;
        seen.add(key);
        out.push({ package: pkg, row, status: v.fixed ? 'fixed' : 'unfixed', fixedVersion: v.fixed, compare,
          evidence: evidence(`installed ${version} ${v.decidedBy} (${comparator})`) });
      } catch (e) {
        ctx.warn(`${row.source} ${row.advisoryId}: cannot compare ${pkg.name} ${version} (${comparator}): ${(e as Error).message}`);
      }
    }
  }
  return out;
}
