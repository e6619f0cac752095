// CISA Known Exploited Vulnerabilities catalogue: exploit signals joined to findings by CVE id.
import type { FeedReader, KevEntry } from '../../model.js';
import { extOf, isObject, readHead, skipped, str, readJsonFeed } from '../files.js';

export const kevReader: FeedReader = {
  format: 'cisa-kev',
  async detect(path) {
    const head = readHead(path, 1024);
    return extOf(path) === 'json' && /"catalogVersion"\s*:/.test(head) && !/"\$schema"/.test(head);
  },
  async *read(path) {
    const parsed = readJsonFeed(path);
    if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
    const doc = parsed.value;
    if (!isObject(doc) || !Array.isArray(doc.vulnerabilities)) { yield skipped(path, 'no "vulnerabilities" list'); return; }
    let i = 0;
    for (const v of doc.vulnerabilities) {
      const where = `vulnerabilities[${i++}]`;
      const cve = isObject(v) ? str(v.cveID) : undefined;
      const dateAdded = isObject(v) ? str(v.dateAdded) : undefined;
      if (!isObject(v) || !cve || !/^CVE-\d{4}-\d+$/.test(cve) || !dateAdded) {
        yield skipped(path, 'entry needs cveID and dateAdded', cve ?? where);
        continue;
      }
      const kev: KevEntry = { cve, dateAdded, knownRansomware: str(v.knownRansomwareCampaignUse)?.toLowerCase() === 'known' };
      const due = str(v.dueDate); if (due) kev.dueDate = due;
      const vendor = str(v.vendorProject); if (vendor) kev.vendorProject = vendor;
      const product = str(v.product); if (product) kev.product = product;
      const name = str(v.vulnerabilityName); if (name) kev.name = name;
      yield { kind: 'kev', kev };
    }
  },
};
