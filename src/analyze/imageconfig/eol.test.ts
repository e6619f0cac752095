import { test } from 'node:test';
import assert from 'node:assert/strict';
import table from './eol.json' with { type: 'json' };
import { eolRelease, isPastEol } from './eol.js';

test('the end-of-life table is well formed: real dates, one entry per version, LTS after regular security support', () => {
  for (const [family, f] of Object.entries(table.families)) {
    assert.ok(f.decides && f.sources.length > 0, `${family}: says which date decides and where it comes from`);
    const versions = f.releases.map((r) => r.version);
    assert.equal(new Set(versions).size, versions.length, `${family}: versions unique`);
    for (const r of f.releases as { version: string; eol: string; security?: string }[]) {
      for (const d of [r.eol, r.security].filter((x): x is string => !!x)) {
        assert.match(d, /^\d{4}-\d{2}-\d{2}$/, `${family} ${r.version}`);
        assert.equal(new Date(d + 'T00:00:00Z').toISOString().slice(0, 10), d, `${family} ${r.version}: ${d} is a calendar date`);
      }
      if (r.security) assert.ok(r.security < r.eol, `${family} ${r.version}: security support ends before LTS`);
    }
  }
});

test('Debian: EOL is the end of LTS (10 ended 2024-06-30, 11 ends 2026-08-31); the EOL day itself is still supported', () => {
  const buster = eolRelease({ family: 'debian', name: 'Debian GNU/Linux 10', version: '10' })!;
  assert.equal(buster.eol, '2024-06-30');
  assert.equal(buster.codename, 'buster');
  const bullseye = eolRelease({ family: 'debian', name: 'Debian', version: '11' })!;
  assert.equal(bullseye.eol, '2026-08-31');
  assert.ok(!isPastEol(bullseye, new Date('2026-08-31T23:00:00Z')));
  assert.ok(isPastEol(bullseye, new Date('2026-09-01T00:00:00Z')));
  assert.equal(eolRelease({ family: 'debian', name: 'Debian', codename: 'bookworm' })?.version, '12', 'by codename when there is no version');
});

test('versions match at the precision the family releases at', () => {
  assert.equal(eolRelease({ family: 'alpine', name: 'Alpine', version: '3.19.1' })?.version, '3.19');
  assert.equal(eolRelease({ family: 'ubuntu', name: 'Ubuntu', version: '22.04' })?.eol, '2027-05-31');
  assert.equal(eolRelease({ family: 'rhel', name: 'RHEL', version: '8.10' })?.version, '8');
  assert.equal(eolRelease({ family: 'amzn', name: 'Amazon Linux', version: '2018.03' })?.eol, '2023-12-31');
  assert.equal(eolRelease({ family: 'alpine', name: 'Alpine', version: '3.1' }), undefined, '3.1 is not 3.10');
  assert.equal(eolRelease({ family: 'unknown', name: 'x', version: '1' }), undefined);
});
