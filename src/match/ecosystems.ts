// Which vulnerability data a package is matched against, and with which version comparator.
import type { OSInfo, Package, PackageType } from '../inventory/model.js';
import type { VersionEcosystem } from '../version/index.js';

export interface LanguageEcosystem {
  /** OSV ecosystem name, as stored in AffectedEntry.ecosystem. */
  osv: string;
  comparator: VersionEcosystem;
  /** Human label used in evidence ('Go semver', 'PEP 440'). */
  label: string;
}

export const LANGUAGE_ECOSYSTEMS: Partial<Record<PackageType, LanguageEcosystem>> = {
  npm: { osv: 'npm', comparator: 'npm', label: 'npm semver' },
  pypi: { osv: 'PyPI', comparator: 'pypi', label: 'PEP 440' },
  golang: { osv: 'Go', comparator: 'golang', label: 'Go semver' },
  maven: { osv: 'Maven', comparator: 'maven', label: 'Maven' },
  cargo: { osv: 'crates.io', comparator: 'cargo', label: 'Cargo semver' },
  gem: { osv: 'RubyGems', comparator: 'gem', label: 'RubyGems' },
  composer: { osv: 'Packagist', comparator: 'composer', label: 'Composer' },
  nuget: { osv: 'NuGet', comparator: 'nuget', label: 'NuGet' },
};

/** Runtimes identified from binaries that have an OSV ecosystem of their own. */
export const BINARY_ECOSYSTEMS: Record<string, LanguageEcosystem> = {
  node: { osv: 'Nodejs-core', comparator: 'npm', label: 'node semver' },
};

export const DISTRO_COMPARATOR: Partial<Record<PackageType, VersionEcosystem>> = { deb: 'deb', apk: 'apk', rpm: 'rpm' };

/** PEP 503 normalised project name. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The name a package is looked up by in its OSV ecosystem. */
export function lookupName(pkg: Package): string {
  switch (pkg.type) {
    case 'pypi': return pep503(pkg.name);
    case 'composer': case 'nuget': return pkg.name.toLowerCase();
    default: return pkg.name;
  }
}

const DEBIAN_CODENAMES: Record<string, string> = {
  jessie: '8', stretch: '9', buster: '10', bullseye: '11', bookworm: '12', trixie: '13', forky: '14', sid: 'sid',
};

const RPM_FAMILIES = new Set(['rhel', 'centos', 'rocky', 'almalinux', 'ol', 'amzn', 'fedora']);

/**
 * Distro namespace(s) of an OS, as AffectedEntry.ecosystem spells them ('debian:12', 'alpine:3.19', 'rhel:9').
 * More than one when a derivative also uses its parent's data (CentOS and UBI use RHEL's).
 */
export function distroNamespaces(os: OSInfo | undefined): string[] {
  if (!os) return [];
  const v = os.version?.trim() ?? '';
  switch (os.family) {
    case 'debian': {
      const major = /^(\d+)/.exec(v)?.[1] ?? (os.codename ? DEBIAN_CODENAMES[os.codename] : undefined);
      return major ? [`debian:${major}`] : [];
    }
    case 'ubuntu': {
      const m = /^(\d+\.\d+)/.exec(v)?.[1];
      return m ? [`ubuntu:${m}`] : [];
    }
    case 'alpine': {
      const m = /^(\d+\.\d+)/.exec(v)?.[1];
      return m ? [`alpine:${m}`] : [];
    }
    case 'wolfi': case 'chainguard': return [os.family];
    default: {
      if (!RPM_FAMILIES.has(os.family)) return [];
      const major = /^(\d+)/.exec(v)?.[1];
      if (!major) return [];
      return os.family === 'centos' ? [`centos:${major}`, `rhel:${major}`] : [`${os.family}:${major}`];
    }
  }
}

/**
 * Go toolchain version as golang/vulndb writes it (semver without 'v'): 'go1.21rc2' → '1.21.0-rc.2',
 * 'go1.19' → '1.19.0', '1.19.8' unchanged.
 */
export function goToolchainSemver(version: string): string {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?$/.exec(version.trim().replace(/^v/, ''));
  if (!m) return version.replace(/^go/, '');
  const base = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  return m[4] ? `${base}-${m[4]}.${m[5]}` : base;
}

/** Go module versions are compared 'v'-prefixed (golang.org/x/mod/semver). */
export function goSemver(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}
