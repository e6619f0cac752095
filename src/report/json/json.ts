// JSON report: hullscan's own documented, versioned format (schema.json beside this file, README.md).
// Key order is fixed by construction and findings keep the priority order, so output is stable.
import type { Misconfiguration, SecretFinding } from '../../analyze/types.js';
import type { LayerRef } from '../../inventory/model.js';
import type { Finding, LicenseFinding } from '../../match/model.js';
import { otherId, otherWhere } from '../../policy/kinds.js';
import { redactOutcome } from '../redact.js';
import type { PolicyOutcome } from '../../policy/apply.js';
import { fixPlan } from '../remediation/fix-plan.js';
import { TOOL_NAME, TOOL_VERSION, type ReportOptions, type ReportWriter } from '../types.js';

export const JSON_REPORT_SCHEMA_VERSION = '1.2';
export const JSON_REPORT_SCHEMA_ID = 'https://hullscan.dev/schemas/report-1.2.json';

const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function findingJson(f: Finding) {
  const loc = f.package.locations[0];
  return {
    id: f.id,
    aliases: [...f.aliases].sort(),
    severity: f.severity,
    severitySource: f.severitySource,
    status: f.status,
    package: {
      type: f.package.type, name: f.package.name, version: f.package.version, purl: f.package.purl,
      source: f.package.source ? { name: f.package.source.name, version: opt(f.package.source.version) } : null,
      path: opt(loc?.path),
      layer: loc ? { index: loc.layer.index, diffId: loc.layer.diffId, createdBy: opt(loc.layer.createdBy) } : null,
    },
    installedVersion: f.installedVersion,
    fixedVersion: opt(f.fixedVersion),
    title: opt(f.title),
    description: opt(f.description),
    ratings: f.ratings.map((r) => ({ source: r.source, type: r.type, vector: opt(r.vector), score: opt(r.score), level: opt(r.level) })),
    cwes: [...f.cwes],
    references: [...f.references],
    kev: f.kev ? { dateAdded: f.kev.dateAdded, dueDate: opt(f.kev.dueDate), knownRansomware: f.kev.knownRansomware } : null,
    epss: f.epss ? { score: f.epss.score, percentile: f.epss.percentile } : null,
    reachability: opt(f.reachability),
    evidence: f.evidence.map((e) => ({ source: e.source, record: e.record, ecosystem: e.ecosystem, package: e.package, comparator: e.comparator, decidedBy: e.decidedBy })),
  };
}

const layerJson = (l: LayerRef | undefined) => (l ? { index: l.index, diffId: l.diffId, createdBy: opt(l.createdBy) } : null);

function secretJson(x: SecretFinding) {
  return {
    rule: x.rule, category: x.category, title: x.title, severity: x.severity, path: x.path, line: opt(x.line), match: x.match,
    layer: x.layer?.index ?? null, layerDiffId: opt(x.layer?.diffId), createdBy: opt(x.layer?.createdBy), deleted: x.deleted,
  };
}

function misconfigurationJson(m: Misconfiguration) {
  return {
    id: m.id, title: m.title, severity: m.severity, message: m.message, description: opt(m.description), resolution: opt(m.resolution),
    references: [...(m.references ?? [])], cis: opt(m.cis),
    location: m.location ? { path: opt(m.location.path), startLine: opt(m.location.startLine), endLine: opt(m.location.endLine), layer: layerJson(m.location.layer) } : null,
  };
}

function licenseJson(l: LicenseFinding) {
  return {
    license: l.license, spdx: l.spdx, classification: l.classification, severity: l.severity, reason: l.reason,
    package: { type: l.package.type, name: l.package.name, version: l.package.version, purl: l.package.purl, path: opt(l.package.locations[0]?.path) },
  };
}

/** The report as a plain object (also what `compare` and the library API hand out); configuration text redacted. */
export function jsonReport(raw: PolicyOutcome, opts: ReportOptions = {}) {
  const outcome = redactOutcome(raw);
  return {
    $schema: JSON_REPORT_SCHEMA_ID,
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: opts.toolVersion ?? TOOL_VERSION },
    generatedAt: (opts.now ?? new Date()).toISOString(),
    summary: {
      counts: { ...outcome.counts }, threshold: opt(outcome.threshold), failing: [...outcome.failing], exitCode: outcome.exitCode,
      countsByKind: {
        vulnerability: { ...outcome.countsByKind.vulnerability }, secret: { ...outcome.countsByKind.secret },
        misconfiguration: { ...outcome.countsByKind.misconfiguration }, license: { ...outcome.countsByKind.license },
      },
      failingOther: { secret: [...outcome.failingOther.secret], misconfiguration: [...outcome.failingOther.misconfiguration], license: [...outcome.failingOther.license] },
    },
    results: outcome.results.map((r) => ({
      image: {
        reference: r.inventory.image.reference, names: [...r.inventory.image.names], digest: opt(r.inventory.image.digest),
        indexDigest: opt(r.inventory.image.indexDigest),
        configDigest: r.inventory.image.configDigest, platform: r.inventory.image.platform,
        layers: r.inventory.image.layers.map((l) => ({ index: l.index, diffId: l.diffId, createdBy: opt(l.createdBy) })),
      },
      os: r.inventory.os ? { family: r.inventory.os.family, name: r.inventory.os.name, version: opt(r.inventory.os.version), codename: opt(r.inventory.os.codename) } : null,
      packageCount: r.inventory.packages.length,
      db: r.db ? { path: r.db.path, schemaVersion: r.db.schemaVersion, builtAt: opt(r.db.builtAt) } : null,
      findings: r.findings.map(findingJson),
      scanners: r.scanners ? [...r.scanners] : null,
      secrets: r.inventory.secrets.map(secretJson),
      misconfigurations: r.inventory.misconfigurations.map(misconfigurationJson),
      licenses: (r.licenses ?? []).map(licenseJson),
      warnings: [...r.inventory.warnings],
      fixPlan: fixPlan(r.findings).map((a) => ({
        kind: a.kind, name: a.name, packages: a.packages.map((p) => p.purl), installedVersion: a.installedVersion,
        targetVersion: opt(a.targetVersion), fixes: [...new Set(a.fixed.map((f) => f.id))].sort(),
        unfixed: [...new Set(a.unfixed.map((f) => f.id))].sort(), counts: { ...a.counts }, distroFix: opt(a.distroFix),
      })),
    })),
    suppressed: outcome.suppressed.map((s) => ({
      id: s.finding.id, purl: s.finding.package.purl, severity: s.finding.severity, kind: s.kind, reason: s.reason, source: opt(s.source),
    })),
    suppressedOther: outcome.suppressedOther.map((s) => ({
      findingKind: s.item.kind, id: otherId(s.item), where: otherWhere(s.item), severity: s.item.finding.severity, kind: s.kind, reason: s.reason, source: opt(s.source),
    })),
    expiredIgnores: outcome.expiredIgnores.map((e) => ({ id: e.id, package: opt(e.package), path: opt(e.path), reason: opt(e.reason), expires: opt(e.expires), file: e.file })),
  };
}

export const jsonWriter: ReportWriter = {
  format: 'json',
  description: 'hullscan JSON report (schema: src/report/json/schema.json)',
  extension: 'json',
  write: (outcome, opts) => JSON.stringify(jsonReport(outcome, opts), null, 2) + '\n',
};
