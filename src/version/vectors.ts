// Test support: runs an ecosystem's reference vectors (testdata/version/<eco>.tsv) through compareVersions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isHullscanError } from '../errors.js';
import type { VersionEcosystem, VersionScheme } from './types.js';

export interface Vector { a: string; b: string; expected: -1 | 0 | 1 | '!' }

export function loadVectors(ecosystem: VersionEcosystem | string): Vector[] {
  const path = fileURLToPath(new URL(`../../testdata/version/${ecosystem}.tsv`, import.meta.url));
  const out: Vector[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [a, b, s] = line.split('\t');
    if (a === undefined || b === undefined || s === undefined) throw new Error(`${path}: bad line ${JSON.stringify(line)}`);
    out.push({ a, b, expected: s === '!' ? '!' : (Number(s) as -1 | 0 | 1) });
  }
  return out;
}

export interface Disagreement { vector: Vector; got: string }

/** Runs every vector; returns the disagreements (an invalid side must throw a VERSION error). */
export function runVectors(scheme: VersionScheme, vectors: Vector[]): Disagreement[] {
  const bad: Disagreement[] = [];
  for (const v of vectors) {
    let got: string;
    try {
      got = String(Math.sign(scheme.compare(v.a, v.b)));
    } catch (e) {
      if (!isHullscanError(e) || e.code !== 'VERSION') throw e;
      got = '!';
    }
    const validBoth = scheme.isValid(v.a) && scheme.isValid(v.b);
    if (validBoth !== (got !== '!')) got += ' (isValid disagrees)';
    if (got !== String(v.expected)) bad.push({ vector: v, got });
  }
  return bad;
}

export function describe(bad: Disagreement[], total: number): string {
  const pct = (((total - bad.length) / total) * 100).toFixed(3);
  const sample = bad.slice(0, 15).map((d) => `  ${JSON.stringify(d.vector.a)} vs ${JSON.stringify(d.vector.b)}: reference ${d.vector.expected}, got ${d.got}`);
  return `${total - bad.length}/${total} agree (${pct}%)\n${sample.join('\n')}`;
}

/** Antisymmetry and a sorted-order check on the valid versions of the vectors. */
export function checkConsistency(scheme: VersionScheme, vectors: Vector[], { transitive = true, sample = 250 } = {}): string[] {
  const problems: string[] = [];
  const versions = [...new Set(vectors.flatMap((v) => [v.a, v.b]))].filter((x) => scheme.isValid(x));
  for (const v of vectors) {
    if (v.expected === '!') continue;
    const ab = Math.sign(scheme.compare(v.a, v.b));
    const ba = Math.sign(scheme.compare(v.b, v.a));
    if (ab !== -ba) problems.push(`not antisymmetric: ${v.a} vs ${v.b}: ${ab} / ${ba}`);
  }
  if (transitive) {
    // Evenly spaced sample, sorted; a consistent total preorder has every earlier <= every later.
    const step = Math.max(1, Math.floor(versions.length / sample));
    const picked = versions.filter((_, i) => i % step === 0).sort((x, y) => scheme.compare(x, y));
    for (let i = 0; i < picked.length; i++) {
      for (let j = i + 1; j < picked.length; j++) {
        if (scheme.compare(picked[i]!, picked[j]!) > 0) problems.push(`order not transitive around ${picked[i]} / ${picked[j]}`);
      }
    }
  }
  return problems.slice(0, 20);
}

export interface RangeVector { version: string; range: string; expected: 'true' | 'false' | '!' }

export function loadRangeVectors(ecosystem: string): RangeVector[] {
  return loadVectorsRaw(`${ecosystem}-range`).map(([version, range, expected]) => ({ version, range, expected: expected as RangeVector['expected'] }));
}

function loadVectorsRaw(name: string): [string, string, string][] {
  const path = fileURLToPath(new URL(`../../testdata/version/${name}.tsv`, import.meta.url));
  const out: [string, string, string][] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split('\t');
    if (parts.length !== 3) throw new Error(`${path}: bad line ${JSON.stringify(line)}`);
    out.push(parts as [string, string, string]);
  }
  return out;
}

/** Runs range vectors; an invalid version or range must throw a VERSION error. Returns disagreements. */
export function runRangeVectors(satisfies: (v: string, r: string) => boolean, vectors: RangeVector[]): string[] {
  const bad: string[] = [];
  for (const v of vectors) {
    let got: string;
    try {
      got = String(satisfies(v.version, v.range));
    } catch (e) {
      if (!isHullscanError(e) || e.code !== 'VERSION') throw e;
      got = '!';
    }
    if (got !== v.expected) bad.push(`${JSON.stringify(v.version)} in ${JSON.stringify(v.range)}: reference ${v.expected}, got ${got}`);
  }
  return bad;
}
