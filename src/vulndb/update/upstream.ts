// `db update --from-upstream`: download the upstream feeds in their native formats (osv.dev all.zip dumps, the
// Debian security tracker JSON, Alpine secdb, CISA KEV, EPSS, NVD) and build the DB locally with `buildDb`.
// Every feed must download: a DB silently missing a feed would hide vulnerabilities, so one failure fails the
// update and leaves the previous DB as it was.
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { HullscanError } from '../../errors.js';
import { buildDb, type BuildReport } from '../build.js';
import { MAX_FEED_FILE_BYTES } from '../feeds/files.js';
import type { ProgressFn } from './download.js';
import { swapIn, tempBeside } from './install.js';
import { withUpdateLock } from './lock.js';

const OSV_ECOSYSTEMS = ['npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'RubyGems', 'NuGet', 'Packagist', 'Hex', 'Pub', 'Debian', 'Ubuntu', 'Alpine', 'Rocky Linux', 'AlmaLinux', 'Wolfi', 'Chainguard'];
const ALPINE_RELEASES = ['v3.18', 'v3.19', 'v3.20', 'v3.21', 'v3.22', 'edge'];

/** The real upstream feed URLs, by feed name. */
export function defaultFeedUrls(now = new Date()): Record<string, string> {
  const feeds: Record<string, string> = {};
  for (const eco of OSV_ECOSYSTEMS) feeds[`osv-${eco.replace(/\s+/g, '-').toLowerCase()}`] = `https://osv-vulnerabilities.storage.googleapis.com/${encodeURIComponent(eco)}/all.zip`;
  feeds['debian-tracker'] = 'https://security-tracker.debian.org/tracker/data/json';
  for (const rel of ALPINE_RELEASES) for (const repo of ['main', 'community']) feeds[`alpine-${rel}-${repo}`] = `https://secdb.alpinelinux.org/${rel}/${repo}.json`;
  feeds.kev = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
  feeds.epss = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';
  for (let y = 2002; y <= now.getUTCFullYear(); y++) feeds[`nvd-${y}`] = `https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-${y}.json.gz`;
  return feeds;
}

/** Parses `name=URL` flags; names are file-name safe. */
export function parseFeedUrls(flags: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const i = f.indexOf('=');
    const name = f.slice(0, i), url = f.slice(i + 1);
    if (i <= 0 || !/^[A-Za-z0-9._-]+$/.test(name) || !/^https?:\/\//.test(url)) throw new HullscanError('USAGE', `--feed-url wants name=http(s)://..., got ${JSON.stringify(f)}`, { subject: '--feed-url' });
    out[name] = url;
  }
  return out;
}

export interface UpstreamOptions {
  dbPath: string;
  /** Feeds by name; see defaultFeedUrls. */
  feeds: Record<string, string>;
  offline?: boolean;
  onProgress?: ProgressFn;
  onWarning?: (message: string) => void;
  now?: Date;
}

let agent: Dispatcher | undefined;
function dispatcher(): Dispatcher {
  agent ??= new Agent({ headersTimeout: 60_000, bodyTimeout: 60_000, connect: { timeout: 15_000 } }).compose(interceptors.redirect({ maxRedirections: 5 }));
  return agent;
}

/** The file name a feed is saved under: the URL's last segment, `.json.gz` stored unpacked (readers want `.json`). */
function localName(name: string, url: string): { file: string; gunzip: boolean } {
  let base = decodeURIComponent(new URL(url).pathname.split('/').pop() || name).replace(/[^A-Za-z0-9._-]/g, '_');
  if (base === 'json' || !/\.[a-z0-9]+$/i.test(base)) base = `${name}.json`; // the Debian tracker's `.../data/json`
  if (/\.json\.gz$/i.test(base)) return { file: base.slice(0, -3), gunzip: true };
  return { file: base, gunzip: false };
}

async function downloadFeed(name: string, url: string, dir: string, onProgress?: ProgressFn): Promise<string> {
  const { file, gunzip } = localName(name, url);
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const dest = join(folder, file);
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await request(url, { dispatcher: dispatcher(), headers: { 'accept-encoding': 'identity', 'user-agent': 'hullscan' } });
      if (res.statusCode !== 200) {
        await res.body.dump();
        const err = new HullscanError('NETWORK', `feed ${name}: HTTP ${res.statusCode}`, { subject: url });
        if (res.statusCode < 500 && res.statusCode !== 429) throw err; // not worth retrying
        lastError = err; continue;
      }
      const total = Number(res.headers['content-length'] ?? 0);
      let done = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _e, cb) {
          done += chunk.length;
          if (done > MAX_FEED_FILE_BYTES) { cb(new HullscanError('LIMIT', `feed ${name} larger than ${MAX_FEED_FILE_BYTES} bytes`, { subject: url })); return; }
          onProgress?.({ phase: 'download', name, done, total });
          cb(null, chunk);
        },
      });
      let out = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _e, cb) {
          out += chunk.length;
          if (out > MAX_FEED_FILE_BYTES) { cb(new HullscanError('LIMIT', `feed ${name} inflates past ${MAX_FEED_FILE_BYTES} bytes`, { subject: url })); return; }
          cb(null, chunk);
        },
      });
      if (gunzip) await pipeline(res.body, meter, createGunzip(), cap, createWriteStream(dest));
      else await pipeline(res.body, meter, createWriteStream(dest));
      return dest;
    } catch (e) {
      if (e instanceof HullscanError && e.code !== 'NETWORK') throw e;
      if (e instanceof HullscanError && /HTTP 4/.test(e.message)) throw e;
      lastError = e;
    }
  }
  const msg = lastError instanceof Error ? lastError.message : String(lastError);
  throw lastError instanceof HullscanError ? lastError : new HullscanError('NETWORK', `feed ${name}: download failed (${msg})`, { subject: url });
}

/** Downloads every feed, builds the DB beside the target and swaps it in. */
export async function updateFromUpstream(opts: UpstreamOptions): Promise<BuildReport> {
  if (opts.offline) throw new HullscanError('USAGE', 'db update --from-upstream needs the network and --offline forbids it');
  const names = Object.keys(opts.feeds);
  if (!names.length) throw new HullscanError('USAGE', 'no upstream feeds to download');
  mkdirSync(dirname(opts.dbPath), { recursive: true });
  return withUpdateLock(opts.dbPath, () => buildFromUpstream(names, opts));
}

async function buildFromUpstream(names: string[], opts: UpstreamOptions): Promise<BuildReport> {
  const work = mkdtempSync(join(tmpdir(), 'hullscan-upstream-'));
  const tmp = tempBeside(opts.dbPath, 'upstream');
  try {
    const saved = new Map<string, string>();
    for (const name of names) saved.set(name, await downloadFeed(name, opts.feeds[name]!, work, opts.onProgress));
    opts.onProgress?.({ phase: 'apply', name: 'build', done: 0, total: 1 });
    const report = await buildDb({ from: [work], out: tmp, now: opts.now, onWarning: opts.onWarning });
    const unrecognised = names.filter((n) => report.ignoredFiles.includes(saved.get(n)!));
    if (unrecognised.length) throw new HullscanError('INPUT', `no feed reader recognised the download of ${unrecognised.join(', ')}; the local database is unchanged`);
    swapIn(tmp, opts.dbPath, report.contentHash, 'upstream build');
    return { ...report, out: opts.dbPath };
  } finally {
    rmSync(tmp, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
