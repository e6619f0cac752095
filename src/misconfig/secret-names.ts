// Which ENV/ARG names hold secrets, and which values are real literals rather than references or flags: one
// answer for rule HS-DS-007 wherever it is checked (image config and history, Dockerfiles).
// Names are split into words (DB_PASSWORD -> DB, PASSWORD; dbPassword -> DB, PASSWORD) and judged by them.

/** A word anywhere in the name that makes it a secret (unless the last word says it is about the secret). */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWORDS', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE', 'SECRET', 'SECRETS',
  'TOKEN', 'TOKENS', 'APIKEY', 'APIKEYS', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);

/** Last words that make the variable about a secret, not the secret itself (DB_PASSWORD_FILE holds a path). */
const NOT_THE_VALUE = new Set(['FILE', 'PATH', 'DIR', 'LENGTH', 'LEN', 'MIN', 'MAX', 'SIZE', 'COUNT', 'ENABLED', 'ENABLE',
  'DISABLED', 'DISABLE', 'REQUIRED', 'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LIFETIME', 'TIMEOUT', 'TYPE', 'ALGORITHM',
  'ALG', 'HEADER', 'NAME', 'ID', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'USER', 'USERNAME', 'REGION', 'FORMAT', 'MODE',
  'LOCATION', 'POLICY', 'PROVIDER', 'VERSION', 'ROTATION', 'RETRIES', 'COMMAND', 'CMD', 'HASH', 'PREFIX', 'SUFFIX', 'FIELD',
  'PARAM', 'PARALLELISM', 'STRENGTH', 'COMPLEXITY', 'ENV', 'VAR', 'ARN', 'REF', 'METHOD']);

/** Keys that are public by nature: GPG key fingerprints in official images (GPG_KEY, NODE_GPG_KEYS), public keys. */
/** Words that make the variable a setting about secrets (MAX_TOKENS, NUM_KEYS), not a secret. */
const SETTING_WORDS = new Set(['MAX', 'MIN', 'NUM', 'NUMBER', 'LIMIT']);

const PUBLIC_KEY_WORDS = new Set(['GPG', 'PGP', 'GNUPG', 'PUBLIC', 'PUB', 'SORT', 'PRIMARY', 'PARTITION', 'CACHE', 'FOREIGN']);

export function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
}

/** True for names such as DB_PASSWORD, GITHUB_TOKEN, JWT_SECRET, API_KEY, AWS_SECRET_ACCESS_KEY, MYSQL_PWD. */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper === 'PWD' || upper === 'OLDPWD') return false;     // the shell's working directory
  const words = nameWords(name);
  const last = words.at(-1);
  if (!last || NOT_THE_VALUE.has(last) || words.some((w) => SETTING_WORDS.has(w))) return false;
  // PASSWORD may be glued to a prefix (PGPASSWORD); the other words must stand alone (KEYBOARD, SECRETARY are not).
  if (words.some((w) => SECRET_WORDS.has(w) || /PASSW(?:OR)?D$/.test(w))) return true;
  if ((last === 'KEY' || last === 'KEYS') && words.length > 1) return !words.some((w) => PUBLIC_KEY_WORDS.has(w));
  return false;
}

const NOT_A_SECRET_VALUE = /^(?:true|false|yes|no|on|off|none|null|nil|undefined|0|1)$/i;

/** A literal worth reporting: not empty, not a reference to another variable, not a flag, not a file path. */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || NOT_A_SECRET_VALUE.test(v)) return false;
  if (/^\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(v)) return false;
  if (/^\/[\w.\/-]*$/.test(v)) return false;   // a path to a secrets file, not the secret
  return true;
}

/** A URL carrying a password in its user info (postgres://app:s3cret@db/app): a secret whatever the variable's name. */
export function hasUrlPassword(value: string): boolean {
  // bounded repetitions: values are untrusted and may be megabytes of one character
  const m = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\/\s:@]{1,256}:([^\/\s@]{1,256})@/i.exec(value);
  return !!m && !m[1]!.startsWith('$');
}
