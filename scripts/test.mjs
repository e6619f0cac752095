#!/usr/bin/env node
// Runs the test suite with node's built-in runner over the TypeScript sources (tsx loader).
// `npm test` typechecks, then runs every *.test.ts; `npm test -- src/version` runs a subset (no typecheck).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const roots = args.length ? args : ['src', 'test'];

function collect(p, out) {
  let st;
  try { st = statSync(p); } catch { return; }
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) if (name !== 'node_modules') collect(join(p, name), out);
  } else if (p.endsWith('.test.ts')) out.push(relative(root, p));
}

const files = [];
for (const r of roots) collect(join(root, r), files);
if (!files.length) { console.error(`no test files under ${roots.join(', ')}`); process.exit(2); }

if (!args.length) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
