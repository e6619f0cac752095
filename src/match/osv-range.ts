// OSV affected-range evaluation (https://ossf.github.io/osv-schema/#evaluation): is a version inside
// `ranges` or listed in `versions`, and if so which interval decided and which version fixes it.
import type { RangeEvent, VersionRange } from '../vulndb/model.js';

export type Compare = (a: string, b: string) => number;

export interface RangeVerdict {
  affected: boolean;
  /** 'in range >=0 <1.20.10', 'listed in versions', or why it is not affected. */
  decidedBy: string;
  /** The fix on the installed version's branch: the first `fixed` event above the version. */
  fixed?: string;
}

type Kind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

// Events are read in place (no per-evaluation copies): matching evaluates thousands of ranges per image.
function kindOf(e: RangeEvent): Kind {
  return 'introduced' in e ? 'introduced' : 'fixed' in e ? 'fixed' : 'last_affected' in e ? 'last_affected' : 'limit';
}
function versionOf(e: RangeEvent): string {
  return 'introduced' in e ? e.introduced : 'fixed' in e ? e.fixed : 'last_affected' in e ? e.last_affected : e.limit;
}

const isZero = (e: RangeEvent) => 'introduced' in e && (e.introduced === '0' || e.introduced === '');

/** Event order: introduced "0" first; then by version; at equal versions, introduced before the others. */
function eventOrder(a: RangeEvent, b: RangeEvent, cmp: Compare): number {
  const za = isZero(a), zb = isZero(b);
  if (za || zb) return (za ? 0 : 1) - (zb ? 0 : 1);
  return cmp(versionOf(a), versionOf(b)) || ('introduced' in a ? 0 : 1) - ('introduced' in b ? 0 : 1);
}

/** Events in version order: the feed's own array when it is already sorted (the usual case), else a sorted copy. */
function sortedEvents(events: RangeEvent[], cmp: Compare): RangeEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (eventOrder(events[i - 1]!, events[i]!, cmp) > 0) return [...events].sort((a, b) => eventOrder(a, b, cmp));
  }
  return events;
}

/** The usual verdict, shared (most rows do not match): verdicts are read, never modified. */
const OUTSIDE: RangeVerdict = Object.freeze({ affected: false, decidedBy: 'outside every interval' });

/**
 * Evaluate one non-GIT range. Throws whatever `cmp` throws for a version it cannot parse
 * (the caller decides whether that skips the range or the package).
 */
export function inRange(version: string, range: VersionRange, cmp: Compare): RangeVerdict {
  const events = sortedEvents(range.events, cmp);
  let limited = false, belowLimit = false;
  for (const e of events) {
    if (!('limit' in e) || e.limit === '*') continue;
    limited = true;
    if (cmp(version, e.limit) < 0) { belowLimit = true; break; }
  }
  if (limited && !belowLimit) {
    const limits = events.filter((e) => 'limit' in e && e.limit !== '*').map(versionOf);
    return { affected: false, decidedBy: `at or above limit ${limits.join(', ')}` };
  }
  let affected = false;
  let from = '';
  let to = -1; // index of the fixed / last_affected event closing the interval the version is in
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if ('introduced' in e) {
      if (isZero(e) || cmp(version, e.introduced) >= 0) {
        affected = true;
        from = isZero(e) ? '0' : e.introduced;
        to = -1;
        for (let j = i + 1; j < events.length; j++) {
          const k = kindOf(events[j]!);
          if (k === 'fixed' || k === 'last_affected') { to = j; break; }
        }
      }
    } else if ('fixed' in e) {
      if (cmp(version, e.fixed) >= 0) affected = false;
    } else if ('last_affected' in e) {
      if (cmp(version, e.last_affected) > 0) affected = false;
    }
  }
  if (!affected) return OUTSIDE;
  const end = to < 0 ? undefined : events[to]!;
  const upper = !end ? '' : 'fixed' in end ? ` <${end.fixed}` : ` <=${versionOf(end)}`;
  return { affected: true, decidedBy: `in range >=${from}${upper}`, fixed: end && 'fixed' in end ? end.fixed : undefined };
}

export interface AffectedSpec { ranges?: VersionRange[]; versions?: string[] }

/**
 * OSV `affected` evaluation: a version is affected when it is listed in `versions` or inside any
 * SEMVER/ECOSYSTEM range. GIT ranges are ignored (commits, not versions); a record with only GIT
 * ranges matches through its `versions` list alone.
 */
export function isAffected(version: string, spec: AffectedSpec, cmp: Compare): RangeVerdict {
  const listed = spec.versions ?? [];
  let verdict: RangeVerdict | undefined;
  let failure: unknown;
  let versionRanges = 0;
  for (const r of spec.ranges ?? []) {
    if (r.type === 'GIT') continue;
    versionRanges++;
    let v: RangeVerdict;
    // One range with a version the comparator rejects must not hide a match in another range.
    try { v = inRange(version, r, cmp); } catch (e) { failure ??= e; continue; }
    // Several matching ranges: keep the one with the lowest fix (the nearest fix on this branch).
    if (v.affected && (!verdict || (v.fixed && (!verdict.fixed || cmp(v.fixed, verdict.fixed) < 0)))) verdict = v;
  }
  if (verdict) return verdict;
  if (listed.includes(version)) return { affected: true, decidedBy: 'listed in versions' };
  if (failure) throw failure;
  // Without version ranges the list is the whole statement: compare by value too ('1.0' == '1.0.0' in PEP 440).
  if (!versionRanges) {
    for (const l of listed) {
      try { if (cmp(version, l) === 0) return { affected: true, decidedBy: `listed in versions (${l})` }; } catch { /* unparsable entry */ }
    }
    return { affected: false, decidedBy: listed.length ? 'not listed in versions' : 'no version ranges' };
  }
  return { affected: false, decidedBy: 'outside every range' };
}
