// The secret scanner's configuration file, in the shape Trivy users know (trivy-secret.yaml):
//   rules:                 custom rules (id, category, title, severity, regex, keywords, path)
//   allow-rules:           findings to drop: by `path` regex, by secret `regex`, and/or by rule id (`rules`)
//   enable-builtin-rules:  only these built-in rules (default: all)
//   disable-rules:         rule ids to turn off (built-in or custom)
//   disable-allow-rules:   built-in allow rules to turn off
// Regexes may use Go/RE2 spellings: a leading (?i) and (?P<name>...) groups are accepted.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HullscanError } from '../../errors.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { BUILTIN_ALLOW_RULES, type AllowRule } from './allow-rules.js';
import { BUILTIN_RULES, type SecretRule } from './rules.js';

export type { AllowRule } from './allow-rules.js';

export interface SecretConfig {
  rules?: SecretRule[];
  allowRules?: AllowRule[];
  enableBuiltinRules?: string[];
  disableRules?: string[];
  disableAllowRules?: string[];
}

const SEVERITIES: readonly SeverityLevel[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NEGLIGIBLE', 'UNKNOWN'];
const TOP_KEYS = ['rules', 'allow-rules', 'enable-builtin-rules', 'disable-rules', 'disable-allow-rules'];

export function loadSecretConfig(path: string): SecretConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HullscanError(code === 'ENOENT' ? 'NOT_FOUND' : 'INPUT', `cannot read the secret config (${code ?? (e as Error).message})`, { subject: path, cause: e });
  }
  return parseSecretConfig(text, path);
}

export function parseSecretConfig(text: string, subject: string): SecretConfig {
  const bad = (msg: string): never => { throw new HullscanError('INPUT', `bad secret config: ${msg}`, { subject }); };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    bad(`not YAML (${String((e as Error).message).split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) bad('expected a mapping at the top');
  const top = doc as Record<string, unknown>;
  for (const k of Object.keys(top)) if (!TOP_KEYS.includes(k)) bad(`unknown key '${k}' (expected ${TOP_KEYS.join(', ')})`);

  const list = (key: string): unknown[] => {
    const v = top[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) bad(`'${key}' must be a list`);
    return v as unknown[];
  };
  const ids = (key: string): string[] => list(key).map((v, i) => (typeof v === 'string' && v ? v : bad(`'${key}' item ${i + 1} must be a rule id`)));
  const str = (o: Record<string, unknown>, k: string, where: string): string | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') bad(`${where}: '${k}' must be a string`);
    return v as string;
  };
  const regex = (source: string, where: string, global: boolean): RegExp => {
    let flags = global ? 'gd' : '';
    let src = source;
    const inline = /^\(\?([a-z]+)\)/.exec(src);
    if (inline) {
      for (const f of inline[1]!) {
        if (f === 'i' || f === 'm' || f === 's') flags += f;
        else bad(`${where}: unsupported regex flag '${f}'`);
      }
      src = src.slice(inline[0].length);
    }
    src = src.replace(/\(\?P</g, '(?<');
    try {
      return new RegExp(src, flags);
    } catch (e) {
      return bad(`${where}: invalid regex (${(e as Error).message})`);
    }
  };
  const mapping = (v: unknown, where: string): Record<string, unknown> =>
    (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : bad(`${where} must be a mapping`));

  const knownIds = new Set(BUILTIN_RULES.map((r) => r.id));
  const rules = list('rules').map((v, i): SecretRule => {
    const where = `rules item ${i + 1}`;
    const o = mapping(v, where);
    const id = str(o, 'id', where) ?? bad(`${where}: 'id' is required`);
    const source = str(o, 'regex', where) ?? bad(`${where} (${id}): 'regex' is required`);
    const severity = (str(o, 'severity', where) ?? 'MEDIUM').toUpperCase() as SeverityLevel;
    if (!SEVERITIES.includes(severity)) bad(`${where} (${id}): unknown severity '${severity}'`);
    const keywords = o.keywords === undefined ? [] : Array.isArray(o.keywords) && o.keywords.every((k) => typeof k === 'string' && k)
      ? (o.keywords as string[]).map((k) => k.toLowerCase()) : bad(`${where} (${id}): 'keywords' must be a list of words`);
    const group = str(o, 'secret-group-name', where);
    const re = regex(group && group !== 'secret' ? source.replace(new RegExp(`\\(\\?P?<${group}>`), '(?<secret>') : source, `${where} (${id})`, true);
    const path = str(o, 'path', where);
    const rule: SecretRule = {
      id, category: str(o, 'category', where) ?? 'Custom', title: str(o, 'title', where) ?? id, severity, keywords, regex: re,
    };
    if (path) rule.path = regex(path, `${where} (${id}) path`, false);
    knownIds.add(id);
    return rule;
  });
  const allowRules = list('allow-rules').map((v, i): AllowRule => {
    const where = `allow-rules item ${i + 1}`;
    const o = mapping(v, where);
    const id = str(o, 'id', where) ?? `allow-rule-${i + 1}`;
    const rule: AllowRule = { id };
    const description = str(o, 'description', where);
    if (description) rule.description = description;
    const path = str(o, 'path', where);
    if (path) rule.path = regex(path, `${where} (${id}) path`, false);
    const re = str(o, 'regex', where);
    if (re) rule.regex = regex(re, `${where} (${id}) regex`, false);
    const ruleIds = o.rules ?? o.rule;
    if (ruleIds !== undefined) {
      const arr = typeof ruleIds === 'string' ? [ruleIds] : Array.isArray(ruleIds) && ruleIds.every((r) => typeof r === 'string') ? ruleIds as string[] : bad(`${where} (${id}): 'rules' must be a list of rule ids`);
      rule.rules = arr;
    }
    if (!rule.path && !rule.regex && !rule.rules) bad(`${where} (${id}): needs a 'path', a 'regex' or 'rules'`);
    return rule;
  });
  const config: SecretConfig = {};
  if (rules.length) config.rules = rules;
  if (allowRules.length) config.allowRules = allowRules;
  const enable = ids('enable-builtin-rules');
  for (const id of enable) if (!BUILTIN_RULES.some((r) => r.id === id)) bad(`enable-builtin-rules: unknown rule '${id}'`);
  if (top['enable-builtin-rules'] !== undefined) config.enableBuiltinRules = enable;
  const disable = ids('disable-rules');
  for (const id of disable) if (!knownIds.has(id)) bad(`disable-rules: unknown rule '${id}'`);
  if (disable.length) config.disableRules = disable;
  const disableAllow = ids('disable-allow-rules');
  for (const id of disableAllow) if (!BUILTIN_ALLOW_RULES.some((r) => r.id === id)) bad(`disable-allow-rules: unknown allow rule '${id}'`);
  if (disableAllow.length) config.disableAllowRules = disableAllow;
  return config;
}

/** The rules a config leaves on, built-in ones first (so specific built-ins win overlaps), custom ones before the generic built-ins. */
export function activeRules(config: SecretConfig = {}): SecretRule[] {
  const disabled = new Set(config.disableRules ?? []);
  const enabled = config.enableBuiltinRules ? new Set(config.enableBuiltinRules) : undefined;
  const builtin = BUILTIN_RULES.filter((r) => !disabled.has(r.id) && (!enabled || enabled.has(r.id)));
  const custom = (config.rules ?? []).filter((r) => !disabled.has(r.id));
  const specific = builtin.filter((r) => r.category !== 'Generic');
  const generic = builtin.filter((r) => r.category === 'Generic');
  return [...specific, ...custom, ...generic];
}

/** The allow rules a config leaves on: the built-in ones not disabled, then the config's. */
export function activeAllowRules(config: SecretConfig = {}): AllowRule[] {
  const off = new Set(config.disableAllowRules ?? []);
  return [...BUILTIN_ALLOW_RULES.filter((r) => !off.has(r.id)), ...(config.allowRules ?? [])];
}

/** A stable fingerprint of a config, for the analyzer version (cached layer results depend on the config). */
export function configFingerprint(config: SecretConfig): number {
  const canon = JSON.stringify(config, (_k, v: unknown) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : typeof v === 'function' ? String(v) : v));
  let h = 0x811c9dc5;
  for (let i = 0; i < canon.length; i++) h = Math.imul(h ^ canon.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
