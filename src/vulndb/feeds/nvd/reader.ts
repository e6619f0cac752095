// NVD CVE API 2.0: API responses ({format: "NVD_CVE", vulnerabilities: [{cve}]}) and per-CVE files
// (fkie-cad/nvd-json-data-feeds). Descriptions, CVSS metrics, CWEs and CPE configurations; NVD names no packages.
import type { Advisory, FeedItem, FeedReader, SeverityRating } from '../../model.js';
import { cvssRating } from '../../severity.js';
import { extOf, isObject, readHead, skipped, str, readJsonFeed } from '../files.js';

const METRICS: [string, SeverityRating['type']][] = [
  ['cvssMetricV40', 'CVSS_V4'], ['cvssMetricV31', 'CVSS_V3'], ['cvssMetricV30', 'CVSS_V3'], ['cvssMetricV2', 'CVSS_V2'],
];

export function convertNvdCve(cve: unknown): Advisory | { error: string; id?: string } {
  if (!isObject(cve)) return { error: 'cve is not an object' };
  const id = str(cve.id);
  if (!id || !/^CVE-\d{4}-\d+$/.test(id)) return { error: 'missing or malformed CVE id', id };
  const adv: Advisory = { id, aliases: [], source: 'nvd', references: [], cwes: [], severities: [], affected: [] };
  const descriptions = Array.isArray(cve.descriptions) ? cve.descriptions.filter(isObject) : [];
  const en = descriptions.find((d) => d.lang === 'en') ?? descriptions[0];
  const text = en ? str(en.value) : undefined;
  if (text) adv.details = text;
  const published = str(cve.published); if (published) adv.published = published;
  const modified = str(cve.lastModified); if (modified) adv.modified = modified;
  const metrics = isObject(cve.metrics) ? cve.metrics : {};
  for (const [key, type] of METRICS) {
    for (const m of Array.isArray(metrics[key]) ? metrics[key] as unknown[] : []) {
      if (!isObject(m) || !isObject(m.cvssData)) continue;
      const source = m.source === 'nvd@nist.gov' ? 'nvd' : `nvd:${str(m.source) ?? 'unknown'}`;
      const vector = str(m.cvssData.vectorString);
      const score = typeof m.cvssData.baseScore === 'number' ? m.cvssData.baseScore : undefined;
      adv.severities.push(cvssRating(source, type, vector, score));
    }
  }
  for (const w of Array.isArray(cve.weaknesses) ? cve.weaknesses.filter(isObject) : []) {
    for (const d of Array.isArray(w.description) ? w.description.filter(isObject) : []) {
      const cwe = str(d.value);
      if (cwe && /^CWE-\d+$/.test(cwe) && !adv.cwes.includes(cwe)) adv.cwes.push(cwe);
    }
  }
  for (const r of Array.isArray(cve.references) ? cve.references.filter(isObject) : []) {
    const url = str(r.url);
    if (url && !adv.references.includes(url)) adv.references.push(url);
  }
  if (Array.isArray(cve.configurations) && cve.configurations.length) adv.cpeConfigurations = cve.configurations;
  const status = str(cve.vulnStatus);
  if (status === 'Rejected') adv.withdrawn = modified ?? published ?? 'rejected';
  return adv;
}

export const nvdReader: FeedReader = {
  format: 'nvd-cve-2.0',
  async detect(path) {
    if (extOf(path) !== 'json') return false;
    const head = readHead(path, 4096);
    return /"format"\s*:\s*"NVD_CVE"/.test(head) || (/"vulnStatus"\s*:/.test(head) && /"id"\s*:\s*"CVE-/.test(head));
  },
  async *read(path) {
    const parsed = readJsonFeed(path);
    if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
    const doc = parsed.value;
    const item = (cve: unknown, where?: string): FeedItem => {
      const r = convertNvdCve(cve);
      return 'error' in r ? skipped(path, r.error, r.id ?? where) : { kind: 'advisory', advisory: r };
    };
    if (isObject(doc) && Array.isArray(doc.vulnerabilities)) {
      let i = 0;
      for (const v of doc.vulnerabilities) {
        const where = `vulnerabilities[${i++}]`;
        yield isObject(v) ? item(v.cve, where) : skipped(path, 'entry is not an object', where);
      }
    } else yield item(doc);
  },
};
