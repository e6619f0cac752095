// OpenVEX documents (Canonical publishes one per CVE next to its OSV data): per product purl, a status of
// fixed / affected / not_affected / under_investigation.
import type { Advisory, AffectedEntry, DistroStatus, FeedItem, FeedReader } from '../../model.js';
import { extOf, isObject, readHead, skipped, str, strArray, readJsonFeed } from '../files.js';
import { placePurl } from '../purl.js';

function statusOf(s: Record<string, unknown>): DistroStatus | undefined {
  switch (s.status) {
    case 'fixed': return 'fixed';
    case 'not_affected': return 'not-affected';
    // An affected release the vendor no longer supports will never see a fix.
    case 'affected': return /no longer supported/i.test(str(s.action_statement) ?? '') ? 'end-of-life' : 'unfixed';
    case 'under_investigation': return 'unfixed';
    default: return undefined;
  }
}

function productIds(s: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const p of Array.isArray(s.products) ? s.products : []) {
    if (typeof p === 'string') out.push(p);
    else if (isObject(p)) {
      const id = str(p['@id']) ?? (isObject(p.identifiers) ? str(p.identifiers.purl) : undefined);
      if (id) out.push(id);
    }
  }
  return out;
}

function statementItem(file: string, s: unknown, where: string, author: string | undefined): FeedItem {
  if (!isObject(s) || !isObject(s.vulnerability) && typeof s.vulnerability !== 'string') return skipped(file, 'statement without vulnerability', where);
  const vuln = typeof s.vulnerability === 'string' ? s.vulnerability : str(s.vulnerability.name) ?? str(s.vulnerability['@id']);
  if (!vuln) return skipped(file, 'vulnerability has no name', where);
  const status = statusOf(s);
  if (!status) return skipped(file, `unknown status ${JSON.stringify(s.status)}`, `${vuln} ${where}`);
  const places = productIds(s).map(placePurl).filter((p) => !!p);
  // Statements are keyed by SOURCE package in the model: binaries only when a release lists no source.
  const bySource = new Set(places.filter((p) => p.source).map((p) => p.ecosystem));
  const seen = new Set<string>();
  const affected: AffectedEntry[] = [];
  for (const p of places) {
    if (!p.source && bySource.has(p.ecosystem)) continue;
    const e: AffectedEntry = { ecosystem: p.ecosystem, package: p.package, status };
    if (!p.source) e.binary = true;
    if (p.channel) e.channel = p.channel;
    if (p.module) e.module = p.module;
    if (status === 'fixed' && p.version) e.fixedVersion = p.version;
    const key = JSON.stringify(e);
    if (seen.has(key)) continue;
    seen.add(key);
    affected.push(e);
  }
  const details = isObject(s.vulnerability) ? str(s.vulnerability.description) : undefined;
  const adv: Advisory = {
    id: vuln, source: author && /canonical/i.test(author) ? 'ubuntu-vex' : 'openvex',
    aliases: isObject(s.vulnerability) ? strArray(s.vulnerability.aliases).filter((a) => !a.includes('://')) : [],
    references: isObject(s.vulnerability) ? strArray(s.vulnerability.aliases).filter((a) => a.includes('://')) : [],
    cwes: [], severities: [], affected,
  };
  if (details) adv.details = details;
  return { kind: 'advisory', advisory: adv, fragment: true };
}

export const openvexReader: FeedReader = {
  format: 'openvex',
  async detect(path) {
    return extOf(path) === 'json' && /"@context"\s*:\s*"https:\/\/openvex\.dev\/ns/.test(readHead(path, 1024));
  },
  async *read(path) {
    const parsed = readJsonFeed(path);
    if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
    const doc = parsed.value;
    if (!isObject(doc) || !Array.isArray(doc.statements)) { yield skipped(path, 'no "statements" list'); return; }
    const author = str(doc.author);
    let i = 0;
    for (const s of doc.statements) {
      const item = statementItem(path, s, `statements[${i++}]`, author);
      if (item.kind === 'advisory') {
        const ts = isObject(s) ? str(s.timestamp) ?? str(doc.timestamp) : undefined;
        if (ts) item.advisory.modified = ts;
      }
      yield item;
    }
  },
};
