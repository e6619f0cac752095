#!/usr/bin/env node
// `npm run demo`: builds a vulnerability DB from the feeds bundled in examples/feeds and scans the
// bundled example image with it. No network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/src/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'hullscan-demo-'));
const db = join(tmp, 'demo.db');
const image = join(root, 'examples/debian12-pkgdb-2025.docker.tar');

function hullscan(...args) {
  console.log(`\n$ hullscan ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0) { rmSync(tmp, { recursive: true, force: true }); process.exit(r.status ?? 2); }
}

try {
  hullscan('db', 'build', '--from', join(root, 'examples/feeds'), '-o', db, '--quiet');
  hullscan('inspect', image, '--no-cache');
  hullscan('image', image, '--db', db, '--no-cache', '--summary');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
