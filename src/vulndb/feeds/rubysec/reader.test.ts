import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisoriesOf, readAll } from '../files.js';
import { rubysecReader } from './reader.js';

const G = '/work/shared/vulndata/rubysec';

test('gem advisory: CVE/GHSA ids with prefixes, requirement lists kept when not exactly a range', async () => {
  const f = `${G}/gems/actionpack/CVE-2008-7248.yml`;
  assert.equal(await rubysecReader.detect(f), true);
  const [a] = advisoriesOf(await readAll(rubysecReader, f));
  assert.equal(a!.id, 'CVE-2008-7248');
  assert.deepEqual(a!.aliases, ['GHSA-8fqx-7pv4-3jwm']);
  assert.equal(a!.published, '2017-10-24');
  assert.deepEqual(a!.affected, [{ ecosystem: 'RubyGems', package: 'actionpack', requirements: { scheme: 'gem', patched: ['~> 2.1.3', '>= 2.2.2'], unaffected: ['< 2.1.0'] } }]);
  assert.deepEqual(a!.severities, [{ source: 'rubysec', type: 'CVSS_V2', score: 6.8, level: 'MEDIUM' }]);
});

test('rubies/: interpreter advisories under ruby-engine; a single ">= X" becomes a range', async () => {
  const { readdirSync } = await import('node:fs');
  const f = `${G}/rubies/ruby/${readdirSync(`${G}/rubies/ruby`).sort()[0]}`;
  const [a] = advisoriesOf(await readAll(rubysecReader, f));
  assert.equal(a!.affected[0]!.ecosystem, 'ruby-engine');
  assert.equal(a!.affected[0]!.package, 'ruby');
  assert.deepEqual(a!.affected[0]!.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.8.2-r2' }] }]);
});
