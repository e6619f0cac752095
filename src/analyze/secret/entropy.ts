// How random a candidate secret looks, and whether it is a stand-in ("changeme", "${PASSWORD}",
// "<password>") rather than a value: generic assignments are only secrets when they pass both.

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Words that mean "put your secret here" when a value is made of them (plus digits and separators). */
const PLACEHOLDER_WORDS = [
  'changeme', 'change_me', 'change-me', 'changethis', 'password', 'passwd', 'secret', 'example', 'sample',
  'placeholder', 'dummy', 'redacted', 'notasecret', 'yourpassword', 'your_password', 'mypassword', 'test',
  'foobar', 'foo', 'bar', 'xxx', 'todo', 'fixme', 'none', 'null', 'nil', 'undefined', 'empty', 'default',
  'token', 'apikey', 'api_key', 'insert', 'here', 'your', 'enter', 'fill', 'replace', 'value', 'string',
];
const PLACEHOLDER_RE = new RegExp(`^(?:(?:${PLACEHOLDER_WORDS.join('|')})[\\W_\\d]*)+$`, 'i');

/** A template or variable reference, not a literal: ${X}, $X, $(cmd), {{ x }}, %s, %(x)s, <x>, [x], @x@. */
const REFERENCE_RE = /^\$|\$\{|\$\(|\{\{|\}\}|%[sd(]|^<.*>$|^\[.*\]$|^@.*@$|^%.*%$|^#\{/;

export function isPlaceholder(value: string): boolean {
  if (REFERENCE_RE.test(value)) return true;
  if (PLACEHOLDER_RE.test(value)) return true;
  if (/^(.)\1*$/.test(value)) return true;                    // '********', 'xxxxxxxx'
  if (/\*{3,}|x{4,}|\.{3}/i.test(value)) return true;           // masked or elided: 'abc***', 'sk_xxxx', 'ab...'
  return false;
}
