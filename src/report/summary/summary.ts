// `--summary`: one screen about an image: what it is, whether its OS is still supported, how many packages,
// and unique vulnerabilities per severity split between the base image's layers and the layers added on top;
// then secrets, misconfigurations and licence findings counted per severity.
import type { Finding } from '../../match/model.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { SEVERITY_LEVELS, type SeverityCounts } from '../../policy/severity.js';
import { countBySeverity } from '../../policy/unique.js';
import { describeAction, fixPlan } from '../remediation/fix-plan.js';
import { countOther } from '../../policy/kinds.js';
import { showsSection, VULNS_NOT_SCANNED, vulnsScanned } from '../other-findings.js';
import { imageName } from '../targets.js';
import type { ReportOptions, ReportWriter } from '../types.js';
import { colorSeverity } from '../table/ansi.js';
import { splitBaseLayers } from './base-layers.js';
import { osSupport } from './eol.js';
import { redactOutcome } from '../redact.js';

export interface ImageSummary {
  image: string;
  digest?: string;
  platform: string;
  layers: number;
  os?: string;
  support: ReturnType<typeof osSupport>;
  packages: { total: number; byType: Record<string, number> };
  base: { layers: number[]; counts: SeverityCounts };
  added: { layers: number[]; counts: SeverityCounts };
  total: SeverityCounts;
  kev: number;
  fixable: number;
  rule: string;
  /** Per kind, one per finding, for the kinds found or scanned for (result.scanners). */
  secrets?: SeverityCounts & { deleted: number };
  misconfigurations?: SeverityCounts;
  licenses?: SeverityCounts;
}

const layerOf = (f: Finding) => f.package.locations[0]?.layer.index ?? 0;

export function summarise(outcome: PolicyOutcome, now = new Date()): ImageSummary[] {
  return outcome.results.map((r) => {
    const split = splitBaseLayers(r.inventory.image);
    const base = new Set(split.baseLayers);
    const byType: Record<string, number> = {};
    for (const p of r.inventory.packages) byType[p.type] = (byType[p.type] ?? 0) + 1;
    return {
      image: imageName(r.inventory),
      digest: r.inventory.image.digest,
      platform: r.inventory.image.platform,
      layers: r.inventory.image.layers.filter((l) => !l.empty).length,
      os: r.inventory.os?.name,
      support: osSupport(r.inventory.os, now),
      packages: { total: r.inventory.packages.length, byType },
      base: { layers: split.baseLayers, counts: countBySeverity(r.findings.filter((f) => base.has(layerOf(f)))) },
      added: { layers: split.addedLayers, counts: countBySeverity(r.findings.filter((f) => !base.has(layerOf(f)))) },
      total: countBySeverity(r.findings),
      kev: new Set(r.findings.filter((f) => f.kev).map((f) => f.id)).size,
      fixable: new Set(r.findings.filter((f) => f.fixedVersion).map((f) => f.id)).size,
      rule: split.rule,
      ...(showsSection(r, 'secret') ? { secrets: { ...countOther(r.inventory.secrets), deleted: r.inventory.secrets.filter((x) => x.deleted).length } } : {}),
      ...(showsSection(r, 'misconfiguration') ? { misconfigurations: countOther(r.inventory.misconfigurations) } : {}),
      ...(showsSection(r, 'license') ? { licenses: countOther(r.licenses ?? []) } : {}),
    };
  });
}

/** 'layer 1 of 5', 'layers 2-5 of 5': counted from the base, 1-based, as every report names layers (layer-label.ts). */
function range(indexes: number[], total: number): string {
  if (!indexes.length) return 'none';
  const [first, last] = [indexes[0]! + 1, indexes[indexes.length - 1]! + 1];
  const of = Math.max(total, last);
  return first === last ? `layer ${first} of ${of}` : `layers ${first}-${last} of ${of}`;
}

export function renderSummary(raw: PolicyOutcome, opts: ReportOptions = {}): string {
  const outcome = redactOutcome(raw);
  const color = !!opts.color;
  const out: string[] = [];
  summarise(outcome, opts.now).forEach((s, i) => {
    const r = outcome.results[i]!;
    out.push(`Image:     ${s.image}${s.digest ? ` (${s.digest.slice(0, 19)})` : ''}  ${s.platform}, ${s.layers} layers`);
    out.push(`OS:        ${s.os ?? 'unknown'}: ${s.support.text}`);
    out.push(`Packages:  ${s.packages.total}${Object.keys(s.packages.byType).length ? ` (${Object.entries(s.packages.byType).sort().map(([t, n]) => `${n} ${t}`).join(', ')})` : ''}`);
    out.push('');
    const head = ['', ...SEVERITY_LEVELS.map((l) => l.slice(0, 4)), 'TOTAL'];
    const rows: [string, SeverityCounts][] = [
      [`base (${range(s.base.layers, r.inventory.image.layers.length)})`, s.base.counts], [`added (${range(s.added.layers, r.inventory.image.layers.length)})`, s.added.counts], ['all (unique)', s.total],
    ];
    const w0 = Math.max(...rows.map(([l]) => l.length), 12);
    if (vulnsScanned(r)) {
      out.push(head.map((h, j) => (j === 0 ? h.padEnd(w0) : h.padStart(6))).join(' '));
      for (const [label, c] of rows) {
        const total = Object.values(c).reduce((a, b) => a + b, 0);
        out.push([label.padEnd(w0), ...SEVERITY_LEVELS.map((l) => colorSeverity(l, String(c[l]).padStart(6), color && c[l] > 0)), String(total).padStart(6)].join(' '));
      }
      out.push('', `Known exploited (KEV): ${s.kev}   with a fix available: ${s.fixable}`);
    } else out.push(`Vulnerabilities:   ${VULNS_NOT_SCANNED}`);
    const kindLine = (label: string, c: SeverityCounts, extra = '') => {
      const total = SEVERITY_LEVELS.reduce((a, l) => a + c[l], 0);
      const parts = SEVERITY_LEVELS.filter((l) => c[l] > 0).map((l) => colorSeverity(l, `${l[0]} ${c[l]}`, color));
      return `${label.padEnd(19)}${String(total).padStart(4)}${parts.length ? ` (${parts.join(', ')})` : ''}${extra}`;
    };
    if (s.secrets) out.push(kindLine('Secrets:', s.secrets, s.secrets.deleted ? `, ${s.secrets.deleted} in files deleted by a later layer (still in the image)` : ''));
    if (s.misconfigurations) out.push(kindLine('Misconfigurations:', s.misconfigurations));
    if (s.licenses) out.push(kindLine('Licence findings:', s.licenses));
    const plan = fixPlan(r.findings).filter((a) => a.targetVersion).slice(0, 3);
    if (plan.length) out.push('Top fixes:', ...plan.map((a) => `  ${describeAction(a)}`));
    out.push(`(base layers by the ${s.rule} rule: see src/report/summary/base-layers.ts)`);
    if (i < outcome.results.length - 1) out.push('', '');
  });
  return out.join('\n') + '\n';
}

export const summaryWriter: ReportWriter = { format: 'summary', description: 'one-screen overview (same as --summary)', extension: 'txt', write: renderSummary };
