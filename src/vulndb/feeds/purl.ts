// A package URL from a VEX document, placed in the model's namespace: distro packages by their distro
// qualifier, language packages by their purl type.
import { PackageURL } from 'packageurl-js';
import { alpineNamespace, debianNamespace, ubuntuRelease } from '../normalize.js';

export interface PurlPlace {
  ecosystem: string;
  package: string;
  version?: string;
  /** The purl names a source package (arch=source / arch=src). */
  source: boolean;
  channel?: string;
  module?: string;
}

const LANGUAGE: Record<string, string> = {
  npm: 'npm', pypi: 'PyPI', golang: 'Go', maven: 'Maven', cargo: 'crates.io', gem: 'RubyGems',
  nuget: 'NuGet', composer: 'Packagist', hex: 'Hex', pub: 'Pub', swift: 'SwiftURL',
};

export function placePurl(purl: string): PurlPlace | undefined {
  let p: PackageURL;
  try { p = PackageURL.fromString(purl); } catch { return undefined; }
  const q = (p.qualifiers ?? {}) as Record<string, string>;
  const version = p.version ?? undefined;
  const base = { package: p.name, ...(version ? { version } : {}), source: q.arch === 'source' || q.arch === 'src' };
  if (p.type === 'deb') {
    const distro = q.distro ?? '';
    const [channelPart, codename] = distro.includes('/') ? distro.split('/') as [string, string] : [undefined, distro];
    if (p.namespace === 'ubuntu') {
      const rel = ubuntuRelease(codename.replace(/^ubuntu-/, ''));
      if (!rel) return undefined;
      return { ecosystem: `ubuntu:${rel}`, ...base, ...(channelPart ? { channel: channelPart } : {}) };
    }
    if (p.namespace === 'debian') {
      if (!codename) return undefined;
      return { ecosystem: /^debian-\d/.test(codename) ? `debian:${codename.slice(7).split('.')[0]}` : debianNamespace(codename), ...base };
    }
    return undefined;
  }
  if (p.type === 'apk') {
    if (p.namespace === 'wolfi' || p.namespace === 'chainguard') return { ecosystem: p.namespace, ...base };
    if (p.namespace === 'alpine') {
      const m = /(\d+\.\d+)/.exec(q.distro ?? '');
      return m ? { ecosystem: alpineNamespace(m[1]!), ...base } : undefined;
    }
    return undefined;
  }
  if (p.type === 'rpm') {
    const m = /(?:el|rhel-?)(\d+)/.exec(q.distro ?? '');
    const eco = p.namespace === 'redhat' ? (m ? `rhel:${m[1]}` : 'rhel') : p.namespace === 'almalinux' || p.namespace === 'rocky' ? `${p.namespace}${m ? `:${m[1]}` : ''}` : undefined;
    if (!eco) return undefined;
    return { ecosystem: eco, ...base, ...(q.rpmmod ? { module: q.rpmmod } : {}) };
  }
  const eco = LANGUAGE[p.type];
  if (!eco) return undefined;
  const name = p.type === 'maven' && p.namespace ? `${p.namespace}:${p.name}` : p.namespace && (p.type === 'npm' || p.type === 'golang' || p.type === 'composer') ? `${p.namespace}/${p.name}` : p.name;
  return { ecosystem: eco, ...base, package: name };
}
