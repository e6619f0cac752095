// Words and groupings for secrets, misconfigurations and licence findings that several writers share:
// where a secret sits (path:line, the layer and build step that added it, "deleted later"), which
// sections a result shows, and the policy verdict over every kind.
import type { Misconfiguration, SecretFinding } from '../analyze/types.js';
import type { ImageMeta } from '../inventory/model.js';
import type { ScanResult } from '../match/model.js';
import type { PolicyOutcome } from '../policy/apply.js';
import { kindNoun, type OtherKind } from '../policy/kinds.js';
import { layerLabel, layerStep } from '../inventory/layer-label.js';

/** '/root/.aws/credentials:2', or 'image configuration (env)' for 'config:env'. */
export function secretWhere(s: SecretFinding): string {
  const m = /^config:(.*)$/.exec(s.path);
  if (m) return `image configuration (${m[1]}${s.line ? ` entry ${s.line}` : ''})`;
  return `${s.path}${s.line ? `:${s.line}` : ''}`;
}

/** 'layer 4 of 5 (sha256:673d607d7164): COPY secrets/ / # buildkit' (the step that added the file), or undefined when unknown. */
export function secretLayer(s: SecretFinding, image: ImageMeta): string | undefined {
  return s.layer ? layerStep(s.layer, image) : undefined;
}

/** The reason deleting the file did not help, in the words every format uses. */
export function deletedNote(s: SecretFinding, image: ImageMeta): string | undefined {
  if (!s.deleted) return undefined;
  return `deleted in a later layer, still in ${s.layer ? layerLabel(s.layer, image) : 'an earlier layer'}`;
}

/** 'Dockerfile:3-5', an image file, or 'image configuration' when the misconfiguration has no path. */
export function misconfigWhere(m: Misconfiguration, image: ImageMeta): string {
  const l = m.location;
  if (!l?.path) return l?.layer ? `image configuration (${layerLabel(l.layer, image)})` : 'image configuration';
  return `${l.path}${l.startLine ? `:${l.startLine}${l.endLine && l.endLine !== l.startLine ? `-${l.endLine}` : ''}` : ''}`;
}

const SCANNER_OF: Record<OtherKind, 'secret' | 'misconfig' | 'license'> = { secret: 'secret', misconfiguration: 'misconfig', license: 'license' };

/** A section is shown when it has findings, or when its scanner ran and found none (result.scanners). */
export function showsSection(r: ScanResult, kind: OtherKind): boolean {
  const n = kind === 'secret' ? r.inventory.secrets.length : kind === 'misconfiguration' ? r.inventory.misconfigurations.length : (r.licenses ?? []).length;
  return n > 0 || !!r.scanners?.includes(SCANNER_OF[kind]);
}

/**
 * Whether vulnerabilities were looked for: results without a scanners list (older callers) say nothing, so yes.
 * With the vuln scanner off (`--scanners secret`, skipMatch) no writer may say "no vulnerabilities found".
 */
export function vulnsScanned(r: ScanResult): boolean {
  return !r.scanners || r.scanners.includes('vuln');
}

/** The words every format uses after 'vulnerabilities' when they were not looked for. */
export const VULNS_NOT_SCANNED = 'not scanned (the vuln scanner was off)';

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (x: T) => string): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return [...m];
}

/** '3 vulnerabilities, 5 secrets and 2 misconfigurations', over what is at or over the threshold; '' when nothing is. */
export function failingPhrase(outcome: PolicyOutcome): string {
  const parts: string[] = [];
  if (outcome.failing.length) parts.push(`${outcome.failing.length} ${kindNoun('vulnerability', outcome.failing.length)}`);
  for (const k of ['secret', 'misconfiguration', 'license'] as const) {
    const n = outcome.failingOther?.[k]?.length ?? 0;
    if (n) parts.push(`${n} ${kindNoun(k, n)}`);
  }
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** 'secrets: 2 by ignore; licence findings: 40 by severity' for what the policy removed besides vulnerabilities. */
export function suppressedOtherPhrase(outcome: PolicyOutcome): string {
  const by = new Map<OtherKind, Map<string, number>>();
  for (const s of outcome.suppressedOther ?? []) {
    const m = by.get(s.item.kind) ?? new Map<string, number>();
    by.set(s.item.kind, m);
    m.set(s.kind, (m.get(s.kind) ?? 0) + 1);
  }
  return [...by].map(([k, m]) => `${kindNoun(k, 2)}: ${[...m].map(([why, n]) => `${n} by ${why}`).join(', ')}`).join('; ');
}
