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
    // Library and reference trees that dpkg (or the JDK) install, read by nobody for configuration:
    // 80% of the text of a 1 GB Debian image with Node, Python, Perl, GCC and Java. Trivy skips
    // /usr/share, /usr/lib and /usr/include altogether; hullscan still reads the rest of them
    // (/usr/share/doc, /usr/lib/<app>, /etc ...). `disable-allow-rules: [os-package-trees]` reads all.
    id: 'os-package-trees', description: 'language libraries, headers and package metadata installed by the OS',
    path: /^\/(?:usr\/(?:include|share\/(?:nodejs|javascript|perl[\w.-]*|locale|i18n|zoneinfo|man|info|mime|terminfo|X11|fonts|icons|help|gtk-doc|vim|emacs)|lib\/(?:python[23][\d.]*|jvm|gcc|(?:x86_64|aarch64)-linux-gnu\/perl[\w.-]*|node_modules\/npm)|local\/include)|var\/lib\/dpkg\/info)\//,
  },
  {
    // Documentation shows example passwords ("var password = 'Mai9ohgh6ahxee0jutheew0pungoozil'" in
    // node-forge's README); a provider token (ghp_, AKIA...) in a document is still reported.
    id: 'documentation-examples', description: 'generic assignments in documentation are examples',
    path: /\.(?:md|markdown|rst|adoc|asciidoc|textile|html?|xhtml|texi|info|man|[1-9])$|\/(?:doc|docs|man|examples?)\//i,
    rules: ['generic-password', 'generic-secret'],
  },
  {
    // Code of the OS and of installed libraries is full of `token = ...` and `password = ...` that are
    // code, not credentials (C++ headers, Python's stdlib docstrings, minified JS); provider tokens
    // and private keys are still reported there.
    id: 'os-and-library-code', description: 'generic assignments in OS and third-party library trees are code',
    path: /^\/(?:usr\/(?:share|lib|lib32|lib64|libx32|libexec|include|src|bin|sbin|games)|lib|lib32|lib64|libx32|bin|sbin|var\/lib\/dpkg)\/|\/(?:node_modules|site-packages|dist-packages|vendor|gems|pkg\/mod|\.cargo\/registry|\.m2\/repository)\//,
    rules: ['generic-password', 'generic-secret'],
  },
];

/**
 * Paths are absolute ('/app/.env'); Trivy's configs write them relative ('app/.env'), so a path regex
 * may match either spelling.
 */
export function pathMatches(re: RegExp, path: string): boolean {
  return re.test(path) || (path.startsWith('/') && re.test(path.slice(1)));
}

/** A path-only rule that covers every rule: the file needs no reading at all. */
export function pathAllowed(rules: readonly AllowRule[], path: string): boolean {
  return rules.some((r) => r.path && !r.regex && !r.rules && pathMatches(r.path, path));
}

export function findingAllowed(rules: readonly AllowRule[], ruleId: string, secret: string, path: string): boolean {
  return rules.some((r) => (!r.path || pathMatches(r.path, path)) && (!r.regex || r.regex.test(secret)) && (!r.rules || r.rules.includes(ruleId)));
}
