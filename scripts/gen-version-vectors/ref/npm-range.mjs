// Reference: node-semver satisfies() (default options). stdin "version\trange" -> "version\trange\ttrue|false|!"
// where ! means node-semver rejects the version (SemVer throws) or the range (Range throws).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const semver = createRequire(import.meta.url)('semver');
const out = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (!line.includes('\t')) continue;
  const [v, r] = line.split('\t');
  let s;
  try {
    const range = new semver.Range(r);
    const version = new semver.SemVer(v);
    s = String(range.test(version));
    if (s !== String(semver.satisfies(v, r))) throw new Error(`satisfies disagrees on ${v} ${r}`);
  } catch (e) {
    if (e instanceof TypeError) s = '!'; else throw e;
  }
  out.push(`${v}\t${r}\t${s}`);
}
process.stdout.write(out.join('\n') + '\n');
