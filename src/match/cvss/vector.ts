// Parsing a CVSS vector string into its metrics, strictly: every metric known, none twice, the
// mandatory base metrics present. A bad vector is a typed error, never a silent score.
import { HullscanError } from '../../errors.js';

export type Metrics = Record<string, string>;

/**
 * Split `prefix/K:V/K:V...` into metrics, checking each against `allowed` (metric → permitted values).
 * `required` lists the base metrics that must be present.
 */
export function parseMetrics(vector: string, body: string, allowed: Record<string, string>, required: readonly string[]): Metrics {
  const metrics: Metrics = {};
  const bad = (why: string) => new HullscanError('INPUT', `invalid CVSS vector "${vector}": ${why}`);
  if (!body) throw bad('no metrics');
  for (const part of body.split('/')) {
    const m = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (!m) throw bad(`malformed metric "${part}"`);
    const [, key, value] = m as unknown as [string, string, string];
    const values = allowed[key];
    if (values === undefined) throw bad(`unknown metric ${key}`);
    if (!values.split(',').includes(value)) throw bad(`${key}:${value} is not a permitted value`);
    if (key in metrics) throw bad(`metric ${key} given twice`);
    metrics[key] = value;
  }
  const missing = required.filter((k) => !(k in metrics));
  if (missing.length) throw bad(`missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return metrics;
}
