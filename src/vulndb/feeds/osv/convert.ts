// One OSV record (https://ossf.github.io/osv-schema/) → the advisory model.
import type { Advisory, AffectedEntry, RangeEvent, SeverityRating, VersionRange } from '../../model.js';
import { isDistroNamespace, mapOsvEcosystem } from '../../normalize.js';
import { cvssRating, cvssTypeOf, vendorRating } from '../../severity.js';
import { dateStr, isObject, str, strArray } from '../files.js';

const SOURCE_BY_PREFIX: [RegExp, string][] = [
  [/^GO-/, 'osv-go'], [/^GHSA-/, 'ghsa'], [/^PYSEC-/, 'osv-pypi'], [/^RUSTSEC-/, 'osv-rustsec'],
  [/^AL[SBE]A-/, 'osv-almalinux'], [/^R[LX]SA-/, 'osv-rocky'], [/^(UBUNTU-|USN-|LSN-)/, 'osv-ubuntu'],
  [/^CGA-/, 'osv-chainguard'], [/^(DSA|DLA|DTSA|DEBIAN)-/, 'osv-debian'], [/^ALPINE-/, 'osv-alpine'],
  [/^MAL-/, 'osv-malicious'], [/^BIT-/, 'osv-bitnami'], [/^RHSA-|^RHBA-|^RHEA-/, 'osv-redhat'],
];

/** The feed name for an OSV record, from its id's database prefix. */
export function osvSourceOf(id: string): string {
  for (const [re, source] of SOURCE_BY_PREFIX) if (re.test(id)) return source;
  return 'osv';
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function convertRange(r: unknown): VersionRange | undefined {
  if (!isObject(r)) return undefined;
  const type = r.type;
  if (type !== 'SEMVER' && type !== 'ECOSYSTEM' && type !== 'GIT') return undefined;
  const events: RangeEvent[] = [];
  for (const e of Array.isArray(r.events) ? r.events : []) {
    if (!isObject(e)) continue;
    for (const k of EVENT_KEYS) {
      const v = e[k];
      if (typeof v === 'string' && v.length) events.push({ [k]: v } as RangeEvent);
    }
  }
  return events.length ? { type, events } : undefined;
}

function severityList(list: unknown, source: string): SeverityRating[] {
  const out: SeverityRating[] = [];
  for (const s of Array.isArray(list) ? list : []) {
    if (!isObject(s)) continue;
    const score = str(s.score);
    if (!score) continue;
    const t = s.type;
    if (t === 'CVSS_V2' || t === 'CVSS_V3' || t === 'CVSS_V4') out.push(cvssRating(source, t, score));
    else if (cvssTypeOf(score)) out.push(cvssRating(source, cvssTypeOf(score)!, score));
    else out.push(vendorRating(typeof t === 'string' ? t.toLowerCase() : source, score)); // e.g. type 'Ubuntu', score 'medium'
  }
  return out;
}

function symbolsOf(eco: string, pkgName: string, specific: unknown): AffectedEntry['symbols'] {
  if (!isObject(specific)) return undefined;
  if (Array.isArray(specific.imports)) { // Go: [{path, symbols}]
    const out = specific.imports.filter(isObject).map((i) => ({ path: str(i.path) ?? pkgName, symbols: strArray(i.symbols) }));
    return out.length ? out : undefined;
  }
  if (eco === 'crates.io' && isObject(specific.affects)) { // RustSec: {functions: ['crate::fn']}
    const fns = strArray(specific.affects.functions);
    return fns.length ? [{ path: pkgName, symbols: fns }] : undefined;
  }
  return undefined;
}

function convertAffected(a: unknown, source: string): AffectedEntry | undefined {
  if (!isObject(a) || !isObject(a.package)) return undefined;
  const osvEco = str(a.package.ecosystem);
  const name = str(a.package.name);
  if (!osvEco || !name) return undefined;
  const mapped = mapOsvEcosystem(osvEco);
  const entry: AffectedEntry = { ecosystem: mapped.ecosystem, package: name };
  if (mapped.binary) entry.binary = true;
  if (mapped.channel) entry.channel = mapped.channel;
  const ranges = (Array.isArray(a.ranges) ? a.ranges : []).map(convertRange).filter((r): r is VersionRange => !!r);
  if (ranges.length) entry.ranges = ranges;
  const versions = strArray(a.versions);
  if (versions.length) entry.versions = versions;
  const purl = str(a.package.purl);
  if (purl) entry.purl = purl;
  const symbols = symbolsOf(osvEco, name, a.ecosystem_specific);
  if (symbols) entry.symbols = symbols;
  const dbs = a.database_specific;
  if (isObject(dbs) && dbs.informational != null && dbs.informational !== false) entry.informational = String(dbs.informational);
  const sev = severityList(a.severity, source)[0];
  if (sev) entry.severity = sev;
  if (isDistroNamespace(entry.ecosystem)) deriveDistroStatus(entry);
  return entry;
}

// Distro matchers think in "fixed in X / unfixed"; state it when the OSV range says exactly that.
function deriveDistroStatus(entry: AffectedEntry): void {
  const nonGit = (entry.ranges ?? []).filter((r) => r.type !== 'GIT');
  if (nonGit.length !== 1) return;
  const ev = nonGit[0]!.events;
  const intro = ev.filter((e) => 'introduced' in e);
  const fixed = ev.filter((e) => 'fixed' in e) as { fixed: string }[];
  if (intro.length !== 1 || (intro[0] as { introduced: string }).introduced !== '0') return;
  if (fixed.length === 1 && ev.length === 2) { entry.status = 'fixed'; entry.fixedVersion = fixed[0]!.fixed; }
  else if (ev.length === 1) entry.status = 'unfixed';
}

/** Converts a parsed OSV record, or returns why it cannot be used. */
export function convertOsvRecord(rec: unknown): Advisory | { error: string; id?: string } {
  if (!isObject(rec)) return { error: 'record is not an object' };
  const id = str(rec.id);
  if (!id) return { error: 'record has no id' };
  if (rec.affected !== undefined && !Array.isArray(rec.affected)) return { error: '"affected" is not an array', id };
  const source = osvSourceOf(id);
  const severities = severityList(rec.severity, source);
  const dbs = isObject(rec.database_specific) ? rec.database_specific : {};
  const ghsaSeverity = str(dbs.severity);
  if (ghsaSeverity) severities.push(vendorRating(source, ghsaSeverity));
  const affected = (rec.affected as unknown[] | undefined ?? []).map((a) => convertAffected(a, source)).filter((a): a is AffectedEntry => !!a);
  const adv: Advisory = {
    id,
    aliases: [...new Set(strArray(rec.aliases))],
    source,
    references: (Array.isArray(rec.references) ? rec.references : []).filter(isObject).map((r) => str(r.url)).filter((u): u is string => !!u),
    cwes: strArray(dbs.cwe_ids),
    severities,
    affected,
  };
  const summary = str(rec.summary); if (summary) adv.summary = summary;
  const details = str(rec.details); if (details) adv.details = details;
  const published = dateStr(rec.published); if (published) adv.published = published;
  const modified = dateStr(rec.modified);
  if (modified && !modified.startsWith('0001-')) adv.modified = modified; // golang/vulndb writes the zero time

  const withdrawn = dateStr(rec.withdrawn); if (withdrawn) adv.withdrawn = withdrawn;
  const upstream = strArray(rec.upstream); if (upstream.length) adv.upstream = upstream;
  return adv;
}
