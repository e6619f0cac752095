// Go reachability of a finding: is any symbol the matched advisories name linked into the binary?
// The symbol reading and the name rules live with the Go analyzer; this joins them with the matched rows.
import { goSymbolsOf } from '../analyze/golang/index.js';
import { goReachability, type Reachability } from '../analyze/golang/reachability.js';
import type { Package } from '../inventory/model.js';
import type { AffectedRow } from '../vulndb/model.js';

export type { Reachability };

/**
 * 'reachable' when a symbol named by any matched row's `symbols` (or any symbol of a listed import path
 * without symbols) is linked; 'unreachable' when none is; 'unknown' without symbol data on either side.
 */
export function goReachabilityOf(pkg: Package, rows: AffectedRow[]): Reachability {
  return goReachability(goSymbolsOf(pkg), rows.flatMap((r) => r.symbols ?? []));
}
