// The inventory model: what is installed in an image, where it came from.

/** Where a layer sits in the image and which build step made it. */
export interface LayerRef {
  index: number;          // 0 = base layer
  diffId: string;         // sha256:<hex> of the uncompressed layer
  digest?: string;        // sha256:<hex> of the blob as stored (compressed)
  createdBy?: string;     // history entry `created_by`
}

export interface Location {
  path: string;           // absolute path inside the image, e.g. /var/lib/dpkg/status
  layer: LayerRef;
}

export type PackageType =
  | 'deb' | 'apk' | 'rpm'
  | 'npm' | 'pypi' | 'maven' | 'golang' | 'cargo' | 'gem' | 'composer' | 'nuget'
  | 'binary';             // software identified from a binary or release file (node, nginx, openjdk ...)

export const OS_PACKAGE_TYPES: readonly PackageType[] = ['deb', 'apk', 'rpm'];

export interface Package {
  type: PackageType;
  name: string;            // for maven: groupId:artifactId when known; npm: with @scope/
  version: string;         // deb/rpm: full [epoch:]version[-release]
  arch?: string;
  /** Source package (deb Source:, apk origin, rpm SOURCERPM) that distro advisories are keyed by. */
  source?: { name: string; version?: string };
  purl: string;
  /** Licences: SPDX expressions where the metadata's text has an exact SPDX meaning, else that text as written. */
  licenses: string[];
  /** The metadata's own text for each entry of `licenses`, same order (set by normalizePackageLicenses). */
  licenseRaw?: string[];
  locations: Location[];   // first one = where it was found (the metadata file); layer that introduced it
  /** Files the package owns (OS packages), absolute paths. Used to drop language packages the OS owns. */
  files?: string[];
  dev?: boolean;           // lockfile dev dependency
  /** Free-form, per cataloger (installed-size, maintainer, modularity label, go main module, ...). */
  metadata?: Record<string, unknown>;
}

export type OSFamily =
  | 'debian' | 'ubuntu' | 'alpine' | 'wolfi' | 'chainguard'
  | 'rhel' | 'centos' | 'rocky' | 'almalinux' | 'fedora' | 'amzn' | 'ol'
  | 'opensuse' | 'sles' | 'photon' | 'mariner' | 'unknown';

export interface OSInfo {
  family: OSFamily;
  name: string;            // PRETTY_NAME or NAME
  version?: string;        // VERSION_ID, or debian_version / alpine-release contents
  codename?: string;       // VERSION_CODENAME (bookworm, jammy)
  distroless?: boolean;
  /** Extra detail: debianVersion (/etc/debian_version, e.g. 12.11), release (precise *-release line), id/idLike for unknown IDs. */
  metadata?: Record<string, string>;
}

/** The image an inventory was taken from. */
export interface ImageMeta {
  reference: string;        // what the user named
  names: string[];          // repo tags / ref names
  digest?: string;          // manifest digest
  /** Digest of the image index (OCI index / Docker manifest list) a multi-platform image's manifest was chosen from. */
  indexDigest?: string;
  configDigest: string;     // the image ID
  platform: string;         // os/arch[/variant]
  layers: (LayerRef & { size?: number; mediaType?: string; empty?: boolean })[];
  user?: string; env?: string[]; cmd?: string[]; entrypoint?: string[]; workingDir?: string;
  exposedPorts?: string[]; labels?: Record<string, string>; created?: string;
  /** The config's HEALTHCHECK; test ['NONE'] means disabled on purpose. Durations in nanoseconds. */
  healthcheck?: { test?: string[]; interval?: number; timeout?: number; startPeriod?: number; retries?: number };
  /** Every build step of the config history, empty-layer steps (ENV, ARG, EXPOSE ...) included. */
  history?: { created?: string; createdBy?: string; comment?: string; emptyLayer?: boolean }[];
}

/** Everything found in one image (one platform): the SBOM plus the non-package facts. */
export interface Inventory {
  image: ImageMeta;
  os?: OSInfo;
  packages: Package[];
  secrets: import('../analyze/types.js').SecretFinding[];
  misconfigurations: import('../analyze/types.js').Misconfiguration[];
  unaccountedExecutables?: number;
  warnings: string[];
}
