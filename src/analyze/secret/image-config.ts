// Secrets in the image configuration: the `Env` list and the build history (`created_by` of ENV, ARG
// and RUN steps). Both the file rules and secret-looking variable names with literal values
// (DB_PASSWORD=hunter2-example) count. Findings are redacted like file findings.
import type { LayerRef } from '../../inventory/model.js';
import type { ImageConfig } from '../../source/types.js';
import type { SecretFinding } from '../types.js';
import { findingAllowed } from './allow-rules.js';
import { activeAllowRules, activeRules, type SecretConfig } from './config.js';
import { compileRules, findSecrets, REDACTED, type CompiledRules } from './detect.js';
import { isPlaceholder } from './entropy.js';
import type { SecretRule } from './rules.js';
// Secret-looking variable names: the same answer as misconfiguration rule HS-DS-007.
import { isSecretName } from '../../misconfig/secret-names.js';

export interface ImageConfigSecretsInput {
  /** Config `Env` ('NAME=value' strings). */
  env?: string[];
  /** Config history; empty_layer entries have no layer of their own. */
  history?: ImageConfig['history'];
  /** The image's layers in order (index, diffId, digest, createdBy): history steps map onto them. */
  layers?: LayerRef[];
}


/** A literal value: not empty, not a reference to another variable or a placeholder. */
function isLiteralValue(value: string): boolean {
  const v = value.trim();
  return v.length >= 4 && !isPlaceholder(v) && !/^[/.~]/.test(v) && !/^(?:true|false|yes|no|on|off|none|null|\d{1,5})$/i.test(v);
}

/** NAME=value pairs of a `created_by` string: ENV/ARG instructions and the build args of `RUN |2 A=b C=d ...`. */
function assignmentsIn(createdBy: string): { name: string; value: string }[] {
  const text = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s+/, '');
  const out: { name: string; value: string }[] = [];
  const re = /(?<![\w$])([A-Za-z_][A-Za-z0-9_.-]*)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g;
  for (const m of text.matchAll(re)) out.push({ name: m[1]!, value: m[2] ?? m[3] ?? m[4] ?? '' });
  // legacy `ENV NAME value` form (one pair, space separated)
  const legacy = /^ENV\s+([A-Za-z_][A-Za-z0-9_]*)\s+([^=\s][^\n]*)$/.exec(text.trim());
  if (legacy && !legacy[2]!.includes('=')) out.push({ name: legacy[1]!, value: legacy[2]!.trim() });
  return out;
}

function redactAll(text: string, secret: string): string {
  return text.split(secret).join(REDACTED);
}

/** The history steps with the layer each one made (none for empty_layer steps). */
function historySteps(input: ImageConfigSecretsInput): { createdBy: string; layer?: LayerRef }[] {
  // only the LayerRef fields: callers may pass richer layer objects (a source's LayerBlobs)
  const layers = (input.layers ?? []).map((l): LayerRef => {
    const ref: LayerRef = { index: l.index, diffId: l.diffId };
    if (l.digest) ref.digest = l.digest;
    if (l.createdBy !== undefined) ref.createdBy = l.createdBy;
    return ref;
  });
  if (!input.history) return layers.filter((l) => l.createdBy).map((l) => ({ createdBy: l.createdBy!, layer: l }));
  let next = 0;
  return input.history.map((h) => {
    const layer = h.empty_layer ? undefined : layers[next++];
    return { createdBy: h.created_by ?? '', layer };
  }).filter((s) => s.createdBy);
}

interface Scanner { compiled: CompiledRules; byId: Map<string, SecretRule>; allow: CompiledRules['allow'] }

const scanners = new WeakMap<SecretConfig, Scanner>();
const DEFAULTS: SecretConfig = {};

function scannerFor(config: SecretConfig = DEFAULTS): Scanner {
  let s = scanners.get(config);
  if (!s) {
    const rules = activeRules(config);
    const allow = activeAllowRules(config);
    s = { compiled: compileRules(rules, allow), byId: new Map(rules.map((r) => [r.id, r])), allow };
    scanners.set(config, s);
  }
  return s;
}

/**
 * Secrets in the config's Env (path 'config:env') and history (path 'config:history', layer = the
 * step's layer when it made one, its createdBy redacted). One finding per rule per string.
 */
export function findImageConfigSecrets(input: ImageConfigSecretsInput, config?: SecretConfig): SecretFinding[] {
  const scanner = scannerFor(config);
  const out: SecretFinding[] = [];
  (input.env ?? []).forEach((entry, i) => {
    const { findings } = scanConfigString(entry, 'config:env', scanner);
    for (const f of findings) out.push({ ...f, line: i + 1 });
  });
  for (const step of historySteps(input)) {
    const { findings, redacted } = scanConfigString(step.createdBy, 'config:history', scanner);
    for (const f of findings) out.push(step.layer ? { ...f, layer: { ...step.layer, createdBy: redacted } } : f);
  }
  return out;
}

/**
 * A build step, env entry or any config string with every secret the rules (or a secret-looking
 * name) find in it replaced by '*****': for showing `created_by` strings next to findings.
 */
export function redactSecrets(text: string, config?: SecretConfig): string {
  return scanConfigString(text, 'config:history', scannerFor(config)).redacted;
}

function scanConfigString(text: string, path: 'config:env' | 'config:history', { compiled, byId, allow }: Scanner): { findings: SecretFinding[]; redacted: string } {
  const finding = (rule: SecretRule, match: string): SecretFinding =>
    ({ rule: rule.id, category: rule.category, title: rule.title, severity: rule.severity, path, match, deleted: false });
  // Values of secret-looking names are redacted everywhere in this string, whichever rule reports it.
  const pairs = (path === 'config:env' ? envPair(text) : assignmentsIn(text))
    .filter(({ name, value }) => isSecretName(name) && isLiteralValue(value));
  const hide = (s: string) => pairs.reduce((acc, p) => redactAll(acc, p.value), s);
  // 1. the file rules on the whole string (a ghp_ token in a RUN step, DB_PASSWORD=<random> as an assignment)
  const located = findSecrets(text, compiled, path);
  const findings = located.map((f) => finding(byId.get(f.rule)!, hide(f.match)));
  const reported = located.map((f) => text.slice(f.start, f.end));
  const redacted = hide(reported.reduce((acc, s) => redactAll(acc, s), text));
  // 2. secret-looking names whose literal values no rule reported, whatever the values look like
  const rest = pairs.filter((p) => !reported.some((s) => s.includes(p.value) || p.value.includes(s)));
  let rule: SecretRule | undefined;
  for (const { name, value } of rest) {
    const r = byId.get(/pass/i.test(name) ? 'generic-password' : 'generic-secret');
    if (!r || findingAllowed(allow, r.id, value, path)) continue;
    rule ??= r;
  }
  if (rule) findings.push(finding(rule, redacted));
  return { findings, redacted };
}

function envPair(entry: string): { name: string; value: string }[] {
  const eq = entry.indexOf('=');
  return eq > 0 ? [{ name: entry.slice(0, eq), value: entry.slice(eq + 1) }] : [];
}
