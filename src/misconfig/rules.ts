// The misconfiguration rules: one catalogue shared by the image checks (src/analyze/imageconfig) and the
// Dockerfile checks (src/misconfig/dockerfile), so one problem has one id, one title and one fix wherever it is found.
import type { Misconfiguration } from '../analyze/types.js';
import type { SeverityLevel } from '../vulndb/model.js';

export interface MisconfigRule {
  id: string;
  title: string;
  severity: SeverityLevel;
  /** Why it matters. */
  description: string;
  /** How to fix it. */
  resolution: string;
  /** CIS Docker Benchmark item, when the rule is one. */
  cis?: string;
  references?: string[];
  /** Where the rule can be checked. */
  appliesTo: ('image' | 'dockerfile')[];
}

const CIS = 'https://www.cisecurity.org/benchmark/docker';

export const MISCONFIG_RULES: readonly MisconfigRule[] = [
  {
    id: 'HS-DS-001', title: "Base image uses ':latest' or no tag", severity: 'MEDIUM', appliesTo: ['image', 'dockerfile'],
    description: "A floating tag changes under you: the same build gives a different image tomorrow, and a scan of today's image says nothing about it.",
    resolution: 'Use a specific version tag for the base image (and pin it by digest: FROM image:1.2@sha256:...).',
  },
  {
    id: 'HS-DS-002', title: 'Image runs as root', severity: 'HIGH', appliesTo: ['image', 'dockerfile'], cis: '4.1', references: [CIS],
    description: 'A process running as root in the container is root on the host once it escapes the container, and can modify everything inside it.',
    resolution: "Create an unprivileged user and switch to it with 'USER <name or uid>' before the final CMD/ENTRYPOINT.",
  },
  {
    id: 'HS-DS-003', title: 'No HEALTHCHECK', severity: 'LOW', appliesTo: ['image', 'dockerfile'], cis: '4.6', references: [CIS],
    description: 'Without a health check the orchestrator only knows whether the process runs, not whether it works.',
    resolution: "Add a 'HEALTHCHECK CMD ...' that exercises the service (or set a health probe in the orchestrator and add 'HEALTHCHECK NONE' to say so).",
  },
  {
    id: 'HS-DS-004', title: 'ADD used instead of COPY', severity: 'LOW', appliesTo: ['dockerfile'], cis: '4.9', references: [CIS],
    description: 'ADD also fetches URLs and unpacks archives, which hides what actually enters the image.',
    resolution: 'Use COPY for local files; use ADD only to unpack a local archive on purpose.',
  },
  {
    id: 'HS-DS-005', title: 'ADD of a remote URL', severity: 'MEDIUM', appliesTo: ['image', 'dockerfile'],
    description: 'A file fetched by ADD at build time is neither verified nor reproducible, and stays in its layer.',
    resolution: 'Download with curl/wget in a RUN step that verifies a checksum (or ADD --checksum=sha256:...), or COPY a vendored file.',
  },
  {
    id: 'HS-DS-006', title: 'Port 22 (SSH) exposed', severity: 'MEDIUM', appliesTo: ['image', 'dockerfile'], cis: '5.7', references: [CIS],
    description: 'An SSH daemon in a container is an extra way in, with its own keys and patches to manage.',
    resolution: "Remove 'EXPOSE 22' and the SSH server; use 'docker exec' / 'kubectl exec' for access.",
  },
  {
    id: 'HS-DS-007', title: 'Secret in ENV or ARG', severity: 'CRITICAL', appliesTo: ['image', 'dockerfile'], cis: '4.10', references: [CIS],
    description: 'ENV values and ARG values used in RUN are stored in the image configuration and history: anyone who can pull the image can read them.',
    resolution: 'Pass secrets at run time (orchestrator secrets, mounted files) or at build time with BuildKit secret mounts (RUN --mount=type=secret).',
  },
  {
    id: 'HS-DS-008', title: 'Remote script piped into a shell', severity: 'HIGH', appliesTo: ['image', 'dockerfile'],
    description: "'curl ... | sh' runs whatever the server returns at build time, unverified.",
    resolution: 'Download the script, verify its checksum or signature, then run it; or install from a package repository.',
  },
  {
    id: 'HS-DS-009', title: "apt-get install without '--no-install-recommends'", severity: 'LOW', appliesTo: ['image', 'dockerfile'],
    description: 'Recommended packages add software (and vulnerabilities) the application does not need.',
    resolution: "Use 'apt-get install -y --no-install-recommends ...'.",
  },
  {
    id: 'HS-DS-010', title: 'Package manager cache left in the layer', severity: 'LOW', appliesTo: ['image', 'dockerfile'],
    description: "apt lists and package caches left behind enlarge the image and date it; removing them in a later step does not shrink the earlier layer.",
    resolution: "Clean up in the same RUN: 'apt-get update && apt-get install ... && rm -rf /var/lib/apt/lists/*' (apk: 'apk add --no-cache').",
  },
  {
    id: 'HS-DS-011', title: 'Base image not pinned by digest', severity: 'LOW', appliesTo: ['dockerfile'],
    description: 'A tag can be moved to a different image; only a digest names exactly the base that was reviewed and scanned.',
    resolution: 'Pin the base: FROM image:tag@sha256:<digest> (and let a bot such as Renovate update it).',
  },
  {
    id: 'HS-DS-012', title: 'Build tools in the final stage', severity: 'LOW', appliesTo: ['dockerfile'],
    description: 'Compilers and build dependencies installed in the final stage (or a toolchain base image such as golang) ship to production with their vulnerabilities.',
    resolution: "Use a multi-stage build: compile in a 'builder' stage and COPY --from=builder only the artefacts into a slim final stage.",
  },
  {
    id: 'HS-DS-013', title: "'sudo' used or installed", severity: 'MEDIUM', appliesTo: ['image', 'dockerfile'], cis: '4.8', references: [CIS],
    description: 'sudo in a container gives a path back to root and is rarely needed when the Dockerfile already runs steps as root.',
    resolution: 'Run privileged steps before USER, and remove sudo from the image.',
  },
  {
    id: 'HS-IMG-001', title: 'setuid or setgid files', severity: 'MEDIUM', appliesTo: ['image'], cis: '4.8', references: [CIS],
    description: 'setuid/setgid executables let an unprivileged process gain privileges inside the container.',
    resolution: "Remove the special bits where they are not needed: 'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +'.",
  },
  {
    id: 'HS-IMG-002', title: 'World-writable files in system paths', severity: 'MEDIUM', appliesTo: ['image'],
    description: 'Any process in the container can replace a world-writable binary or configuration file that others then trust.',
    resolution: "Fix the permissions: 'chmod o-w <path>' (directories meant for it, like /tmp, carry the sticky bit and are not reported).",
  },
  {
    id: 'HS-IMG-003', title: 'Shell present in the final image', severity: 'LOW', appliesTo: ['image'],
    description: 'A shell is what an attacker who gets code execution uses next; a production image rarely needs one.',
    resolution: 'Use a distroless or scratch-based final stage, or remove the shells in the final stage.',
  },
  {
    id: 'HS-IMG-004', title: 'Package manager present in the final image', severity: 'LOW', appliesTo: ['image'],
    description: 'A package manager lets an attacker install tools inside the running container.',
    resolution: 'Use a final stage without the package manager (distroless, or remove apt/apk/dnf/pip/npm after installing).',
  },
  {
    id: 'HS-IMG-005', title: 'End-of-life OS release', severity: 'HIGH', appliesTo: ['image'],
    description: 'An end-of-life release no longer gets security fixes: new vulnerabilities in its packages will never be fixed.',
    resolution: 'Rebuild on a supported release of the distribution.',
  },
  {
    id: 'HS-IMG-006', title: 'Image is old', severity: 'LOW', appliesTo: ['image'],
    description: 'An image not rebuilt for a long time misses every fix published since.',
    resolution: 'Rebuild the image regularly (at least monthly) so that base image and package fixes are picked up.',
  },
];

export function ruleById(id: string): MisconfigRule {
  const r = MISCONFIG_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown misconfiguration rule ${id}`);
  return r;
}

/** A finding of rule `id`, with the catalogue's title, severity, why and fix. */
export function misconfiguration(id: string, message: string, location?: Misconfiguration['location']): Misconfiguration {
  const r = ruleById(id);
  return {
    id: r.id, title: r.title, severity: r.severity, message, description: r.description, resolution: r.resolution,
    ...(r.references ? { references: [...r.references] } : {}), ...(r.cis ? { cis: r.cis } : {}), ...(location ? { location } : {}),
  };
}
