// Names the store keys on: distro namespaces ('debian:12'), OSV ecosystems, and package-name normalisation.

const DEBIAN_CODENAMES: Record<string, string> = {
  buzz: '1.1', rex: '1.2', bo: '1.3', hamm: '2.0', slink: '2.1', potato: '2.2', woody: '3.0', sarge: '3.1',
  etch: '4', lenny: '5', squeeze: '6', wheezy: '7', jessie: '8', stretch: '9', buster: '10', bullseye: '11',
  bookworm: '12', trixie: '13', forky: '14', duke: '15', sid: 'sid', unstable: 'sid',
};

const UBUNTU_CODENAMES: Record<string, string> = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', cosmic: '18.10', disco: '19.04', eoan: '19.10',
  focal: '20.04', groovy: '20.10', hirsute: '21.04', impish: '21.10', jammy: '22.04', kinetic: '22.10',
  lunar: '23.04', mantic: '23.10', noble: '24.04', oracular: '24.10', plucky: '25.04', questing: '25.10',
  precise: '12.04', lucid: '10.04',
};

/** 'bookworm' → 'debian:12', 'sid' → 'debian:sid'; an unknown codename stays visible as 'debian:<codename>'. */
export function debianNamespace(codename: string): string {
  const c = codename.trim().toLowerCase();
  return `debian:${DEBIAN_CODENAMES[c] ?? c}`;
}

export function isKnownDebianCodename(codename: string): boolean {
  return codename.trim().toLowerCase() in DEBIAN_CODENAMES;
}

/** 'jammy' → '22.04'; a number passes through. */
export function ubuntuRelease(codenameOrVersion: string): string | undefined {
  const c = codenameOrVersion.trim().toLowerCase();
  if (/^\d+\.\d+$/.test(c)) return c;
  return UBUNTU_CODENAMES[c];
}

/** 'v3.19' / '3.19' / 'edge' → 'alpine:3.19'. */
export function alpineNamespace(distroversion: string): string {
  return `alpine:${distroversion.trim().replace(/^v/i, '')}`;
}

export interface EcosystemMapping { ecosystem: string; channel?: string; binary?: boolean }

/**
 * An OSV `affected[].package.ecosystem` string in the model's terms: distro ecosystems become namespaces
 * ('Ubuntu:22.04:LTS' → 'ubuntu:22.04', 'Rocky Linux:9' → 'rocky:9', 'Alpine:v3.19' → 'alpine:3.19');
 * language ecosystems keep their OSV names.
 */
export function mapOsvEcosystem(osv: string): EcosystemMapping {
  const parts = osv.split(':');
  const family = parts[0]!.trim();
  const rest = parts.slice(1);
  switch (family.toLowerCase()) {
    case 'debian': return { ecosystem: rest.length ? debianNamespace(rest[0]!) : 'debian' };
    case 'ubuntu': {
      // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:Pro:FIPS:20.04:LTS, Ubuntu:24.10
      const version = rest.find((p) => /^\d+\.\d+$/.test(p));
      const tags = rest.filter((p) => p !== version && p.toUpperCase() !== 'LTS');
      const channel = tags.length ? tags.join(':').toLowerCase() : undefined;
      return { ecosystem: version ? `ubuntu:${version}` : 'ubuntu', ...(channel ? { channel } : {}) };
    }
    case 'alpine': return { ecosystem: rest.length ? alpineNamespace(rest[0]!) : 'alpine' };
    case 'almalinux': return { ecosystem: rest.length ? `almalinux:${major(rest[0]!)}` : 'almalinux', binary: true };
    case 'rocky linux': return { ecosystem: rest.length ? `rocky:${major(rest[0]!)}` : 'rocky', binary: true };
    case 'red hat': return { ecosystem: osv }; // OSV's Red Hat ecosystem names CPE-like streams; kept verbatim
    case 'wolfi': return { ecosystem: 'wolfi' };
    case 'chainguard': return { ecosystem: 'chainguard' };
    default: return { ecosystem: osv };
  }
}

function major(v: string): string {
  return v.trim().split('.')[0]!;
}

/** Distro namespaces hold OS packages whose status the distro states; everything else is a language ecosystem. */
export function isDistroNamespace(ecosystem: string): boolean {
  return /^(debian|ubuntu|alpine|rhel|almalinux|rocky|wolfi|chainguard)(:|$)/.test(ecosystem);
}

/** The ecosystem as the store keys it: case-insensitive. */
export function ecosystemKey(ecosystem: string): string {
  return ecosystem.trim().toLowerCase();
}

/** The package name as the store keys it: PEP 503 for PyPI, lower-case for case-insensitive registries. */
export function packageKey(ecosystem: string, name: string): string {
  const eco = ecosystemKey(ecosystem);
  const n = name.trim();
  if (eco === 'pypi') return n.toLowerCase().replace(/[-_.]+/g, '-');
  if (eco === 'packagist' || eco === 'nuget' || eco === 'hex' || eco === 'pub') return n.toLowerCase();
  if (eco.startsWith('debian') || eco.startsWith('ubuntu') || eco.startsWith('alpine')) return n.toLowerCase();
  return n;
}
