// Requirement lists (RustSec `patched`/`unaffected`, RubyGems `patched_versions`/`unaffected_versions`) turned into
// OSV ranges, but only in the shapes where the conversion is exact; otherwise the lists are kept as they are.
import type { AffectedEntry, VersionRange } from '../model.js';

const NUMERIC = /^\d+(\.\d+)*$/;

// Compares plain dotted numbers (1.2.10 > 1.2.9); anything else is not ours to order here.
function numericCompare(a: string, b: string): number {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function single(req: string, op: '>=' | '<'): string | undefined {
  const m = new RegExp(`^${op}\\s*(\\S+)$`).exec(req.trim());
  return m?.[1];
}

/**
 * The affected-entry fields for a requirement-based advisory: `ranges` when exactly expressible
 * (nothing patched; `>= X` alone; `< Y` unaffected plus `>= X` patched with numeric Y ≤ X), and always
 * `requirements`, which the matcher evaluates with the ecosystem's own requirement semantics.
 */
export function fromRequirements(scheme: 'cargo' | 'gem' | 'npm', patched: string[], unaffected: string[], vulnerable?: string[]): Pick<AffectedEntry, 'ranges' | 'requirements'> {
  const p = patched.map((s) => s.trim()).filter(Boolean);
  const u = unaffected.map((s) => s.trim()).filter(Boolean);
  const requirements: NonNullable<AffectedEntry['requirements']> = { scheme, patched: p, unaffected: u };
  if (vulnerable) requirements.vulnerable = vulnerable.map((s) => s.trim()).filter(Boolean);
  let range: VersionRange | undefined;
  const type = scheme === 'gem' ? 'ECOSYSTEM' : 'SEMVER';
  if (!vulnerable) {
    const fixed = p.length === 1 ? single(p[0]!, '>=') : undefined;
    const from = u.length === 1 ? single(u[0]!, '<') : undefined;
    if (p.length === 0 && u.length === 0) range = { type, events: [{ introduced: '0' }] };
    else if (fixed && u.length === 0) range = { type, events: [{ introduced: '0' }, { fixed }] };
    else if (fixed && from && NUMERIC.test(fixed) && NUMERIC.test(from) && numericCompare(from, fixed) <= 0) {
      range = { type, events: [{ introduced: from }, { fixed }] };
    }
  }
  return range ? { ranges: [range], requirements } : { requirements };
}
