// FIRST EPSS daily scores: CSV (optionally gzipped) `cve,epss,percentile` after a
// `#model_version:…,score_date:…` comment line.
import { gunzipSync } from 'node:zlib';
import type { EpssScore, FeedReader } from '../../model.js';
import { oneLine, readFeedFile, readHead, skipped } from '../files.js';

const MAX_CSV_BYTES = 512 * 1024 * 1024;

function isEpssName(path: string): boolean {
  return /\.csv(\.gz)?$/i.test(path);
}

export const epssReader: FeedReader = {
  format: 'epss',
  async detect(path) {
    if (!isEpssName(path)) return false;
    if (path.toLowerCase().endsWith('.gz')) return /epss/i.test(path) && readHead(path, 2).startsWith('\u001f');
    return /^(#model_version:[^\n]*\n)?cve,epss,percentile\s*$/m.test(readHead(path, 512));
  },
  async *read(path) {
    let text: string;
    try {
      const raw = readFeedFile(path);
      text = (path.toLowerCase().endsWith('.gz') ? gunzipSync(raw, { maxOutputLength: MAX_CSV_BYTES }) : raw).toString('utf8');
    } catch (e) { yield skipped(path, oneLine(e)); return; }
    const lines = text.split(/\r?\n/);
    let date: string | undefined;
    let header = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      if (line.startsWith('#')) {
        const m = /score_date:([0-9T:+\-.Z]+)/.exec(line);
        if (m) date = m[1]!.slice(0, 10);
        continue;
      }
      if (!header) {
        if (line !== 'cve,epss,percentile') { yield skipped(path, `unexpected header ${JSON.stringify(line.slice(0, 60))}`); return; }
        header = true;
        continue;
      }
      const [cve, s, p] = line.split(',');
      const score = Number(s), percentile = Number(p);
      if (!cve || !/^CVE-\d{4}-\d+$/.test(cve) || !Number.isFinite(score) || !Number.isFinite(percentile) || score < 0 || score > 1 || percentile < 0 || percentile > 1) {
        yield skipped(path, `bad row ${JSON.stringify(line.slice(0, 60))}`, `line ${i + 1}`);
        continue;
      }
      const epss: EpssScore = { cve, score, percentile };
      if (date) epss.date = date;
      yield { kind: 'epss', epss };
    }
  },
};
