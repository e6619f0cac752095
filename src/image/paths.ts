// Paths inside an image: normalised, absolute ('/etc/os-release'), never above the root.

/**
 * A layer entry's name as an absolute image path, or undefined when the name is hostile:
 * absolute names and names with '..' components are refused (GNU tar never writes them).
 */
export function entryPath(name: string): string | undefined {
  if (name.charCodeAt(0) === 0x2f) return undefined;
  // fast path, the common case: 'usr/bin/x' or 'usr/lib/' (no '.', '..' or empty components)
  if (name.charCodeAt(0) !== 0x2e && !name.includes('/.') && !name.includes('//')) {
    if (name === '') return '/';
    return '/' + (name.charCodeAt(name.length - 1) === 0x2f ? name.slice(0, -1) : name);
  }
  let out = '';
  let start = 0;
  const n = name.length;
  while (start <= n) {
    let end = name.indexOf('/', start);
    if (end < 0) end = n;
    const part = name.slice(start, end);
    if (part === '..') return undefined;
    if (part !== '' && part !== '.') out += '/' + part;
    start = end + 1;
  }
  return out === '' ? '/' : out;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Join a symlink target to the directory holding the link; '..' above the root stays at the root. */
export function joinInsideRoot(dir: string, target: string): { path: string; clamped: boolean } {
  const parts: string[] = [];
  let clamped = false;
  const base = target.startsWith('/') ? '' : dir;
  for (const p of (base + '/' + target).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) clamped = true;
      else parts.pop();
    } else {
      parts.push(p);
    }
  }
  return { path: '/' + parts.join('/'), clamped };
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(dir + '/');
}
