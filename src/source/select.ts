// Choosing images out of an archive: by name:tag and by platform, with errors that list the choices.
import { HullscanError } from '../errors.js';
import { formatPlatform, hostPlatform, parsePlatform, platformMatches } from './platform.js';
import type { Platform } from './types.js';

export interface Candidate { names: string[]; platform: Platform }

/** Does a user-given 'name[:tag]' select an image known by `names`? Tolerates docker.io/ and library/ prefixes and a missing tag. */
export function nameMatches(wanted: string, names: string[]): boolean {
  const w = canonicalName(wanted);
  return names.some((n) => canonicalName(n) === w || n === wanted);
}

function canonicalName(n: string): string {
  let s = n.trim();
  const lastSlash = s.lastIndexOf('/');
  if (!s.slice(lastSlash + 1).includes(':') && !s.includes('@')) s += ':latest';
  s = s.replace(/^(docker\.io|index\.docker\.io)\//, '');
  s = s.replace(/^library\//, '');
  return s;
}

export function selectByName<T extends Candidate>(cands: T[], name: string | undefined, subject: string): T[] {
  if (!name) return cands;
  const out = cands.filter((c) => nameMatches(name, c.names));
  if (out.length === 0) {
    throw new HullscanError('NOT_FOUND', `no image named ${name}; available: ${listNames(cands)}`, { subject });
  }
  return out;
}

/**
 * Platform choice: 'all' keeps everything; an explicit platform must match; with none given, a single
 * candidate is taken as is, else the host's platform decides.
 */
export function selectByPlatform<T extends Candidate>(cands: T[], platform: string | undefined, subject: string): T[] {
  if (platform === 'all') return cands;
  if (!platform && cands.length === 1) return cands;
  const want = platform ? parsePlatform(platform) : hostPlatform();
  const out = cands.filter((c) => platformMatches(want, c.platform));
  if (out.length === 0) {
    const avail = [...new Set(cands.map((c) => formatPlatform(c.platform)))].join(', ');
    throw new HullscanError('NOT_FOUND', `no image for platform ${formatPlatform(want)}${platform ? '' : ' (the host)'}; available platforms: ${avail}`, { subject });
  }
  return out;
}

export function listNames(cands: Candidate[]): string {
  return cands.map((c) => (c.names.length ? c.names.join(' / ') : '(untagged)') + ` [${formatPlatform(c.platform)}]`).join(', ');
}
