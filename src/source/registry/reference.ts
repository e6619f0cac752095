// Image references parsed and normalised exactly as docker does (distribution/reference):
// `alpine` → docker.io/library/alpine:latest, `localhost:5000/x@sha256:…`, `ghcr.io/org/app:tag`.
import { HullscanError } from '../../errors.js';

export interface ImageReference {
  domain: string;       // docker.io, ghcr.io, localhost:5000
  path: string;         // library/alpine, org/app
  tag?: string;         // set when given, or 'latest' when neither tag nor digest was given
  digest?: string;      // sha256:<hex>
}

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

function invalid(ref: string, why: string): HullscanError {
  return new HullscanError('USAGE', `invalid image reference: ${why}`, { subject: ref });
}

function validDomain(domain: string): boolean {
  // host[:port], host may be an IPv6 literal in brackets
  let host = domain;
  const ipv6 = /^\[([0-9a-fA-F:.]+)\](?::([0-9]+))?$/.exec(domain);
  if (ipv6) return true;
  const colon = domain.lastIndexOf(':');
  if (colon !== -1) {
    if (!PORT.test(domain.slice(colon + 1))) return false;
    host = domain.slice(0, colon);
  }
  return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/** Parses a reference the way `docker pull` does and returns its normalised parts. */
export function parseReference(input: string): ImageReference {
  const ref = input.trim();
  if (!ref) throw invalid(input, 'empty');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(input, `bad digest "${digest}"`);
    if (!digest.startsWith('sha256:') && !digest.startsWith('sha512:')) throw invalid(input, `unsupported digest algorithm in "${digest}"`);
    if (digest.startsWith('sha256:') && digest.length !== 7 + 64) throw invalid(input, 'sha256 digest must have 64 hex digits');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw invalid(input, `bad tag "${tag}"`);
  }
  if (!rest) throw invalid(input, 'no repository name');

  let domain: string;
  let path: string;
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    path = rest;
  } else {
    domain = first;
    path = rest.slice(slash + 1);
    if (!validDomain(domain)) throw invalid(input, `bad registry host "${domain}"`);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw invalid(input, /[A-Z]/.test(component) ? 'repository name must be lowercase' : `bad path component "${component}"`);
    }
  }
  if ((domain + '/' + path).length > NAME_TOTAL_LENGTH_MAX) throw invalid(input, `name longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
  if (!tag && !digest) tag = 'latest';
  return { domain, path, tag, digest };
}

/** docker.io/library/alpine:latest, registry:5000/a/b@sha256:… */
export function formatReference(r: ImageReference): string {
  return `${r.domain}/${r.path}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** The host the Registry API lives on: Docker Hub's API host differs from its name. */
export function registryHost(domain: string): string {
  return domain === DEFAULT_DOMAIN ? 'registry-1.docker.io' : domain;
}
