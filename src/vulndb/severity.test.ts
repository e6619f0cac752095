import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cvss2BaseScore, cvss3BaseScore, cvssRating, levelFromScore, vendorRating } from './severity.js';

test('CVSS v3.x base scores match the published NVD scores of real vectors', () => {
  // (vector, NVD base score) pairs from the NVD records in ../shared/vulndata/nvd and well-known CVEs.
  const cases: [string, number][] = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],   // CVE-2023-39325
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],   // CVE-2023-4911
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],  // CVE-2021-44228 (Log4Shell)
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', 6.5],   // NSWG-ECO-1
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],   // typical reflected XSS
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.9],   // CVE-2024-24786
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ];
  for (const [v, score] of cases) assert.equal(cvss3BaseScore(v), score, v);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L'), undefined, 'incomplete vector');
});

test('CVSS v2 base scores', () => {
  assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5);
  assert.equal(cvss2BaseScore('AV:N/AC:M/Au:N/C:P/I:P/A:P'), 6.8);
  assert.equal(cvss2BaseScore('(AV:N/AC:L/Au:N/C:C/I:C/A:C)'), 10.0);
  assert.equal(cvss2BaseScore('AV:X'), undefined);
});

test('levels from scores and vendor words; the given score wins over the computed one', () => {
  assert.equal(levelFromScore('CVSS_V3', 9.0), 'CRITICAL');
  assert.equal(levelFromScore('CVSS_V3', 0), 'NEGLIGIBLE');
  assert.equal(levelFromScore('CVSS_V2', 9.3), 'HIGH', 'v2 has no critical');
  assert.deepEqual(cvssRating('nvd', 'CVSS_V3', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.4), { source: 'nvd', type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.4, level: 'HIGH' });
  assert.deepEqual(cvssRating('x', 'CVSS_V4', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), { source: 'x', type: 'CVSS_V4', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }, 'v4 scores are copied, never guessed');
  assert.deepEqual(vendorRating('debian', 'high**'), { source: 'debian', type: 'vendor', raw: 'high**', level: 'HIGH' });
  assert.equal(vendorRating('redhat', 'Important').level, 'HIGH');
  assert.equal(vendorRating('debian', 'unimportant').level, 'NEGLIGIBLE');
  assert.equal(vendorRating('debian', 'not yet assigned').level, 'UNKNOWN');
  assert.equal(vendorRating('x', 'weird').level, 'UNKNOWN');
});
