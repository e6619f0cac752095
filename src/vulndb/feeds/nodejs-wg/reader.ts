// nodejs/security-wg vuln/ files: npm/<n>.json (the pre-GHSA npm advisory format) and core/<n>.json (Node.js
// runtime). Both use node-semver ranges. The index.json files repeat every record and are left out.
import { basename, dirname } from 'node:path';
import type { Advisory, FeedReader } from '../../model.js';
import { cvssRating, cvssTypeOf, vendorRating } from '../../severity.js';
import { isObject, readHead, skipped, str, strArray, readJsonFeed } from '../files.js';
import { fromRequirements } from '../requirements.js';

function kindOf(path: string): 'npm' | 'core' | undefined {
  if (!/^\d+\.json$/.test(basename(path))) return undefined;
  const dir = basename(dirname(path));
  return dir === 'npm' || dir === 'core' ? dir : undefined;
}

export const nodejsWgReader: FeedReader = {
  format: 'nodejs-security-wg',
  async detect(path) {
    const kind = kindOf(path);
    if (!kind) return false;
    const head = readHead(path, 2048);
    return kind === 'npm' ? /"module_name"\s*:/.test(head) : /"(vulnerable|patched)"\s*:/.test(head);
  },
  async *read(path) {
    const kind = kindOf(path)!;
    const n = basename(path, '.json');
    const parsed = readJsonFeed(path);
    if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
    const doc = parsed.value;
    if (!isObject(doc)) { yield skipped(path, 'not a JSON object'); return; }
    if (kind === 'npm') {
      const name = str(doc.module_name);
      const vulnerable = str(doc.vulnerable_versions);
      if (!name || !vulnerable) { yield skipped(path, 'needs module_name and vulnerable_versions', `NSWG-ECO-${n}`); return; }
      const patched = str(doc.patched_versions);
      const adv: Advisory = {
        id: `NSWG-ECO-${n}`, aliases: strArray(doc.cves), source: 'nodejs-security-wg',
        references: strArray(doc.references), cwes: [], severities: [],
        affected: [{ ecosystem: 'npm', package: name, ...fromRequirements('npm', patched ? [patched] : [], [], [vulnerable]) }],
      };
      const title = str(doc.title); if (title) adv.summary = title;
      const overview = str(doc.overview); if (overview) adv.details = overview;
      const published = str(doc.publish_date) ?? str(doc.created_at); if (published) adv.published = published;
      const modified = str(doc.updated_at); if (modified) adv.modified = modified;
      const vector = str(doc.cvss_vector);
      if (vector && cvssTypeOf(vector)) adv.severities.push(cvssRating('nodejs-security-wg', cvssTypeOf(vector)!, vector, typeof doc.cvss_score === 'number' ? doc.cvss_score : undefined));
      yield { kind: 'advisory', advisory: adv };
      return;
    }
    const vulnerable = str(doc.vulnerable);
    if (!vulnerable) { yield skipped(path, 'needs "vulnerable"', `NSWG-CORE-${n}`); return; }
    const patched = str(doc.patched);
    const adv: Advisory = {
      id: `NSWG-CORE-${n}`, aliases: strArray(doc.cve), source: 'nodejs-security-wg',
      references: [str(doc.ref)].filter((u): u is string => !!u), cwes: [], severities: [],
      affected: [{ ecosystem: 'Nodejs-core', package: 'node', ...fromRequirements('npm', patched ? [patched] : [], [], [vulnerable]) }],
    };
    const description = str(doc.description); if (description) adv.summary = description;
    const overview = str(doc.overview); if (overview) adv.details = overview;
    const severity = str(doc.severity); if (severity) adv.severities.push(vendorRating('nodejs', severity));
    yield { kind: 'advisory', advisory: adv };
  },
};
