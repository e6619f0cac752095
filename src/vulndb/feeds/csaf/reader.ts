// CSAF 2.0 documents from Red Hat: VEX files (one CVE, every product's status) and security advisories (RHSA).
// A product id is "<platform>:<component>"; the platform's CPE gives the RHEL release, the component's purl
// (or NEVRA) the package and, for fixed products, the fixed version.
import { basename } from 'node:path';
import type { Advisory, AffectedEntry, DistroStatus, FeedItem, FeedReader } from '../../model.js';
import { cvssRating, vendorRating } from '../../severity.js';
import { extOf, isObject, readHead, skipped, str, strArray, readJsonFeed } from '../files.js';
import { placePurl } from '../purl.js';

interface Product { cpe?: string; purl?: string; name?: string }
interface Relation { component: string; platform: string }

function walkBranches(branches: unknown, products: Map<string, Product>): void {
  if (!Array.isArray(branches)) return;
  for (const b of branches) {
    if (!isObject(b)) continue;
    if (isObject(b.product)) {
      const id = str(b.product.product_id);
      const helper = isObject(b.product.product_identification_helper) ? b.product.product_identification_helper : {};
      if (id) products.set(id, { cpe: str(helper.cpe), purl: str(helper.purl), name: str(b.product.name) });
    }
    walkBranches(b.branches, products);
  }
}

/** 'cpe:/o:redhat:enterprise_linux:9::baseos', 'cpe:/a:redhat:rhel_eus:9.0::appstream', '…::el9' → rhel:9 (+ stream). */
export function rhelNamespace(cpe: string | undefined): { ecosystem: string; channel?: string } | undefined {
  // (a fresh object each call: callers add a stream channel to it)
  if (!cpe) return undefined;
  const m = /:redhat:(enterprise_linux|rhel_[a-z0-9_]+):(\d+)/.exec(cpe);
  if (m) return m[1] === 'enterprise_linux' ? { ecosystem: `rhel:${m[2]}` } : { ecosystem: `rhel:${m[2]}`, channel: m[1]!.replace(/^rhel_/, '') };
  const el = /::el(\d+)$/.exec(cpe);
  if (el) return { ecosystem: `rhel:${el[1]}`, channel: cpe.split(':')[3] ?? 'layered' }; // layered product on RHEL N
  return undefined;
}

// 'curl-0:7.76.1-26.el9_3.2.src' → name curl, evr 7.76.1-26.el9_3.2, arch src (epoch 0 dropped, as rpm does).
export function parseNevra(s: string): { name: string; evr: string; arch: string } | undefined {
  const m = /^(.+)-(?:(\d+):)?([^-:]+)-([^-:]+)\.([a-z0-9_]+)$/.exec(s);
  if (!m) return undefined;
  const [, name, epoch, version, release, arch] = m as unknown as string[];
  return { name: name!, evr: `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}-${release}`, arch: arch! };
}

interface Remedy { category: string; details?: string }

function statusFor(list: string, remedy: Remedy | undefined): DistroStatus {
  if (list === 'fixed') return 'fixed';
  if (list === 'known_not_affected') return 'not-affected';
  if (remedy?.category === 'no_fix_planned') return /out of support scope/i.test(remedy.details ?? '') ? 'end-of-life' : 'will-not-fix';
  return 'unfixed'; // known_affected with none_available / no remediation, under_investigation
}

const LISTS = ['fixed', 'known_affected', 'known_not_affected', 'under_investigation'] as const;

function vulnerabilityItem(file: string, v: Record<string, unknown>, ctx: {
  products: Map<string, Product>; relations: Map<string, Relation>; docId?: string; docSeverity?: string; vex: boolean; modified?: string;
}): FeedItem {
  const cve = str(v.cve);
  if (!cve) return skipped(file, 'vulnerability without cve', ctx.docId);
  const remedies = new Map<string, Remedy>();
  for (const r of Array.isArray(v.remediations) ? v.remediations.filter(isObject) : []) {
    for (const id of strArray(r.product_ids)) remedies.set(id, { category: str(r.category) ?? '', details: str(r.details) });
  }
  const impact = new Map<string, string>();
  for (const t of Array.isArray(v.threats) ? v.threats.filter(isObject) : []) {
    if (t.category !== 'impact') continue;
    for (const id of strArray(t.product_ids)) impact.set(id, str(t.details) ?? '');
  }
  const status = isObject(v.product_status) ? v.product_status : {};
  const affected: AffectedEntry[] = [];
  const seen = new Set<string>();
  for (const list of LISTS) {
    for (const pid of strArray(status[list])) {
      const rel = ctx.relations.get(pid);
      if (!rel) continue; // a bare platform ('Text-Only JBCS') names no package
      const ns = rhelNamespace(ctx.products.get(rel.platform)?.cpe);
      if (!ns) continue; // not a RHEL-based platform
      // Extended-support streams share the main stream's CPE ('AppStream-9.2.0.Z.MAIN.EUS'): their fixes are
      // separate statements that must not stand in for the main stream's fix.
      const stream = /[.-](EUS|AUS|TUS|E4S)\b/i.exec(rel.platform)?.[1]?.toLowerCase();
      if (stream && !ns.channel) ns.channel = stream;
      const comp = ctx.products.get(rel.component);
      const place = comp?.purl ? placePurl(comp.purl) : undefined;
      const nevra = parseNevra(rel.component);
      let name = place?.package ?? nevra?.name ?? rel.component.replace(/\.src$/, '');
      const isSource = place ? place.source : nevra ? nevra.arch === 'src' : rel.component.endsWith('.src');
      // Modules appear as 'go-toolset:rhel8/go-toolset': the stream, then the package.
      const modMatch = /^([^/:]+:[^/]+)\/(.+)$/.exec(rel.component);
      if (modMatch) name = modMatch[2]!;
      const entry: AffectedEntry = { ecosystem: ns.ecosystem, package: name, status: statusFor(list, remedies.get(pid)) };
      if (ns.channel) entry.channel = ns.channel;
      const module = place?.module ?? modMatch?.[1];
      if (module) entry.module = module;
      if (!isSource) entry.binary = true;
      if (list === 'fixed') {
        const evr = nevra?.evr ?? (place?.version && place.version !== module?.split(':')[1] ? place.version : undefined);
        if (!evr) continue; // a fix without a version cannot be matched
        entry.fixedVersion = evr;
        if (!isSource && !nevra) continue;
      }
      const sev = impact.get(pid) ?? ctx.docSeverity;
      if (sev) entry.severity = vendorRating('redhat', sev);
      const key = JSON.stringify(entry);
      if (seen.has(key)) continue;
      seen.add(key);
      affected.push(entry);
    }
  }
  // Fixed statements come per binary RPM too: keep binaries only where no source RPM is listed for that stream.
  const srcKeys = new Set(affected.filter((e) => !e.binary).map((e) => `${e.ecosystem}|${e.channel ?? ''}|${e.status}`));
  const kept = affected.filter((e) => !e.binary || !srcKeys.has(`${e.ecosystem}|${e.channel ?? ''}|${e.status}`) || e.status !== 'fixed');
  const adv: Advisory = {
    id: cve, aliases: !ctx.vex && ctx.docId ? [ctx.docId] : [], source: 'redhat-csaf',
    references: (Array.isArray(v.references) ? v.references.filter(isObject) : []).map((r) => str(r.url)).filter((u): u is string => !!u),
    cwes: isObject(v.cwe) && str(v.cwe.id) ? [str(v.cwe.id)!] : [],
    severities: [], affected: kept,
  };
  for (const n of Array.isArray(v.notes) ? v.notes.filter(isObject) : []) {
    if (n.category === 'description' && str(n.text)) adv.details = str(n.text);
    if (n.category === 'summary' && str(n.text)) adv.summary = str(n.text);
  }
  adv.summary ??= str(v.title);
  if (ctx.docSeverity) adv.severities.push(vendorRating('redhat', ctx.docSeverity));
  for (const s of Array.isArray(v.scores) ? v.scores.filter(isObject) : []) {
    if (isObject(s.cvss_v3)) adv.severities.push(cvssRating('redhat', 'CVSS_V3', str(s.cvss_v3.vectorString), typeof s.cvss_v3.baseScore === 'number' ? s.cvss_v3.baseScore : undefined));
    if (isObject(s.cvss_v2)) adv.severities.push(cvssRating('redhat', 'CVSS_V2', str(s.cvss_v2.vectorString), typeof s.cvss_v2.baseScore === 'number' ? s.cvss_v2.baseScore : undefined));
  }
  adv.severities = adv.severities.filter((s, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(s)) === i);
  const published = str(v.release_date) ?? str(v.discovery_date); if (published) adv.published = published;
  if (ctx.modified) adv.modified = ctx.modified;
  return { kind: 'advisory', advisory: adv, fragment: true };
}

export const csafReader: FeedReader = {
  format: 'csaf',
  async detect(path) {
    if (extOf(path) !== 'json') return false;
    const head = readHead(path, 4096);
    return /"document"\s*:/.test(head) && /"category"\s*:\s*"csaf_(vex|security_advisory)"/.test(head);
  },
  async *read(path) {
    const parsed = readJsonFeed(path);
    if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
    const doc = parsed.value;
    if (!isObject(doc) || !isObject(doc.document) || !Array.isArray(doc.vulnerabilities)) { yield skipped(path, 'not a CSAF document (document / vulnerabilities missing)'); return; }
    const products = new Map<string, Product>();
    const relations = new Map<string, Relation>();
    const tree = isObject(doc.product_tree) ? doc.product_tree : {};
    walkBranches(tree.branches, products);
    for (const r of Array.isArray(tree.relationships) ? tree.relationships.filter(isObject) : []) {
      const id = isObject(r.full_product_name) ? str(r.full_product_name.product_id) : undefined;
      const component = str(r.product_reference), platform = str(r.relates_to_product_reference);
      if (id && component && platform) relations.set(id, { component, platform });
    }
    const tracking = isObject(doc.document.tracking) ? doc.document.tracking : {};
    const ctx = {
      products, relations, docId: str(tracking.id) ?? basename(path),
      docSeverity: isObject(doc.document.aggregate_severity) ? str(doc.document.aggregate_severity.text) : undefined,
      vex: doc.document.category === 'csaf_vex', modified: str(tracking.current_release_date),
    };
    for (const v of doc.vulnerabilities) {
      yield isObject(v) ? vulnerabilityItem(path, v, ctx) : skipped(path, 'vulnerability is not an object', ctx.docId);
    }
  },
};
