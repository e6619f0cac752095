import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import aeCvss from 'ae-cvss-calculator';
import { isHullscanError } from '../../errors.js';
import { cvssScore, levelFromScore } from './index.js';

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = aeCvss;
const VULNDATA = '/work/shared/vulndata';

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p); else yield p;
  }
}

/** Every {vectorString, baseScore} pair NVD publishes in the test data. */
function nvdPairs(): { vector: string; score: number }[] {
  const out: { vector: string; score: number }[] = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) { o.forEach(walk); return; }
    if (o && typeof o === 'object') {
      const r = o as Record<string, unknown>;
      if (typeof r.vectorString === 'string' && typeof r.baseScore === 'number') out.push({ vector: r.vectorString, score: r.baseScore });
      Object.values(r).forEach(walk);
    }
  };
  for (const f of files(`${VULNDATA}/nvd`)) walk(JSON.parse(readFileSync(f, 'utf8')));
  return out;
}

/** An independent implementation (metaeffekt's calculator) as the oracle beyond NVD's own scores. */
function oracle(vector: string): number {
  const v = vector.startsWith('CVSS:4.0/') ? new Cvss4P0(vector)
    : vector.startsWith('CVSS:3.1/') ? new Cvss3P1(vector)
      : vector.startsWith('CVSS:3.0/') ? new Cvss3P0(vector) : new Cvss2(vector);
  return (v.calculateScores().base as number) + 0; // + 0: the oracle says -0 for impact-free v2 vectors
}

test('base scores equal the scores NVD publishes (v2, v3.0, v3.1)', () => {
  const pairs = nvdPairs();
  assert.ok(pairs.length >= 50, `only ${pairs.length} NVD scores found`);
  const versions = new Set(pairs.map((p) => cvssScore(p.vector).version));
  assert.ok(versions.has('2.0') && versions.has('3.1'), [...versions].join());
  for (const { vector, score } of pairs) assert.equal(cvssScore(vector).score, score, vector);
});

test('every CVSS vector in the real feeds scores as the reference calculator does', () => {
  const vectors = new Set<string>();
  for (const f of files(`${VULNDATA}/osv`)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/CVSS:(?:3\.[01]|4\.0)\/[A-Za-z:/]+/g)) vectors.add(m[0].replace(/\/$/, ''));
  }
  const v4 = [...vectors].filter((v) => v.startsWith('CVSS:4.0/'));
  assert.ok(v4.length >= 40 && vectors.size >= 200, `${v4.length} v4 vectors, ${vectors.size} in all`);
  for (const v of vectors) assert.equal(cvssScore(v).score, oracle(v), v);
});

// Deterministic pseudo-random vectors so that failures reproduce.
function rng(seed: number) {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
}
function randomVector(prefix: string, metrics: [string, string[]][], r: () => number, optional = false): string {
  const parts: string[] = [];
  for (const [k, vals] of metrics) {
    if (optional && r() < 0.5) continue;
    parts.push(`${k}:${vals[Math.floor(r() * vals.length)]}`);
  }
  return prefix + parts.join('/');
}

test('v4.0: 3,000 random vectors (base, threat, environmental) agree with the reference calculator', () => {
  const r = rng(4);
  const base: [string, string[]][] = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['AT', ['N', 'P']], ['PR', ['N', 'L', 'H']],
    ['UI', ['N', 'P', 'A']], ['VC', ['H', 'L', 'N']], ['VI', ['H', 'L', 'N']], ['VA', ['H', 'L', 'N']], ['SC', ['H', 'L', 'N']],
    ['SI', ['H', 'L', 'N']], ['SA', ['H', 'L', 'N']]];
  const extra: [string, string[]][] = [['E', ['X', 'A', 'P', 'U']], ['CR', ['X', 'H', 'M', 'L']], ['IR', ['X', 'H', 'M', 'L']], ['AR', ['X', 'H', 'M', 'L']],
    ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MVC', ['X', 'H', 'L', 'N']], ['MSI', ['X', 'S', 'H', 'L', 'N']], ['MSA', ['X', 'S', 'H', 'L', 'N']]];
  let mismatches: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let v = randomVector('CVSS:4.0/', base, r);
    if (i % 2) { const e = randomVector('', extra, r, true); if (e) v += `/${e}`; }
    if (cvssScore(v).score !== oracle(v)) mismatches.push(`${v}: ${cvssScore(v).score} vs ${oracle(v)}`);
  }
  assert.deepEqual(mismatches.slice(0, 10), []);
  mismatches = [];
});

test('v2 and v3.x: 2,000 random vectors each agree with the reference calculator', () => {
  const r = rng(3);
  const v3: [string, string[]][] = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'R']],
    ['S', ['U', 'C']], ['C', ['H', 'L', 'N']], ['I', ['H', 'L', 'N']], ['A', ['H', 'L', 'N']]];
  const v2: [string, string[]][] = [['AV', ['L', 'A', 'N']], ['AC', ['H', 'M', 'L']], ['Au', ['M', 'S', 'N']],
    ['C', ['N', 'P', 'C']], ['I', ['N', 'P', 'C']], ['A', ['N', 'P', 'C']]];
  for (let i = 0; i < 2000; i++) {
    for (const v of [randomVector('CVSS:3.1/', v3, r), randomVector('CVSS:3.0/', v3, r), randomVector('', v2, r)]) {
      assert.equal(cvssScore(v).score, oracle(v), v);
    }
  }
});

test('malformed vectors are typed errors naming the vector', () => {
  for (const bad of ['CVSS:3.1/AV:N/AC:L', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:4.0/AV:N/AV:N',
    'AV:N/AC:L/Au:N/C:P/I:P', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1', '', 'CVSS:4.0/']) {
    assert.throws(() => cvssScore(bad), (e: unknown) => isHullscanError(e) && e.code === 'INPUT' && e.message.includes('CVSS vector'), bad);
  }
});

test('qualitative levels', () => {
  assert.equal(levelFromScore(9.8, '3.1'), 'CRITICAL');
  assert.equal(levelFromScore(7.0, '4.0'), 'HIGH');
  assert.equal(levelFromScore(6.9, '3.0'), 'MEDIUM');
  assert.equal(levelFromScore(0.1, '3.1'), 'LOW');
  assert.equal(levelFromScore(0, '3.1'), 'NEGLIGIBLE');
  assert.equal(levelFromScore(10, '2.0'), 'HIGH');
  assert.equal(levelFromScore(3.9, '2.0'), 'LOW');
});
