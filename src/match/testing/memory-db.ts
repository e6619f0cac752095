// Test support: a VulnDbReader held in memory, and a small converter from real OSV / Debian tracker /
// NVD / KEV records to the advisory model, so matcher tests run on real data without the SQLite store.
import type { Advisory, AffectedEntry, AffectedRow, EpssScore, KevEntry, SeverityRating, VulnDbReader } from '../../vulndb/model.js';
import { pep503 } from '../ecosystems.js';

const norm = (eco: string, name: string) => (eco === 'PyPI' ? pep503(name) : eco === 'Packagist' || eco === 'NuGet' ? name.toLowerCase() : name);

export class MemoryDb implements VulnDbReader {
  private readonly rows = new Map<string, AffectedRow[]>();
  private readonly advisories = new Map<string, Advisory>();
  private readonly aliases = new Map<string, Advisory[]>();
  private readonly kevs = new Map<string, KevEntry>();
  private readonly epsses = new Map<string, EpssScore>();

  constructor(advisories: Advisory[] = [], kev: KevEntry[] = [], epss: EpssScore[] = []) {
    for (const a of advisories) this.add(a);
    for (const k of kev) this.kevs.set(k.cve, k);
    for (const e of epss) this.epsses.set(e.cve, e);
  }

  add(a: Advisory): void {
    this.advisories.set(a.id, a);
    for (const id of [a.id, ...a.aliases]) {
      const list = this.aliases.get(id) ?? [];
      list.push(a);
      this.aliases.set(id, list);
    }
    for (const e of a.affected) {
      const key = `${e.ecosystem}\0${norm(e.ecosystem, e.package)}`;
      const list = this.rows.get(key) ?? [];
      list.push({ ...e, advisoryId: a.id, source: a.source });
      this.rows.set(key, list);
    }
  }

  lookup(ecosystem: string, name: string): AffectedRow[] { return this.rows.get(`${ecosystem}\0${norm(ecosystem, name)}`) ?? []; }
  advisory(id: string): Advisory | undefined { return this.advisories.get(id); }
  byAlias(id: string): Advisory[] { return this.aliases.get(id) ?? []; }
  kev(cve: string): KevEntry | undefined { return this.kevs.get(cve); }
  epss(cve: string): EpssScore | undefined { return this.epsses.get(cve); }
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An OSV record (JSON or parsed YAML) as the store would hold it; `source` names the feed. */
export function osvAdvisory(rec: Json, source: string): Advisory {
  const severities: SeverityRating[] = (rec.severity ?? []).map((s: Json) => ({ source, type: s.type, vector: s.score }));
  if (rec.database_specific?.severity) severities.push({ source, type: 'vendor', raw: rec.database_specific.severity, level: String(rec.database_specific.severity).toUpperCase() as SeverityRating['level'] });
  const affected: AffectedEntry[] = (rec.affected ?? []).map((a: Json) => {
    const e: AffectedEntry = { ecosystem: a.package.ecosystem, package: a.package.name };
    if (a.ranges) e.ranges = a.ranges.map((r: Json) => ({ type: r.type, events: r.events }));
    if (a.versions) e.versions = a.versions;
    const imports = a.ecosystem_specific?.imports;
    if (imports) e.symbols = imports.map((i: Json) => ({ path: i.path, symbols: i.symbols ?? [] }));
    if (a.database_specific?.informational) e.informational = a.database_specific.informational;
    return e;
  });
  const adv: Advisory = {
    id: rec.id, aliases: rec.aliases ?? [], source, references: (rec.references ?? []).map((r: Json) => r.url),
    cwes: rec.database_specific?.cwe_ids ?? [], severities, affected,
  };
  if (rec.summary) adv.summary = rec.summary;
  if (rec.details) adv.details = rec.details;
  if (rec.withdrawn) adv.withdrawn = rec.withdrawn;
  return adv;
}

const CODENAMES: Record<string, string> = { buster: '10', bullseye: '11', bookworm: '12', trixie: '13' };

/** Debian security-tracker JSON ({source: {CVE: {releases: {codename: ...}}}}) → one advisory per CVE. */
export function debianTrackerAdvisories(doc: Json, source: string, only?: Set<string>): Advisory[] {
  const byCve = new Map<string, Advisory>();
  for (const [pkg, cves] of Object.entries(doc)) {
    if (only && !only.has(pkg)) continue;
    for (const [cve, rec] of Object.entries(cves as Json)) {
      const adv = byCve.get(cve) ?? { id: cve, aliases: [], source, references: [], cwes: [], severities: [], affected: [] };
      byCve.set(cve, adv);
      for (const [codename, rel] of Object.entries((rec as Json).releases ?? {})) {
        const r = rel as Json;
        const e: AffectedEntry = { ecosystem: `debian:${CODENAMES[codename] ?? codename}`, package: pkg };
        if (r.status === 'resolved') {
          e.status = r.fixed_version === '0' ? 'not-affected' : 'fixed';
          if (r.fixed_version !== '0') e.fixedVersion = r.fixed_version;
        } else e.status = 'unfixed';
        if (r.urgency) e.severity = { source, type: 'vendor', raw: r.urgency };
        adv.affected.push(e);
      }
    }
  }
  return [...byCve.values()];
}

/** NVD CVE JSON 2.0 (one `cve` object) → an advisory carrying NVD's ratings. */
export function nvdAdvisory(cve: Json): Advisory {
  const severities: SeverityRating[] = [];
  for (const [key, type] of [['cvssMetricV31', 'CVSS_V3'], ['cvssMetricV30', 'CVSS_V3'], ['cvssMetricV2', 'CVSS_V2']] as const) {
    for (const m of cve.metrics?.[key] ?? []) {
      severities.push({ source: 'nvd', type, vector: m.cvssData.vectorString, score: m.cvssData.baseScore });
    }
  }
  return {
    id: cve.id, aliases: [], source: 'nvd', references: (cve.references ?? []).map((r: Json) => r.url),
    cwes: [], severities, affected: [], summary: cve.descriptions?.find((d: Json) => d.lang === 'en')?.value,
  };
}

export function kevEntries(doc: Json): KevEntry[] {
  return doc.vulnerabilities.map((v: Json) => ({
    cve: v.cveID, dateAdded: v.dateAdded, dueDate: v.dueDate, knownRansomware: v.knownRansomwareCampaignUse === 'Known',
  }));
}

/**
 * Only the required methods of a reader (no read-ahead, no rows left out, no heads): matching through it
 * takes the plain path, so its findings check the optional fast paths of the SQLite store.
 */
export function plainReader(db: VulnDbReader): VulnDbReader {
  return {
    lookup: (ecosystem, name) => db.lookup(ecosystem, name),
    advisory: (id) => db.advisory(id),
    byAlias: (id) => db.byAlias(id),
    kev: (cve) => db.kev(cve),
    epss: (cve) => db.epss(cve),
  };
}
