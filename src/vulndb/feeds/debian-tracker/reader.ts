// Debian security tracker JSON (security-tracker.debian.org/tracker/data/json) and feeds of the same shape
// (the changelog-derived tracker-from-changelogs.json): { <source pkg>: { <CVE>: { releases: { <codename>: … } } } }.
import { basename } from 'node:path';
import type { Advisory, AffectedEntry, DistroStatus, FeedItem, FeedReader } from '../../model.js';
import { debianNamespace } from '../../normalize.js';
import { vendorRating } from '../../severity.js';
import { extOf, isObject, readHead, skipped, str, readJsonFeed } from '../files.js';

/** The tracker's per-release statement in the model's terms. */
export function trackerStatus(rel: Record<string, unknown>): { status: DistroStatus; fixedVersion?: string } | { error: string } {
  const status = str(rel.status);
  const fixed = str(rel.fixed_version);
  const urgency = (str(rel.urgency) ?? '').toLowerCase();
  const nodsaReason = (str(rel.nodsa_reason) ?? '').toLowerCase();
  if (status === 'resolved') {
    if (!fixed) return { error: 'status "resolved" without fixed_version' };
    if (fixed === '0') return { status: 'not-affected' };
    return { status: 'fixed', fixedVersion: fixed };
  }
  if (status === 'open' || status === 'undetermined') {
    // 'undetermined' means Debian has not decided yet: reported as unfixed rather than silently dropped.
    if (urgency === 'end-of-life') return { status: 'end-of-life' };
    if (nodsaReason === 'ignored') return { status: 'will-not-fix' };
    return { status: 'unfixed' };
  }
  return { error: `unknown status ${JSON.stringify(rel.status)}` };
}

function looksLikeTracker(head: string): boolean {
  return /^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(CVE-\d{4}-\d+|TEMP-[0-9A-F-]+)"\s*:\s*\{/.test(head);
}

export const debianTrackerReader: FeedReader = {
  format: 'debian-tracker',
  async detect(path) {
    return extOf(path) === 'json' && looksLikeTracker(readHead(path, 4096));
  },
  async *read(path) {
    // Changelog-derived urgencies are upload urgencies, not severities: kept raw, with no level.
    const derived = /changelog/i.test(basename(path));
    const source = derived ? 'debian-changelogs' : 'debian-tracker';
    const parsed = readJsonFeed(path);
    if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
    if (!isObject(parsed.value)) { yield skipped(path, 'top level is not an object'); return; }
    for (const pkg of Object.keys(parsed.value).sort()) {
      const cves = parsed.value[pkg];
      if (!isObject(cves)) { yield skipped(path, 'package entry is not an object', pkg); continue; }
      for (const cve of Object.keys(cves).sort()) {
        const item = convertRecord(path, source, derived, pkg, cve, cves[cve]);
        yield item;
      }
    }
  },
};

function convertRecord(file: string, source: string, derived: boolean, pkg: string, cve: string, rec: unknown): FeedItem {
  const where = `${pkg}/${cve}`;
  if (!isObject(rec)) return skipped(file, 'record is not an object', where);
  // The real feed writes `"releases": []` for CVEs no release is tracked for: an advisory with no entries.
  const releases = Array.isArray(rec.releases) && rec.releases.length === 0 ? {} : rec.releases;
  if (!isObject(releases)) return skipped(file, 'record has no "releases" object', where);
  const affected: AffectedEntry[] = [];
  for (const codename of Object.keys(releases).sort()) {
    const rel = releases[codename];
    if (!isObject(rel)) return skipped(file, `release ${codename} is not an object`, where);
    const st = trackerStatus(rel);
    if ('error' in st) return skipped(file, `release ${codename}: ${st.error}`, where);
    const entry: AffectedEntry = { ecosystem: debianNamespace(codename), package: pkg, status: st.status };
    if (st.fixedVersion) entry.fixedVersion = st.fixedVersion;
    const urgency = str(rel.urgency);
    if (urgency) entry.severity = derived ? { source, type: 'vendor', raw: urgency } : vendorRating('debian', urgency);
    affected.push(entry);
  }
  const adv: Advisory = { id: cve, aliases: [], source, references: [], cwes: [], severities: [], affected };
  const description = str(rec.description);
  if (description) adv.details = description;
  if (typeof rec.debianbug === 'number') adv.references.push(`https://bugs.debian.org/${rec.debianbug}`);
  adv.references.push(`https://security-tracker.debian.org/tracker/${cve}`);
  return { kind: 'advisory', advisory: adv, fragment: true };
}
