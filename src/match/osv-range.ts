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

interface Event { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string }

function toEvent(e: RangeEvent): Event {
  if ('introduced' in e) return { kind: 'introduced', version: e.introduced };
  if ('fixed' in e) return { kind: 'fixed', version: e.fixed };
  if ('last_affected' in e) return { kind: 'last_affected', version: e.last_affected };
  return { kind: 'limit', version: e.limit };
}

const isZero = (e: Event) => e.kind === 'introduced' && (e.version === '0' || e.version === '');

/** Events in version order; introduced "0" first; at equal versions, introduced before the others. */
function sortEvents(events: Event[], cmp: Compare): Event[] {
  const rank = (e: Event) => (e.kind === 'introduced' ? 0 : 1);
  return [...events].sort((a, b) => {
    if (isZero(a) || isZero(b)) return (isZero(a) ? 0 : 1) - (isZero(b) ? 0 : 1);
    return cmp(a.version, b.version) || rank(a) - rank(b);
  });
}

/**
 * Evaluate one non-GIT range. Throws whatever `cmp` throws for a version it cannot parse
 * (the caller decides whether that skips the range or the package).
 */
export function inRange(version: string, range: VersionRange, cmp: Compare): RangeVerdict {
  const events = sortEvents(range.events.map(toEvent), cmp);
  const limits = events.filter((e) => e.kind === 'limit' && e.version !== '*');
  if (limits.length && !limits.some((l) => cmp(version, l.version) < 0)) {
    return { affected: false, decidedBy: `at or above limit ${limits.map((l) => l.version).join(', ')}` };
  }
  let affected = false;
  let from = '';
  let to: Event | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'introduced') {
      if (isZero(e) || cmp(version, e.version) >= 0) {
        affected = true;
        from = isZero(e) ? '0' : e.version;
        to = events.slice(i + 1).find((n) => n.kind === 'fixed' || n.kind === 'last_affected');
      }
    } else if (e.kind === 'fixed') {
      if (cmp(version, e.version) >= 0) affected = false;
    } else if (e.kind === 'last_affected') {
      if (cmp(version, e.version) > 0) affected = false;
    }
  }
  if (!affected) return { affected: false, decidedBy: 'outside every interval' };
  const upper = !to ? '' : to.kind === 'fixed' ? ` <${to.version}` : ` <=${to.version}`;
  return { affected: true, decidedBy: `in range >=${from}${upper}`, fixed: to?.kind === 'fixed' ? to.version : undefined };
}

export interface AffectedSpec { ranges?: VersionRange[]; versions?: string[] }

/**
 * OSV `affected` evaluation: a version is affected when it is listed in `versions` or inside any
 * SEMVER/ECOSYSTEM range. GIT ranges are ignored (commits, not versions); a record with only GIT
 * ranges matches through its `versions` list alone.
 */
export function isAffected(version: string, spec: AffectedSpec, cmp: Compare): RangeVerdict {
  const versionRanges = (spec.ranges ?? []).filter((r) => r.type !== 'GIT');
  const listed = spec.versions ?? [];
  let verdict: RangeVerdict | undefined;
  let failure: unknown;
  for (const r of versionRanges) {
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
  if (!versionRanges.length) {
    for (const l of listed) {
      try { if (cmp(version, l) === 0) return { affected: true, decidedBy: `listed in versions (${l})` }; } catch { /* unparsable entry */ }
    }
    return { affected: false, decidedBy: listed.length ? 'not listed in versions' : 'no version ranges' };
  }
  return { affected: false, decidedBy: 'outside every range' };
}
