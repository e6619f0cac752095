// Redaction of what reports print from the image configuration and the scanners' messages. Secret
// findings arrive already redacted, but other text a report prints can hold the same secret: an env
// var (DB_PASSWORD=...), a history step (`RUN |1 TOKEN=... /bin/sh -c ...`, `ENV KEY=...`), a
// misconfiguration message quoting either. Every writer's render function starts with
// redactOutcome, so no format can print them (src/report/redaction.test.ts runs every registered writer).
import type { ImageMeta } from '../inventory/model.js';
import type { PolicyOutcome } from '../policy/apply.js';

export const MASK = '*****';

// NAME=value / NAME: value / "name": "value" where the name says it holds a secret. The name is matched as a
// whole token (the lookbehind) and checked afterwards, so that the scan stays linear on hostile text.
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])["']?[A-Za-z0-9_.-]{1,200}["']?\s{0,20}[=:]\s{0,20}/g;
const VALUE = /"[^"\n]*"|'[^'\n]*'|[^\s"',;&|]+/y;
const SENSITIVE_NAME = /pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth|session[_-]?key|connection[_-]?string|dsn/i;

// Tokens recognisable by their shape wherever they appear: [pattern, replacement].
const TOKENS: [RegExp, string][] = [
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g, MASK],               // AWS access key ids
  [/\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g, MASK], [/\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, MASK], // GitHub
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, MASK],                                                // GitLab
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, MASK],                                            // Slack
  [/\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, MASK],                                   // Stripe
  [/\bnpm_[A-Za-z0-9]{36}\b/g, MASK], [/\bpypi-[A-Za-z0-9_-]{50,}/g, MASK],              // npm, PyPI
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],             // JWT
  // A private key's body (the BEGIN line stays: it says what the secret is).
  [/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)[\s\S]*?(?=-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g, `$1${MASK}`],
  [/(:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/g, `$1${MASK}`],                                     // user:password@ in URLs
];

// Long random-looking base64 runs (a PEM body line, an AWS secret key): mixed case and digits, high entropy.
// Hex digests are not masked (no upper case), nor paths (their separators break the run).
const BASE64_RUN = /[A-Za-z0-9+/]{32,}={0,2}/g;

function entropy(s: string): number {
  const freq = new Map<string, number>();
  for (const c of s) freq.set(c, (freq.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

function looksRandom(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && entropy(run) >= 4;
}

const isMasked = (value: string) => /^\*+$/.test(value.replace(/^["']|["']$/g, ''));

/** Masks the values of sensitive assignments; the value of any other assignment is scanned too (A=x:TOKEN=y). */
function maskAssignments(text: string): string {
  const re = new RegExp(ASSIGNMENT.source, 'g');
  let out = '', last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[0];
    if (!SENSITIVE_NAME.test(name)) continue;
    VALUE.lastIndex = m.index + name.length;
    const value = VALUE.exec(text)?.[0];
    if (!value || isMasked(value)) continue;
    out += text.slice(last, m.index) + name + MASK;
    last = re.lastIndex = m.index + name.length + value.length;
  }
  return out + text.slice(last);
}

/** The text with secret-looking values replaced by MASK. Idempotent. */
export function redactText(text: string): string {
  let out = maskAssignments(text);
  for (const [re, replacement] of TOKENS) out = out.replace(re, replacement);
  return out.replace(BASE64_RUN, (run) => (looksRandom(run) ? MASK : run));
}

// The fields whose text comes from the image configuration or a scanner's message about it.
const TEXT_KEYS = new Set(['createdBy', 'match', 'message', 'env', 'cmd', 'entrypoint', 'labels', 'warnings']);

function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return redactText(v);
  if (Array.isArray(v)) return v.map(redactValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValue(x)]));
  return v;
}

/**
 * A copy of the outcome whose configuration-derived text (env, cmd, entrypoint, labels, layer `createdBy`,
 * secret `match`, misconfiguration `message`, warnings) is redacted. Objects shared between findings
 * and the inventory (a Package, a LayerRef) stay shared in the copy.
 */
export function redactOutcome(outcome: PolicyOutcome): PolicyOutcome {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (!v || typeof v !== 'object' || v instanceof Date) return v;
    const done = seen.get(v);
    if (done) return done;
    if (Array.isArray(v)) {
      const arr: unknown[] = [];
      seen.set(v, arr);
      for (const x of v) arr.push(walk(x));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    seen.set(v, obj);
    for (const [k, x] of Object.entries(v)) obj[k] = TEXT_KEYS.has(k) ? redactValue(x) : walk(x);
    return obj;
  };
  return walk(outcome) as PolicyOutcome;
}

/**
 * The image's configuration text with secret-looking values masked, as every report prints it
 * (redactOutcome): `inspect` output lands in CI logs too, and ENV/ARG values and build steps hold passwords.
 */
export function redactImageMeta(img: ImageMeta): ImageMeta {
  const text = (v: string | undefined) => (v === undefined ? undefined : redactText(v));
  const texts = (v: string[] | undefined) => v?.map(redactText);
  return {
    ...img,
    layers: img.layers.map((l) => ({ ...l, createdBy: text(l.createdBy) })),
    env: texts(img.env), cmd: texts(img.cmd), entrypoint: texts(img.entrypoint),
    labels: img.labels && Object.fromEntries(Object.entries(img.labels).map(([k, v]) => [k, redactText(v)])),
    healthcheck: img.healthcheck && { ...img.healthcheck, test: texts(img.healthcheck.test) },
    history: img.history?.map((h) => ({ ...h, createdBy: text(h.createdBy) })),
  };
}
