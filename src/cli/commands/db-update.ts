// `hullscan db update | publish | export-bundle | import-bundle`: delivery of the prebuilt DB (src/vulndb/update).
import type { Command } from 'commander';
import { HullscanError } from '../../errors.js';
import { exportBundle, importBundle } from '../../vulndb/bundle.js';
import { resolveDbPath } from '../../vulndb/paths.js';
import type { Progress } from '../../vulndb/update/download.js';
import { pushDbArtifact } from '../../vulndb/update/oci-push.js';
import { publishDb } from '../../vulndb/update/publish.js';
import { refuseOffline, updateDb } from '../../vulndb/update/update.js';
import { defaultFeedUrls, parseFeedUrls, updateFromUpstream } from '../../vulndb/update/upstream.js';
import type { RegisterCommand } from './index.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function mib(n: number): string { return `${(n / 1048576).toFixed(1)} MiB`; }

/** A one-line progress display on a TTY (stderr); nothing otherwise. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0, shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now; shown = true;
      const pct = p.total ? Math.floor((p.done / p.total) * 100) : 0;
      stream.write(`\r\x1b[K${p.phase} ${p.name}: ${mib(p.done)} of ${mib(p.total)} (${pct}%)`);
    },
    done() { if (shown) stream.write('\r\x1b[K'); },
  };
}

function compressionOf(v: string): 'br' | 'gzip' {
  if (v !== 'br' && v !== 'gzip') throw new HullscanError('USAGE', `--compression must be br or gzip, got ${JSON.stringify(v)}`);
  return v;
}

export const registerDbUpdateCommands = (db: Command, setExit: Parameters<RegisterCommand>[1]): void => {
  db.command('update')
    .description('download the prebuilt database from mirror URLs (HULLSCAN_DB_URL) or an OCI artifact, verify it and swap it in atomically')
    .option('--db <path>', 'database path')
    .option('--db-url <url>', 'mirror: a folder URL holding hullscan-<major>.json, or that file\'s URL (repeatable, tried in order)', collect, [] as string[])
    .option('--db-repository <ref>', 'OCI artifact host/repository:tag holding the database')
    .option('--insecure-registry <host>', 'registry host[:port] to reach over plain HTTP (repeatable)', collect, [] as string[])
    .option('--public-key <pem>', 'ed25519 public key: refuse metadata not signed by it (default: HULLSCAN_DB_PUBLIC_KEY)')
    .option('--no-delta', 'always download the full database')
    .option('--from-upstream', 'build locally from the upstream feeds (osv.dev dumps, Debian tracker, Alpine secdb, KEV, EPSS, NVD) instead')
    .option('--feed-url <name=url>', 'with --from-upstream: set or add one feed URL (repeatable)', collect, [] as string[])
    .option('--no-default-feeds', 'with --from-upstream: only the --feed-url feeds')
    .option('--offline', 'no network access: refuse')
    .action(async (opts: { db?: string; dbUrl: string[]; dbRepository?: string; insecureRegistry: string[]; publicKey?: string; delta: boolean; offline?: boolean; fromUpstream?: boolean; feedUrl: string[]; defaultFeeds: boolean }) => {
      if (opts.offline) refuseOffline('db update');
      const dbPath = resolveDbPath(opts.db);
      const progress = progressLine();
      if (opts.fromUpstream) {
        const feeds = { ...(opts.defaultFeeds ? defaultFeedUrls() : {}), ...parseFeedUrls(opts.feedUrl) };
        try {
          let warnings = 0;
          const r = await updateFromUpstream({ dbPath, feeds, onProgress: (p) => progress.update(p), onWarning: () => { warnings++; } });
          progress.done();
          process.stdout.write(`${dbPath}: built from ${Object.keys(feeds).length} upstream feeds: ${r.advisories} advisories, ${r.affected} affected entries, KEV ${r.kev}, EPSS ${r.epss}, ${warnings} records skipped, content ${r.contentHash}\n`);
        } finally { progress.done(); }
        setExit(0);
        return;
      }
      try {
        const r = await updateDb({
          dbPath, urls: opts.dbUrl, repository: opts.dbRepository,
          registry: { insecure: opts.insecureRegistry },
          publicKey: opts.publicKey ?? (process.env.HULLSCAN_DB_PUBLIC_KEY || undefined),
          noDelta: !opts.delta,
          onProgress: (p) => progress.update(p),
          onWarning: (w) => { progress.done(); process.stderr.write(`hullscan: warning: ${w}\n`); },
        });
        progress.done();
        const what = r.action === 'current' ? 'already current' : r.action === 'delta' ? 'updated by delta' : 'updated (full download)';
        process.stdout.write(`${dbPath}: ${what} from ${r.source}: schema ${r.schemaVersion}, built ${r.builtAt}, content ${r.contentHash}\n`);
      } finally { progress.done(); }
      setExit(0);
    });

  db.command('publish')
    .description('write the published layout for a database: compressed file, deltas from earlier databases, metadata (signed with --sign-key)')
    .requiredOption('--db <file>', 'database to publish')
    .requiredOption('--out <dir>', 'folder to write (serve it from any static web server, or push it with --db-repository)')
    .option('--sign-key <pem>', 'ed25519 private key to sign the metadata')
    .option('--previous <file>', 'an earlier database to publish a delta from (repeatable)', collect, [] as string[])
    .option('--compression <br|gzip>', 'compression of the published files', 'br')
    .option('--push <ref>', 'also push the layout as an OCI artifact to host/repository:tag (anonymous or HULLSCAN_REGISTRY_USER/PASSWORD basic auth)')
    .option('--insecure-registry', 'with --push: plain HTTP')
    .action(async (opts: { db: string; out: string; signKey?: string; previous: string[]; compression: string; push?: string; insecureRegistry?: boolean }) => {
      const m = await publishDb({ db: opts.db, outDir: opts.out, signKey: opts.signKey, previous: opts.previous, compression: compressionOf(opts.compression) });
      process.stdout.write(`published ${opts.out}: ${m.file.name} (${m.file.size} bytes of ${m.db.size}), ${m.deltas.length} delta(s), ${m.signature ? 'signed' : 'unsigned'}, content ${m.contentHash}\n`);
      if (opts.push) {
        const digest = await pushDbArtifact(opts.out, opts.push, { insecure: opts.insecureRegistry, username: process.env.HULLSCAN_REGISTRY_USER, password: process.env.HULLSCAN_REGISTRY_PASSWORD });
        process.stdout.write(`pushed ${opts.push}@${digest}\n`);
      }
      setExit(0);
    });

  db.command('export-bundle')
    .description('write one file holding the database and its metadata (and signature), for air-gapped sites')
    .requiredOption('-o, --output <file>', 'bundle file to write')
    .option('--db <path>', 'database path')
    .option('--sign-key <pem>', 'sign fresh metadata with this ed25519 private key (default: keep the signed metadata of the last update)')
    .option('--compression <br|gzip>', 'compression of the database inside the bundle', 'br')
    .option('--offline', 'no network access (this command never needs any)')
    .action(async (opts: { output: string; db?: string; signKey?: string; compression: string }) => {
      const m = await exportBundle({ dbPath: resolveDbPath(opts.db), out: opts.output, signKey: opts.signKey, compression: compressionOf(opts.compression) });
      process.stdout.write(`exported ${opts.output}: schema ${m.schemaVersion}, built ${m.builtAt}, ${m.signature ? 'signed' : 'unsigned'}, content ${m.contentHash}\n`);
      setExit(0);
    });

  db.command('import-bundle')
    .description('verify a bundle made by export-bundle and swap its database in atomically')
    .argument('<file>', 'bundle file')
    .option('--db <path>', 'database path')
    .option('--public-key <pem>', 'ed25519 public key: refuse a bundle not signed by it (default: HULLSCAN_DB_PUBLIC_KEY)')
    .option('--offline', 'no network access (this command never needs any)')
    .action(async (file: string, opts: { db?: string; publicKey?: string }) => {
      const dbPath = resolveDbPath(opts.db);
      const m = await importBundle({ bundle: file, dbPath, publicKey: opts.publicKey ?? (process.env.HULLSCAN_DB_PUBLIC_KEY || undefined) });
      process.stdout.write(`${dbPath}: imported from ${file}: schema ${m.schemaVersion}, built ${m.builtAt}, content ${m.contentHash}\n`);
      setExit(0);
    });
};
