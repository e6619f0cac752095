// `npm run bench`: run every section listed below, one after another, and print their figures.
// Add a section by exporting BenchSection[] from a bench/*.ts file and listing it here.
// Run only some: npm run bench -- <substring of section name> ...
import { dbUpdateSections } from './dbupdate.js';
import { imageWalkSections } from './image-walk.js';
import { languageAnalyzerSections } from './language-analyzers.js';
import { versionSections } from './version.js';
import { matchSections } from './match.js';
import { registryCacheSections } from './registry-cache.js';
import { secretSections } from './secret.js';
import type { BenchSection } from './section.js';
import { vulndbSections } from './vulndb.js';

const SECTIONS: BenchSection[] = [
  ...imageWalkSections,
  ...languageAnalyzerSections,
  ...vulndbSections,
  ...dbUpdateSections,
  ...versionSections,
  ...matchSections,
  ...registryCacheSections,
  ...secretSections,
];

const filters = process.argv.slice(2);
let failed = 0;
for (const s of SECTIONS) {
  if (filters.length && !filters.some((f) => s.name.includes(f))) continue;
  console.log(`\n## ${s.name}`);
  const t0 = Date.now();
  try {
    const figures = await s.run();
    for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
  } catch (e) {
    failed++;
    console.log(`  FAILED: ${(e as Error).message}`);
  }
  console.log(`  (section took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
process.exitCode = failed ? 1 : 0;
