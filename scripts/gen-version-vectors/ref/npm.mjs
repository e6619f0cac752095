// Reference: node-semver (the `semver` package), strict mode. stdin "a\tb" -> stdout "a\tb\tsign".
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const semver = createRequire(import.meta.url)('semver');
const out = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (!line.includes('\t')) continue;
  const [a, b] = line.split('\t');
  let s;
  try { s = semver.compare(new semver.SemVer(a), new semver.SemVer(b)); } catch { s = '!'; }
  out.push(`${a}\t${b}\t${s}`);
}
process.stdout.write(out.join('\n') + '\n');
