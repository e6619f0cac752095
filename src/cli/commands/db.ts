// `hullscan db build` and `hullscan db status`: thin wrappers over src/vulndb.
import type { Command } from 'commander';
import { HullscanError } from '../../errors.js';
import { buildDb, openDb, resolveDbPath, type DbStatus } from '../../vulndb/index.js';
import { registerDbUpdateCommands } from './db-update.js';
import type { RegisterCommand } from './index.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function formatStatus(st: DbStatus, maxAgeDays: number): string {
  const lines = [
    `path:           ${st.path}`,
    `schema:         ${st.schemaVersion}`,
    `built:          ${st.builtAt ?? 'unknown'}${st.ageDays !== undefined ? ` (${st.ageDays} day${st.ageDays === 1 ? '' : 's'} ago)` : ''}`,
    `content hash:   ${st.contentHash ?? 'unknown'}`,
    `advisories:     ${st.advisories} (${st.affected} affected entries), KEV ${st.kev}, EPSS ${st.epss}`,
    'sources:',
  ];
  const width = Math.max(6, ...st.sources.map((s) => s.name.length));
  for (const s of st.sources) {
    const reasons = Object.entries(s.skipReasons).map(([r, n]) => `${n}× ${r}`).join('; ');
    lines.push(`  ${s.name.padEnd(width)}  ${(s.date ?? 'no date').slice(0, 10).padEnd(10)}  ${String(s.records).padStart(7)} records  ${String(s.advisories).padStart(7)} advisories${s.skipped ? `  ${s.skipped} skipped (${reasons})` : ''}`);
  }
  if (st.ageDays !== undefined && st.ageDays > maxAgeDays) {
    lines.push(`warning: the database is ${st.ageDays} days old (more than ${maxAgeDays}); run \`hullscan db update\``);
  }
  return lines.join('\n');
}

export const registerDbCommand: RegisterCommand = (program: Command, setExit) => {
  const db = program.command('db').description('build, inspect and update the vulnerability database');

  db.command('build')
    .description('build a database from feed files in their native formats (OSV, Debian tracker, Alpine secdb, NVD, KEV, EPSS, ...)')
    .requiredOption('--from <path>', 'feed file or directory (repeatable)', collect, [] as string[])
    .option('-o, --output <file>', 'database file to write (default: --db / HULLSCAN_DB / the cache path)')
    .option('--db <path>', 'database path')
    .option('-q, --quiet', 'no per-record warnings')
    .action(async (opts: { from: string[]; output?: string; db?: string; quiet?: boolean }) => {
      const out = opts.output ?? resolveDbPath(opts.db);
      let warnings = 0;
      const report = await buildDb({
        from: opts.from, out,
        onWarning: (w) => { warnings++; if (!opts.quiet) process.stderr.write(`hullscan: warning: ${w}\n`); },
      });
      process.stdout.write(`built ${report.out}: ${report.advisories} advisories, ${report.affected} affected entries, KEV ${report.kev}, EPSS ${report.epss}\n`);
      process.stdout.write(`  ${report.files} files read, ${report.ignoredFiles.length} not a known feed format, ${warnings} records skipped\n`);
      for (const s of report.sources) {
        process.stdout.write(`  ${s.name}: ${s.records} records${s.skipped ? `, ${s.skipped} skipped` : ''}\n`);
      }
      process.stdout.write(`  content ${report.contentHash}\n`);
      setExit(0);
    });

  registerDbUpdateCommands(db, setExit);

  db.command('status')
    .description('show the database path, schema, build time, sources and age')
    .option('--db <path>', 'database path')
    .option('--max-age <days>', 'warn when the database is older than this many days', '7')
    .option('--json', 'machine-readable output')
    .action((opts: { db?: string; maxAge: string; json?: boolean }) => {
      const maxAge = Number(opts.maxAge);
      if (!Number.isFinite(maxAge) || maxAge < 0) throw new HullscanError('USAGE', `--max-age must be a number of days, got ${JSON.stringify(opts.maxAge)}`);
      const handle = openDb(resolveDbPath(opts.db));
      try {
        const st = handle.status();
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...st, stale: (st.ageDays ?? 0) > maxAge }, null, 2)}\n`);
        else process.stdout.write(`${formatStatus(st, maxAge)}\n`);
      } finally { handle.close(); }
    });

  // --offline on every db command: update refuses it, the others never use the network anyway.
  for (const c of db.commands) if (!c.options.some((o) => o.long === '--offline')) c.option('--offline', 'no network access (this command needs none)');
};
