// Package URLs (https://github.com/package-url/purl-spec) for every package type hullscan reports.
// OS packages follow the conventions Syft and Trivy share, so SBOMs from either line up with ours:
//   pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2
//   pkg:apk/alpine/busybox@1.36.1-r5?arch=x86_64&distro=alpine-3.19.1&upstream=busybox
//   pkg:rpm/redhat/openssl@1.1.1k-7.el8?arch=x86_64&distro=rhel-8.6&epoch=1&upstream=openssl-1.1.1k-7.el8.src.rpm
import { PackageURL } from 'packageurl-js';
import type { OSInfo, Package, OSFamily } from './model.js';

export type PurlInput = Pick<Package, 'type' | 'name' | 'version'> & Partial<Pick<Package, 'arch' | 'source' | 'metadata'>>;

/** rpm purl namespaces are vendor names, not os-release IDs. */
const RPM_VENDOR: Partial<Record<OSFamily, string>> = {
  rhel: 'redhat', centos: 'centos', rocky: 'rocky', almalinux: 'almalinux', fedora: 'fedora',
  amzn: 'amazon', ol: 'oracle', opensuse: 'opensuse', sles: 'suse', photon: 'photon', mariner: 'mariner',
};

/** The `distro` qualifier: `<os id>-<VERSION_ID>` (debian-12, alpine-3.19.1, rhel-8.6), or the codename when there is no version. */
export function distroQualifier(os: OSInfo | undefined): string | undefined {
  if (!os || os.family === 'unknown') return undefined;
  const v = os.version ?? os.codename;
  return v ? `${os.family}-${v}` : os.family;
}

/** Splits "[epoch:]rest" (deb and rpm versions). */
export function splitEpoch(version: string): { epoch?: string; rest: string } {
  const m = /^(\d+):(.*)$/.exec(version);
  return m ? { epoch: m[1]!, rest: m[2]! } : { rest: version };
}

function qualifiers(q: Record<string, string | undefined>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

function splitLast(name: string, sep: string): [string | undefined, string] {
  const i = name.lastIndexOf(sep);
  return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [undefined, name];
}

/** The purl of any package; `os` supplies the namespace and distro qualifier of OS packages. */
export function purlFor(pkg: PurlInput, os?: OSInfo): string {
  const { type, name, version } = pkg;
  const v = version || undefined;
  switch (type) {
    case 'deb': {
      // dpkg versions keep their epoch inline (as Syft does): the purl round-trips to the exact installed version.
      const src = pkg.source;
      let upstream: string | undefined;
      if (src && (src.name !== name || (src.version && src.version !== version))) {
        upstream = src.version && src.version !== version ? `${src.name}@${src.version}` : src.name;
      }
      const ns = os && (os.family === 'debian' || os.family === 'ubuntu') ? os.family : 'debian';
      return new PackageURL('deb', ns, name, v, qualifiers({ arch: pkg.arch, distro: distroQualifier(os), upstream })).toString();
    }
    case 'apk': {
      const ns = os && (os.family === 'alpine' || os.family === 'wolfi' || os.family === 'chainguard') ? os.family : 'alpine';
      const upstream = pkg.source && pkg.source.name !== name ? pkg.source.name : undefined;
      return new PackageURL('apk', ns, name, v, qualifiers({ arch: pkg.arch, distro: distroQualifier(os), upstream })).toString();
    }
    case 'rpm': {
      const { epoch, rest } = splitEpoch(version);
      const ns = (os && RPM_VENDOR[os.family]) ?? (os && os.family !== 'unknown' ? os.family : undefined);
      const upstream = typeof pkg.metadata?.sourceRpm === 'string' ? pkg.metadata.sourceRpm : undefined;
      return new PackageURL('rpm', ns, name, rest || undefined, qualifiers({ arch: pkg.arch, distro: distroQualifier(os), epoch, upstream })).toString();
    }
    case 'npm': {
      const [scope, base] = name.startsWith('@') ? splitLast(name, '/') : [undefined, name];
      return new PackageURL('npm', scope, base, v).toString();
    }
    case 'pypi':
      return new PackageURL('pypi', undefined, name, v).toString();
    case 'maven': {
      // The purl spec requires a group; a jar without one is named group = artifact, as Syft does.
      const [group, artifact] = splitLast(name, ':');
      return new PackageURL('maven', group ?? artifact, artifact, v).toString();
    }
    case 'golang': {
      const [ns, base] = splitLast(name, '/');
      return new PackageURL('golang', ns, base, v).toString();
    }
    case 'composer': {
      const [vendor, base] = splitLast(name, '/');
      return new PackageURL('composer', vendor, base, v).toString();
    }
    case 'cargo': case 'gem': case 'nuget':
      return new PackageURL(type, undefined, name, v).toString();
    case 'binary':
      return new PackageURL('generic', undefined, name, v).toString();
  }
}
