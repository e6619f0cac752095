// One language-analyzer measurement in its own process (peak RSS is its own).
// Usage: node --import tsx bench/language-child.ts base|language IMAGE
// base = the os and dpkg analyzers; language = those plus every language analyzer (npm, python, binary,
// ruby, php, dotnet, golang, java, rust).
import { analyzeImage } from '../src/analyze/run.js';
import { osAnalyzer } from '../src/analyze/os/os.js';
import { dpkgAnalyzer } from '../src/analyze/dpkg/dpkg.js';
import { npmAnalyzer } from '../src/analyze/npm/index.js';
import { pythonAnalyzer } from '../src/analyze/python/index.js';
import { binaryAnalyzer } from '../src/analyze/binary/index.js';
import { rubyAnalyzer } from '../src/analyze/ruby/index.js';
import { phpAnalyzer } from '../src/analyze/php/index.js';
import { dotnetAnalyzer } from '../src/analyze/dotnet/index.js';
import { golangAnalyzer } from '../src/analyze/golang/index.js';
import { javaAnalyzer } from '../src/analyze/java/index.js';
import { rustAnalyzer } from '../src/analyze/rust/index.js';
import { countUnaccountedExecutables, dropOsOwned } from '../src/inventory/owned-files.js';
import { OS_PACKAGE_TYPES } from '../src/inventory/model.js';
import { openImage } from '../src/source/index.js';

const [mode, image] = process.argv.slice(2);
const analyzers = [osAnalyzer, dpkgAnalyzer, ...(mode === 'language' ? [npmAnalyzer, pythonAnalyzer, binaryAnalyzer, rubyAnalyzer, phpAnalyzer, dotnetAnalyzer, golangAnalyzer, javaAnalyzer, rustAnalyzer] : [])];
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const [img] = await openImage(image!);
const r = await analyzeImage(img!, analyzers);
await img!.close();
const packages = r.facts.flatMap((f) => f.facts.packages ?? []);
const executables = r.facts.flatMap((f) => f.facts.executables ?? []);
const kept = dropOsOwned(packages);
const lang = (ps: typeof packages) => ps.filter((p) => !OS_PACKAGE_TYPES.includes(p.type)).length;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({
  seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024,
  osPackages: packages.length - lang(packages), languageFound: lang(packages), languageReported: lang(kept),
  executables: executables.length, unaccounted: countUnaccountedExecutables(executables, packages),
}) + '\n');
