// The built-in secret rules: one entry per kind of credential, each a regex behind a keyword
// prefilter. A rule's named group `secret` is what gets redacted; order matters: a match that
// overlaps an earlier rule's match on the same text is dropped (specific rules come first).
import type { SeverityLevel } from '../../vulndb/model.js';
import { isPlaceholder, shannonEntropy } from './entropy.js';

export interface SecretRule {
  id: string;
  /** Provider or kind: 'AWS', 'GitHub', 'PrivateKey', 'Generic' ... */
  category: string;
  title: string;
  severity: SeverityLevel;
  /** Lower-case words; the rule runs only on text containing one of them. Every match contains one. */
  keywords: string[];
  /** Global ('g') regex with indices ('d'); the named group `secret` is the part to redact (else the whole match). */
  regex: RegExp;
  /** Only files whose path matches (image paths, absolute). */
  path?: RegExp;
  /** Lower-case words that must all occur somewhere in the same text. */
  requires?: string[];
  /** Further check of a match: entropy, decoding, placeholders. */
  validate?: (secret: string, groups: Record<string, string | undefined>) => boolean;
}

const ALNUM_AFTER = '(?![A-Za-z0-9_])';
const ALNUM_BEFORE = '(?<![A-Za-z0-9_])';

/** Random enough to be a real token and not a stand-in like ghp_xxxx or an all-zero example. */
const looksRandom = (min: number) => (secret: string) => !isPlaceholder(secret) && shannonEntropy(secret) >= min;

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(s) && s.length % 4 === 0;
}

/** A PEM body: base64 lines, maybe RFC 1421 headers (Proc-Type, DEK-Info) first. */
function isPemBody(body: string): boolean {
  const lines = body.replace(/\\n/g, '\n').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^[A-Za-z-]+:/.test(l));
  const b64 = lines.join('');
  return b64.length >= 64 && /^[A-Za-z0-9+/=]+$/.test(b64) && shannonEntropy(b64) > 4.5;
}

/** A JWT's header is base64url JSON naming the algorithm. */
function isJwt(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as Record<string, unknown>).alg === 'string';
  } catch {
    return false;
  }
}

/** Docker's "auth" is base64 of user:password. */
function isDockerAuth(b64: string): boolean {
  if (!isBase64(b64)) return false;
  const plain = Buffer.from(b64, 'base64').toString('utf8');
  const colon = plain.indexOf(':');
  return colon > 0 && colon < plain.length - 1 && /^[\x20-\x7e]+$/.test(plain);
}

// Generic assignments: `db_password = "..."`, `API_TOKEN: ...`, `"client_secret": "..."`.
const GENERIC_VALUE = '(?<q>["\'`]?)(?<secret>[^\\s"\'`;,<>(){}\\[\\]\\\\]{8,200})\\k<q>(?![^\\s"\'`;,)}\\]])';
const ASSIGN = '["\']?[ \\t]*(?::=|=>|=|:)[ \\t]*';

/** Name segments that say the value is about a secret, not the secret itself. */
const NOT_A_SECRET_NAME = /(?:^|[_.-])(?:file|files|path|dir|url|uri|host|port|user|username|name|len|length|type|id|field|param|prompt|label|policy|expiry|expires|expiration|timeout|ttl|endpoint|header|mode|format|required|regex|pattern|reset|input|count|size|min|max|command|cmd|program|helper|env|var|hint|char|chars|prefix|suffix|min_length|enabled|disabled|auth|method|store|cache|validity|lifetime|age|hash_method|strength|changed|change|request|response|class|style|option|options|message|msg|text|title|error|key_id|keyid|version)$/i;

/** A value that is code or a reference, not a literal secret. */
function isLiteralSecret(value: string, minEntropy: number): boolean {
  if (isPlaceholder(value)) return false;
  if (/^[a-z]+:\/\/|^\/|^\.{1,2}\/|^~\//i.test(value)) return false;                      // URLs and paths
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;               // obj.member
  if (/^[A-Za-z]+$/.test(value) || /^[a-z]+(?:[_-][a-z]+)+$/.test(value)) return false;   // words, identifiers
  if (/^[A-Z0-9_]+$/.test(value) && /_/.test(value)) return false;                          // CONSTANT_NAMES
  if (/^\d+(?:\.\d+)*$/.test(value)) return false;                                          // numbers, versions
  if (/^(?:true|false|yes|no|on|off|required|optional)$/i.test(value)) return false;
  if (/=./.test(value)) return false;                                                        // a=b chains (minified code)
  // Code names its things with letters ('_S_token_ord_char', '?InterpolationInTemplate'); a random
  // value of this length almost always has a digit (97% for 20 base62 characters).
  if (!/\d/.test(value) && (value.length < 16 || !/[+/!@#%^&*~]/.test(value))) return false;
  return charClasses(value) >= 2 && shannonEntropy(value) >= minEntropy;
}

/** How many of lower case, upper case, digits and symbols a value uses. */
function charClasses(value: string): number {
  return Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value)) + Number(/[^A-Za-z0-9]/.test(value));
}

export function isSecretName(name: string): boolean {
  return !NOT_A_SECRET_NAME.test(name);
}

export const BUILTIN_RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key-id', category: 'AWS', title: 'AWS Access Key ID', severity: 'CRITICAL',
    keywords: ['akia', 'asia', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'a3t'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16})${ALNUM_AFTER}`, 'gd'),
    validate: (s) => shannonEntropy(s) >= 3,
  },
  {
    id: 'aws-secret-access-key', category: 'AWS', title: 'AWS Secret Access Key', severity: 'CRITICAL',
    keywords: ['aws_secret', 'aws-secret', 'aws.secret', 'awssecret', 'secret_access', 'secret-access', 'secret.access', 'secretaccess'],
    regex: new RegExp(`(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key)${ASSIGN}["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`, 'gid'),
    validate: looksRandom(3.5),
  },
  {
    id: 'gcp-service-account', category: 'GCP', title: 'GCP service account private key', severity: 'CRITICAL',
    keywords: ['"private_key"'], requires: ['service_account', 'client_email'],
    regex: /"private_key"\s*:\s*"(?<secret>-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----[^"]{64,})"/gd,
  },
  {
    id: 'azure-storage-account-key', category: 'Azure', title: 'Azure storage account key (connection string)', severity: 'CRITICAL',
    keywords: ['accountkey'],
    regex: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/gid,
    validate: looksRandom(4),
  },
  {
    id: 'azure-storage-key', category: 'Azure', title: 'Azure storage account key', severity: 'CRITICAL',
    keywords: ['azure'],
    regex: new RegExp(`azure[\\w.-]{0,30}?(?:key|secret)${ASSIGN}["']?(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])`, 'gid'),
    validate: looksRandom(4),
  },
  {
    id: 'private-key', category: 'PrivateKey', title: 'Private key', severity: 'HIGH',
    keywords: ['private key'],
    // The body never holds '--' (base64 and RFC 1421 headers like DEK-Info), so a BEGIN without an END
    // stops at the next '-----' instead of reading on: linear on a file of BEGIN lines.
    regex: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?<secret>(?:[^-]|-(?!-)){64,262144})-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/gd,
    validate: isPemBody,
  },
  {
    id: 'putty-private-key', category: 'PrivateKey', title: 'PuTTY private key', severity: 'HIGH',
    keywords: ['putty-user-key-file'],
    regex: /PuTTY-User-Key-File-\d+:[^\r\n]*\r?\n(?:[^\r\n]*\r?\n){0,64}?Private-Lines:[ \t]*\d+\r?\n(?<secret>(?:[A-Za-z0-9+/=]+\r?\n?)+)/gd,
    validate: (s) => s.replace(/\s/g, '').length >= 40,
  },
  {
    id: 'github-pat', category: 'GitHub', title: 'GitHub personal access token', severity: 'CRITICAL',
    keywords: ['ghp_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>ghp_[0-9A-Za-z]{36})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'github-fine-grained-pat', category: 'GitHub', title: 'GitHub fine-grained personal access token', severity: 'CRITICAL',
    keywords: ['github_pat_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>github_pat_[0-9A-Za-z_]{82})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'github-oauth', category: 'GitHub', title: 'GitHub OAuth access token', severity: 'CRITICAL',
    keywords: ['gho_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>gho_[0-9A-Za-z]{36})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'github-app-token', category: 'GitHub', title: 'GitHub App token', severity: 'CRITICAL',
    keywords: ['ghu_', 'ghs_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>gh[us]_[0-9A-Za-z]{36})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'github-refresh-token', category: 'GitHub', title: 'GitHub refresh token', severity: 'CRITICAL',
    keywords: ['ghr_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>ghr_[0-9A-Za-z]{36,76})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'gitlab-pat', category: 'GitLab', title: 'GitLab personal access token', severity: 'CRITICAL',
    keywords: ['glpat-'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>glpat-[0-9A-Za-z_-]{20})(?![A-Za-z0-9_-])`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'slack-token', category: 'Slack', title: 'Slack token', severity: 'HIGH',
    keywords: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>xox[baprs]-(?:[0-9]{6,13}-)+[0-9A-Za-z-]{8,})(?![A-Za-z0-9-])`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'slack-webhook', category: 'Slack', title: 'Slack incoming webhook', severity: 'MEDIUM',
    keywords: ['hooks.slack.com'],
    regex: /https?:\/\/hooks\.slack\.com\/(?:services|workflows)\/(?<secret>[A-Za-z0-9_/+-]{20,})/gd,
    validate: (s) => !isPlaceholder(s) && /\d/.test(s) && shannonEntropy(s) >= 3.5,
  },
  {
    id: 'stripe-secret-key', category: 'Stripe', title: 'Stripe live secret key', severity: 'CRITICAL',
    keywords: ['sk_live_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>sk_live_[0-9A-Za-z]{24,247})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'stripe-restricted-key', category: 'Stripe', title: 'Stripe live restricted key', severity: 'CRITICAL',
    keywords: ['rk_live_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>rk_live_[0-9A-Za-z]{24,247})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3),
  },
  {
    id: 'npm-access-token', category: 'npm', title: 'npm access token', severity: 'CRITICAL',
    keywords: ['npm_'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<secret>npm_[0-9A-Za-z]{36})${ALNUM_AFTER}`, 'gd'),
    validate: looksRandom(3.5),
  },
  {
    id: 'npmrc-auth-token', category: 'npm', title: 'npm registry credentials in .npmrc', severity: 'CRITICAL',
    keywords: ['_authtoken', '_auth', '_password'],
    path: /(?:^|\/)\.?npmrc$/,
    regex: /(?<![\w])(?:_authToken|_auth|_password)[ \t]*=[ \t]*(?<q>["']?)(?<secret>[^\s"'#;]{6,})\k<q>/gd,
    validate: (s) => !isPlaceholder(s),
  },
  {
    id: 'pypi-upload-token', category: 'PyPI', title: 'PyPI upload token', severity: 'CRITICAL',
    keywords: ['pypi-ageichlwas5vcmc'],
    regex: /(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/gd,
  },
  {
    id: 'docker-config-auth', category: 'Docker', title: 'Docker registry credentials (auths in config.json)', severity: 'HIGH',
    keywords: ['"auth"'],
    path: /(?:^|\/)(?:config\.json|auth\.json|\.dockercfg|\.dockerconfigjson|dockerconfig\.json)$/,
    regex: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/=]{4,})"/gd,
    validate: isDockerAuth,
  },
  {
    id: 'jwt-token', category: 'JWT', title: 'JSON Web Token', severity: 'MEDIUM',
    keywords: ['eyj'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/gd,
    validate: isJwt,
  },
  {
    id: 'generic-password', category: 'Generic', title: 'Password assignment', severity: 'HIGH',
    keywords: ['password', 'passwd'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<name>[A-Za-z0-9_.-]{0,40}?pass(?:word|wd)[A-Za-z0-9_]{0,20})${ASSIGN}${GENERIC_VALUE}`, 'gid'),
    // short two-class values ('rapunz3l') are typical documentation examples
    validate: (s, g) => isSecretName(g.name ?? '') && isLiteralSecret(s, 3) && (s.length >= 10 || charClasses(s) >= 3),
  },
  {
    id: 'generic-secret', category: 'Generic', title: 'Secret, token or API key assignment', severity: 'MEDIUM',
    keywords: ['secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'auth_key', 'private_key'],
    regex: new RegExp(`${ALNUM_BEFORE}(?<name>[A-Za-z0-9_.-]{0,40}?(?:secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key)[A-Za-z0-9_]{0,20})${ASSIGN}${GENERIC_VALUE}`, 'gid'),
    validate: (s, g) => isSecretName(g.name ?? '') && isLiteralSecret(s, 3.5),
  },
];
