// Allow rules: findings that are known not to be secrets. A rule matches when every condition it
// has holds: the file path, the secret text, the id of the rule that found it.

export interface AllowRule {
  id: string;
  description?: string;
  /** Image path (absolute), or 'config:env' / 'config:history'. */
  path?: RegExp;
  /** Tested against the secret itself (before redaction). */
  regex?: RegExp;
  /** Secret rule ids this applies to; absent = every rule. */
  rules?: string[];
}

/** Built-in allow rules (turned off one by one with `disable-allow-rules`). */
export const BUILTIN_ALLOW_RULES: readonly AllowRule[] = [
  {
    id: 'public-key-files', description: 'public keys (id_rsa.pub) are not secrets',
    path: /\.pub$/i,
  },
  {
    // Documentation shows example passwords ("var password = 'Mai9ohgh6ahxee0jutheew0pungoozil'" in
    // node-forge's README); a provider token (ghp_, AKIA...) in a document is still reported.
    id: 'documentation-examples', description: 'generic assignments in documentation are examples',
    path: /\.(?:md|markdown|rst|adoc|asciidoc|textile|html?|xhtml|texi|info|man|[1-9])$|\/(?:doc|docs|man|examples?)\//i,
    rules: ['generic-password', 'generic-secret'],
  },
];

/** A path-only rule that covers every rule: the file needs no reading at all. */
export function pathAllowed(rules: readonly AllowRule[], path: string): boolean {
  return rules.some((r) => r.path && !r.regex && !r.rules && r.path.test(path));
}

export function findingAllowed(rules: readonly AllowRule[], ruleId: string, secret: string, path: string): boolean {
  return rules.some((r) => (!r.path || r.path.test(path)) && (!r.regex || r.regex.test(secret)) && (!r.rules || r.rules.includes(ruleId)));
}
