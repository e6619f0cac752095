// The DB as one matching run sees it: lookups, advisories, KEV and EPSS answers memoised for the run.
import type { AdvisoryHead, AffectedRow, AlreadyFixed, EpssScore, KevEntry, VulnDbReader } from '../vulndb/model.js';

/**
 * Memoises the DB for one matching run: binaries of one source package share their lookups, and findings
 * of one CVE share its advisories, KEV and EPSS entries. Matching reads advisories without their affected
 * entries: through the reader's head queries when it has them (no decompression), else whole advisories.
 */
export class AdvisoryCache {
  private readonly rows = new Map<string, AffectedRow[]>();
  private readonly byId = new Map<string, AdvisoryHead | undefined>();
  private readonly aliasOf = new Map<string, AdvisoryHead[]>();
  private readonly kevs = new Map<string, KevEntry | undefined>();
  private readonly epsses = new Map<string, EpssScore | undefined>();
  constructor(private readonly db: VulnDbReader) {}

  /**
   * Rows about a package at `version` (what `alreadyFixed` compares with) that may affect it: rows
   * `alreadyFixed` settles may be left out, when the reader can do that without building them.
   */
  rowsFor(ecosystem: string, name: string, version: string, alreadyFixed: AlreadyFixed): AffectedRow[] {
    const key = `${ecosystem}\0${name}\0${version}`;
    let rows = this.rows.get(key);
    if (!rows) this.rows.set(key, (rows = this.db.lookupMayAffect?.(ecosystem, name, alreadyFixed) ?? this.db.lookup(ecosystem, name)));
    return rows;
  }
  /** Rows are kept for one lookup group only (see matchInventory). */
  forgetRows(): void { this.rows.clear(); }

  advisory(id: string): AdvisoryHead | undefined {
    if (this.byId.has(id)) return this.byId.get(id);
    const head = this.db.advisory(id);
    this.byId.set(id, head);
    return head;
  }
  byAlias(id: string): AdvisoryHead[] {
    let heads = this.aliasOf.get(id);
    if (!heads) this.aliasOf.set(id, (heads = this.db.headsByAlias?.(id) ?? this.db.byAlias(id)));
    return heads;
  }
  kev(cve: string): KevEntry | undefined {
    if (this.kevs.has(cve)) return this.kevs.get(cve);
    const k = this.db.kev(cve);
    this.kevs.set(cve, k);
    return k;
  }
  epss(cve: string): EpssScore | undefined {
    if (this.epsses.has(cve)) return this.epsses.get(cve);
    const e = this.db.epss(cve);
    this.epsses.set(cve, e);
    return e;
  }
  /** The advisory a row belongs to: straight from the reader when it knows, else through the alias index (one query serves both), else by id. */
  advisoryOf(row: AffectedRow): AdvisoryHead | undefined {
    const head = this.db.headOfRow?.(row);
    if (head) return head;
    return this.byAlias(row.advisoryId).find((a) => a.id === row.advisoryId && a.source === row.source) ?? this.advisory(row.advisoryId);
  }
}
