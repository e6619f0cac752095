// Test support: what a lookup may leave out as already fixed, written apart from the codec that does it.
import type { AffectedRow } from '../model.js';

/** A row that says nothing but "fixed in X": a distro fix, or one OSV range introduced 0 → fixed X. */
export function oneFixOnly(r: AffectedRow): boolean {
  if (r.versions || r.requirements) return false;
  if (r.status === 'fixed') return r.fixedVersion !== undefined && !r.ranges;
  const [range, more] = r.ranges ?? [];
  const [from, to, after] = range?.events ?? [];
  return !r.status && !r.fixedVersion && !!range && !more && range.type !== 'GIT' && !after
    && !!from && 'introduced' in from && from.introduced === '0' && !!to && 'fixed' in to;
}
