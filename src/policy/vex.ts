// VEX documents (OpenVEX and CycloneDX VEX): a supplier's statement that a vulnerability does not affect,
// or is fixed in, a product. Findings covered by not_affected / fixed statements are suppressed.
import { readFileSync, statSync } from 'node:fs';
import { HullscanError } from '../errors.js';
import type { Finding } from '../match/model.js';
import { purlMatches } from './purl-match.js';

export type VexStatus = 'not_affected' | 'fixed' | 'affected' | 'under_investigation';

export interface VexStatement {
  vulnerability: string;      // id as written
  aliases: string[];          // other ids the statement gives
  products: string[];         // purls (package or image+subcomponent purls)
  status: VexStatus;
  justification?: string;
  impact?: string;
  timestamp?: string;
  /** The document it came from and its format, for the "suppressed by" reason. */
  document: string;
  format: 'openvex' | 'cyclonedx';
}

const MAX_VEX_BYTES = 64 * 1024 * 1024;

export function loadVexFile(file: string): VexStatement[] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new HullscanError('NOT_FOUND', 'VEX document not found', { subject: file, cause: e });
  }
  if (size > MAX_VEX_BYTES) throw new HullscanError('LIMIT', `VEX document is larger than ${MAX_VEX_BYTES} bytes`, { subject: file });
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new HullscanError('INPUT', `VEX document is not valid JSON: ${(e as Error).message}`, { subject: file, cause: e });
  }
  return parseVex(doc, file);
}

/** Recognises the format by its markers (OpenVEX `@context`, CycloneDX `bomFormat`). */
export function parseVex(doc: unknown, file: string): VexStatement[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new HullscanError('INPUT', 'VEX document is not a JSON object', { subject: file });
  const d = doc as Record<string, unknown>;
  if (typeof d['@context'] === 'string' && d['@context'].includes('openvex')) return parseOpenVex(d, file);
  if (d.bomFormat === 'CycloneDX') return parseCycloneDxVex(d, file);
  throw new HullscanError('INPUT', 'not an OpenVEX (@context openvex) or CycloneDX (bomFormat) document', { subject: file });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function openVexProductIds(p: unknown): string[] {
  if (typeof p === 'string') return [p];
  if (typeof p !== 'object' || p === null) return [];
  const o = p as Record<string, unknown>;
  const ids = [str(o['@id']), str((o.identifiers as Record<string, unknown> | undefined)?.purl)].filter((x): x is string => !!x);
  // Subcomponents are the packages inside a product (an image): the statement is about them.
  const subs = arr(o.subcomponents).flatMap(openVexProductIds);
  return subs.length ? subs : ids;
}

function parseOpenVex(d: Record<string, unknown>, file: string): VexStatement[] {
  const statements = d.statements;
  if (!Array.isArray(statements)) throw new HullscanError('INPUT', "OpenVEX document has no 'statements' list", { subject: file });
  const docTime = str(d.timestamp);
  return statements.map((s, i) => {
    if (typeof s !== 'object' || s === null) throw new HullscanError('INPUT', `statement ${i + 1} is not an object`, { subject: file });
    const st = s as Record<string, unknown>;
    const v = st.vulnerability;
    const vulnerability = typeof v === 'string' ? v : str((v as Record<string, unknown> | undefined)?.name) ?? str((v as Record<string, unknown> | undefined)?.['@id']);
    if (!vulnerability) throw new HullscanError('INPUT', `statement ${i + 1} names no vulnerability`, { subject: file });
    const aliases = typeof v === 'object' && v !== null ? arr((v as Record<string, unknown>).aliases).filter((a): a is string => typeof a === 'string') : [];
    const status = str(st.status);
    if (status !== 'not_affected' && status !== 'fixed' && status !== 'affected' && status !== 'under_investigation') {
      throw new HullscanError('INPUT', `statement ${i + 1} has unknown status '${String(st.status)}'`, { subject: file });
    }
    return {
      vulnerability, aliases, status,
      products: arr(st.products).flatMap(openVexProductIds),
      justification: str(st.justification), impact: str(st.impact_statement),
      timestamp: str(st.timestamp) ?? docTime, document: file, format: 'openvex' as const,
    };
  });
}

const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected', false_positive: 'not_affected',
  resolved: 'fixed', resolved_with_pedigree: 'fixed',
  exploitable: 'affected', in_triage: 'under_investigation',
};

function parseCycloneDxVex(d: Record<string, unknown>, file: string): VexStatement[] {
  // affects[].ref is a bom-ref (possibly a BOM-Link urn:cdx:…#ref) resolved through the components, or a purl.
  const purlByRef = new Map<string, string>();
  const walk = (cs: unknown[]) => {
    for (const c of cs) {
      if (typeof c !== 'object' || c === null) continue;
      const o = c as Record<string, unknown>;
      const ref = str(o['bom-ref']), purl = str(o.purl);
      if (ref && purl) purlByRef.set(ref, purl);
      walk(arr(o.components));
    }
  };
  walk(arr(d.components));
  const meta = (d.metadata as Record<string, unknown> | undefined)?.component;
  if (meta) walk([meta]);
  const out: VexStatement[] = [];
  arr(d.vulnerabilities).forEach((v, i) => {
    if (typeof v !== 'object' || v === null) throw new HullscanError('INPUT', `vulnerability ${i + 1} is not an object`, { subject: file });
    const o = v as Record<string, unknown>;
    const id = str(o.id);
    if (!id) throw new HullscanError('INPUT', `vulnerability ${i + 1} has no id`, { subject: file });
    const analysis = (o.analysis ?? {}) as Record<string, unknown>;
    const state = str(analysis.state);
    if (!state) return; // no analysis: not a VEX statement
    const status = CDX_STATE[state];
    if (!status) throw new HullscanError('INPUT', `vulnerability ${id} has unknown analysis state '${state}'`, { subject: file });
    const products = arr(o.affects).flatMap((a) => {
      const ref = str((a as Record<string, unknown> | null)?.ref);
      if (!ref) return [];
      const local = ref.includes('#') ? decodeURIComponent(ref.slice(ref.indexOf('#') + 1)) : ref;
      return [purlByRef.get(ref) ?? purlByRef.get(local) ?? local];
    });
    const aliases = arr(o.references).map((r) => str((r as Record<string, unknown> | null)?.id)).filter((x): x is string => !!x);
    out.push({
      vulnerability: id, aliases, products, status,
      justification: str(analysis.justification), impact: str(analysis.detail),
      timestamp: str(analysis.lastUpdated) ?? str(analysis.firstIssued) ?? str((d.metadata as Record<string, unknown> | undefined)?.timestamp),
      document: file, format: 'cyclonedx',
    });
  });
  return out;
}

/** True when the statement is about this finding's vulnerability (by id or alias) and package (by purl). */
export function vexApplies(s: VexStatement, f: Finding): boolean {
  const ids = new Set([f.id, ...f.aliases]);
  if (!ids.has(s.vulnerability) && !s.aliases.some((a) => ids.has(a))) return false;
  return s.products.some((p) => purlMatches(p, f.package.purl));
}

/** The statement that decides a finding: the newest applicable one (document order breaks ties). */
export function decidingStatement(statements: readonly VexStatement[], f: Finding): VexStatement | undefined {
  let best: VexStatement | undefined;
  for (const s of statements) {
    if (!vexApplies(s, f)) continue;
    if (!best || (s.timestamp ?? '') >= (best.timestamp ?? '')) best = s;
  }
  return best;
}
