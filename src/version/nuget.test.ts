// NuGet has no reference implementation on this machine (no .NET), so these vectors are transcribed
// from NuGet.Client's own tests (test/NuGet.Core.Tests/NuGet.Versioning.Test: VersionComparerTests.cs,
// SemVer201SpecTests.cs, VersionParsingTests.cs), plus NuGetVersion's documented 4-part rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, isValidVersion } from './index.js';

const EQUAL: [string, string][] = [
  ['1.0.0', '1.0.0'], ['1.0.0-BETA', '1.0.0-beta'], ['1.0.0-BETA+AA', '1.0.0-beta+aa'],
  ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.77.0+aa'], ['1.2.3-a', '1.2.3-A'], ['1.2.3-A-b2-C', '1.2.3-a-B2-c'],
  // VersionParsingTests.VersionLength: all normalise to 2.0.0
  ['2', '2.0.0'], ['2.0', '2.0.0'], ['2.0.0.0', '2.0.0'], ['1.0.0+AA', '1.0.0'],
];

const LESS: [string, string][] = [
  ['0.0.0', '1.0.0'], ['1.0.0', '1.1.0'], ['1.0.0', '1.0.1'], ['1.999.9999', '2.1.1'], ['1.0.0-BETA', '1.0.0-beta2'],
  ['1.0.0-beta+AA', '1.0.0+aa'], ['1.0.0-BETA', '1.0.0-beta.1+AA'], ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.79.0+aa'],
  ['1.0.0-BETA.X.y.5.79.0+AA', '1.0.0-beta.x.y.5.790.0+abc'], ['1.2.3', '1.2.4'], ['1.2.3', '2.0.0'], ['9.9.9', '10.1.1'],
  ['1.2.3-alpha', '1.2.3'], ['1.2.3-2', '1.2.3-3'], ['1.2.3-1.9', '1.2.3-1.50'], ['1.2.3-2A', '1.2.3-3A'], ['1.2.3-1.50A', '1.2.3-1.9A'],
  ['1.2.3-999999', '1.2.3-Z'], ['1.2.3-A.999999', '1.2.3-A.56-2'], ['1.2.3-a', '1.2.3-a.2'], ['1.2.3-a.2.3.4', '1.2.3-a.2.3.4.5'],
  // the 4th (revision) part of NuGetVersion
  ['1.0.0', '1.0.0.1'], ['1.0.0.1', '1.0.1'], ['1.0.0.9', '1.0.0.10'], ['1.0.0.1-beta', '1.0.0.1'], ['1.0.0.1', '1.0.0.2-alpha'],
];

const VALID = [
  '1', '1.2', '1.2.3', '1.2.3.4', '10.2.3', '13234.223.32222', '0.1.2', '0.0.0', '01.2.3', '1.02.3', '0.1.2-Alpha',
  '0.1.2-Alpha.2.34.5.453.345.345.345.345.A.B.bbbbbbb.Csdfdfdf', '0.1.2-Alpha-2-5Bdd', '0.1.2--', '0.1.2--B-C-', '0.1.2--B2.-.C.-A0-',
  '0.1.2+NoReleaseLabel', '0.1.2-02A', '0.1.2-2.02B', '0.1.2-2.A.02-', '0.1.2-A02.A', '0.1.2+02A', '0.1.2+A', '0.1.2+20349244.233.344.0',
  '0.1.2+203-49244.23-3.34-4.0-.-.-', '0.1.2+AAaaaaAAAaaaa', '0.1.2+-', '0.1.2+----.-.-.-', '0.1.2----+----', '0.1.2+02.02-02', '0.1.2+02',
  '0.1.2+000000', '0.1.2+AA-02A', '0.1.2+A.-A-02A', '1.0.0-RC.X.35.A.3455+Meta-A-B-C', ' 1.0.0 ',
];

const INVALID = [
  '', 'X.2.3', '1.2.Z', 'X.Y.Z', '-1.2.3', '1.-2.3', '1.2.-3', '1.2.3.4.5', '0.1.2-Alpha..2', '0.1.2-Alpha.', '0.1.2-.AA', '0.1.2-',
  '0.1.2-alp=ha', '0.1.2-alp┐jj', '0.1.2-a&444', '0.1.2-a.&.444', '0.1.2-02', '0.1.2-2.02', '0.1.2-2.A.02', '0.1.2-02.A', '0.1.2+ÄÄ',
  '0.1.2+22.2ÄÄ', '0.1.2+2+A', '0.1.2+02A.', '0.1.2+02..A', '0.1.2+', '1.0.0.', 'v1.0.0', '2147483648.0.0',
];

test('nuget: equal versions (NuGet.Client VersionComparerTests / SemVer201SpecTests)', () => {
  for (const [a, b] of EQUAL) {
    assert.equal(compareVersions('nuget', a, b), 0, `${a} = ${b}`);
    assert.equal(compareVersions('nuget', b, a), 0, `${b} = ${a}`);
  }
});

test('nuget: ordered versions, both ways round', () => {
  for (const [a, b] of LESS) {
    assert.ok(compareVersions('nuget', a, b) < 0, `${a} < ${b}`);
    assert.ok(compareVersions('nuget', b, a) > 0, `${b} > ${a}`);
  }
});

test('nuget: what NuGetVersion.TryParse accepts and rejects', () => {
  for (const v of VALID) assert.equal(isValidVersion('nuget', v), true, JSON.stringify(v));
  for (const v of INVALID) {
    assert.equal(isValidVersion('nuget', v), false, JSON.stringify(v));
    assert.throws(() => compareVersions('nuget', v, '1.0.0'), { code: 'VERSION' }, JSON.stringify(v));
  }
});
