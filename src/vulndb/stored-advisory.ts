// How one advisory is stored: split in two. The head (everything but the affected entries and the NVD CPE
// configurations) is plain JSON, read by the matcher for every finding without any decompression; the rest
// (the bulky part, never needed to report a finding) is deflated. Joined again, they give back the advisory
// with its keys in their original order, so a DB read back and rewritten keeps its content hash.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Advisory, AdvisoryHead } from './model.js';

export interface StoredAdvisory { head: string; rest: Buffer }

/** The head keeps `affected` (empty) and `cpeConfigurations` (null) in place, as the positions to refill. */
export function encodeAdvisory(adv: Advisory): StoredAdvisory {
  const hasCpe = adv.cpeConfigurations !== undefined;
  const head = JSON.stringify({ ...adv, affected: [], ...(hasCpe ? { cpeConfigurations: null } : {}) });
  const rest = deflateRawSync(JSON.stringify(hasCpe ? [adv.affected, adv.cpeConfigurations] : [adv.affected]));
  return { head, rest };
}

export function decodeHead(head: string): AdvisoryHead {
  return JSON.parse(head) as AdvisoryHead;
}

/** The whole advisory from its two parts. */
export function decodeAdvisory(head: string, rest: Buffer): Advisory {
  const adv = JSON.parse(head) as Advisory;
  const [affected, cpe] = JSON.parse(inflateRawSync(rest).toString('utf8')) as [Advisory['affected'], unknown?];
  adv.affected = affected;
  if ('cpeConfigurations' in adv) adv.cpeConfigurations = cpe;
  return adv;
}
