// Runtimes and servers installed without a package manager, recognised by file name and then by a
// version string in the binary. The strings are those the upstream builds embed:
//   node        `node.js/v20.20.2`                     (process.release URLs)
//   python      `3.11.7` after a non-digit, in python3.X / libpython3.X.so (PY_VERSION)
//   nginx       `nginx/1.22.1`                         (NGINX_VER)
//   httpd       `Apache/2.4.71`                        (AP_SERVER_BASEVERSION)
//   redis       `7.0.15` standalone, confirmed by `7.0.15<build id>` and `redis_version:` (REDIS_VERSION)
//   postgresql  `PostgreSQL 15.20 (...) on x86_64-...` (PG_VERSION_STR)

import type { VersionPattern } from './pattern-scanner.js';

export interface BinaryKind {
  /** Package name reported (type 'binary', purl pkg:generic/<name>@<version>). */
  name: string;
  patterns: VersionPattern[];
  /** Enough found to stop reading the file. */
  isDone(matches: string[][]): boolean;
  version(matches: string[][]): string | undefined;
}

const first = (i: number) => ({
  isDone: (m: string[][]) => m[i]!.length > 0,
  version: (m: string[][]) => m[i]![0],
});

const NODE: BinaryKind = { name: 'node', patterns: [{ re: /node\.js\/v(\d+\.\d+\.\d+)/g, needle: 'node.js/v' }], ...first(0) };
const NGINX: BinaryKind = { name: 'nginx', patterns: [{ re: /nginx\/(\d+\.\d+\.\d+)/g, needle: 'nginx/' }], ...first(0) };
const HTTPD: BinaryKind = { name: 'httpd', patterns: [{ re: /Apache\/(\d+\.\d+\.\d+)/g, needle: 'Apache/' }], ...first(0) };
const POSTGRES: BinaryKind = {
  name: 'postgresql',
  patterns: [{ re: /PostgreSQL (\d+\.\d+(?:\.\d+)?)(?: \([^)\x00]{1,100}\))? on [a-z0-9_]{2,20}-/g, needle: 'PostgreSQL ' }],
  ...first(0),
};

const REDIS: BinaryKind = {
  name: 'redis',
  patterns: [
    { re: /\x00(\d{1,2}\.\d{1,2}\.\d{1,3})\x00/g },                            // candidates: standalone version literals
    { re: /(\d{1,2}\.\d{1,2}\.\d{1,3}(?:[a-z0-9]{12}-)?\d{19})\x00/g },        // REDIS_VERSION followed by the build id
    { re: /(redis_version):/g, needle: 'redis_version:' },                     // it really is redis
  ],
  isDone: () => false,
  version(m) {
    if (m[2]!.length === 0) return undefined;
    return m[0]!.find((v) => m[1]!.some((withId) => withId.startsWith(v) && /^(?:[a-z0-9]{12}-)?\d{19}$/.test(withId.slice(v.length))));
  },
};

function python(minor: string): BinaryKind {
  const [x, y] = minor.split('.');
  return {
    name: 'python',
    patterns: [{ re: new RegExp(`(?<![0-9.])(${x}\\.${y}\\.\\d{1,3}(?:(?:a|b|rc)\\d{1,2})?)(?=[\\x00 +])`, 'g'), needle: `${x}.${y}.` }],
    ...first(0),
  };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The kind a file's name says it may be, or undefined (most files). Called per executable: keep it cheap. */
export function kindFor(path: string): BinaryKind | undefined {
  const base = baseName(path);
  if (base.startsWith('lib')) return libraryKind(base);
  switch (base) {
    case 'node': case 'nodejs': return NODE;
    case 'nginx': return NGINX;
    case 'httpd': case 'apache2': return HTTPD;
    case 'redis-server': return REDIS;
    case 'postgres': return POSTGRES;
  }
  const m = base.startsWith('python') ? /^python(\d\.\d{1,2})$/.exec(base) : null;
  return m ? python(m[1]!) : undefined;
}

/** Shared libraries that carry a runtime's version (distro builds keep it there): wanted even without an exec bit. */
export function isLibraryPath(path: string): boolean {
  return path.includes('/libpython') || path.includes('/libnode.so');
}

function libraryKind(base: string): BinaryKind | undefined {
  if (base.startsWith('libnode.so')) return NODE;
  const m = /^libpython(\d\.\d{1,2})m?\.so/.exec(base);
  return m ? python(m[1]!) : undefined;
}
