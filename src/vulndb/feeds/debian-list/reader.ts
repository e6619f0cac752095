// Debian security-tracker advisory lists (data/DSA/list, data/DLA/list): one advisory per DSA/DLA with its CVEs
// and a fixed version (or a status) per release.
import { basename } from 'node:path';
import type { Advisory, AffectedEntry, DistroStatus, FeedItem, FeedReader } from '../../model.js';
import { debianNamespace } from '../../normalize.js';
import { oneLine, readFeedFile, readHead, skipped } from '../files.js';

// '[29 Mar 2023] DSA-5380-1 xorg-server - security update'; old entries vary: 'DSA-1599-1 dbus',
// 'DSA-1963-1 squid squid3 - …', 'DSA-1099-1 - horde2 - …', 'DSA-4205-1 jessie end-of-life'.
const HEADER = /^\[(\d{1,2}) (\w{3}) (\d{4})\] ((?:DSA|DLA|DTSA)-\d+(?:-\d+)?)(?:\s+(.*))?$/;
const RELEASE = /^\[([a-z-]+)\]\s+-\s+(\S+)\s+(.+?)\s*$/;
const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

/** `<not-affected>` style markers; `<no-dsa>` and `<ignored>` are Debian deciding not to fix. */
const MARKERS: Record<string, DistroStatus> = {
  'not-affected': 'not-affected', 'end-of-life': 'end-of-life', unfixed: 'unfixed',
  'no-dsa': 'will-not-fix', ignored: 'will-not-fix', postponed: 'unfixed', undetermined: 'unfixed',
};

function releaseEntry(line: string): AffectedEntry | { error: string } {
  const m = RELEASE.exec(line);
  if (!m) return { error: `unparsable release line ${JSON.stringify(line.slice(0, 80))}` };
  const [, codename, pkg, rest] = m as unknown as [string, string, string, string];
  const entry: AffectedEntry = { ecosystem: debianNamespace(codename), package: pkg };
  const marker = /^<([a-z-]+)>/.exec(rest);
  if (marker) {
    const status = MARKERS[marker[1]!];
    if (!status) return { error: `unknown marker <${marker[1]}>` };
    entry.status = status;
  } else {
    entry.status = 'fixed';
    entry.fixedVersion = rest.split(/\s+/)[0]!;
  }
  return entry;
}

function convertBlock(file: string, lines: string[]): FeedItem {
  const h = HEADER.exec(lines[0]!)!;
  const [, day, mon, year, id, rest] = h as unknown as string[];
  const adv: Advisory = {
    id: id!, aliases: [], source: id!.startsWith('DLA') ? 'debian-dla' : 'debian-dsa',
    references: [`https://security-tracker.debian.org/tracker/${id}`],
    cwes: [], severities: [], affected: [],
  };
  const summary = (rest ?? '').replace(/\s+/g, ' ').trim();
  if (summary) adv.summary = summary;
  const month = MONTHS[mon!];
  if (month) adv.published = `${year}-${month}-${day!.padStart(2, '0')}`;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (!line || line.startsWith('NOTE:')) continue;
    if (line.startsWith('{')) {
      if (!line.endsWith('}')) return skipped(file, `unterminated CVE list ${JSON.stringify(line.slice(0, 60))}`, id);
      adv.aliases.push(...line.slice(1, -1).split(/\s+/).filter(Boolean));
      continue;
    }
    const e = releaseEntry(line);
    if ('error' in e) return skipped(file, e.error, id);
    adv.affected.push(e);
  }
  return { kind: 'advisory', advisory: adv };
}

export const debianListReader: FeedReader = {
  format: 'debian-list',
  async detect(path) {
    return /^(DSA|DLA|DTSA)-list$|^list$/.test(basename(path)) && HEADER.test(readHead(path, 512).split('\n')[0] ?? '');
  },
  async *read(path) {
    let text: string;
    try { text = readFeedFile(path).toString('utf8'); } catch (e) { yield skipped(path, oneLine(e)); return; }
    let block: string[] | undefined;
    let lineNo = 0;
    for (const line of text.split('\n')) {
      lineNo++;
      if (line.startsWith('[')) {
        if (block) yield convertBlock(path, block);
        block = undefined;
        if (HEADER.test(line)) block = [line];
        else yield skipped(path, `unparsable advisory header ${JSON.stringify(line.slice(0, 80))}`, `line ${lineNo}`);
      } else if (block) block.push(line);
      else if (line.trim()) yield skipped(path, 'text outside an advisory', `line ${lineNo}`);
    }
    if (block) yield convertBlock(path, block);
  },
};
