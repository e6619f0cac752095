// Platforms: parse 'os/arch[/variant]', the host's platform, and matching a wanted platform.
import { HullscanError } from '../errors.js';
import type { Platform } from './types.js';

/** process.arch -> OCI architecture names. */
const NODE_TO_OCI_ARCH: Record<string, string> = {
  x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x',
  riscv64: 'riscv64', mips64el: 'mips64le', loong64: 'loong64',
};

export function hostPlatform(): Platform {
  const architecture = NODE_TO_OCI_ARCH[process.arch] ?? process.arch;
  const os = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'linux' : process.platform;
  return { os, architecture };
}

export function parsePlatform(s: string): Platform {
  const parts = s.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new HullscanError('USAGE', `bad platform '${s}': expected os/arch[/variant] or 'all'`);
  }
  return { os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** arm64 images usually say variant v8 (or nothing); treat those as the same when the user gave no variant. */
export function platformMatches(want: Platform, have: Platform): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  if (!want.variant) return true;
  const hv = have.variant ?? (have.architecture === 'arm64' ? 'v8' : undefined);
  return want.variant === hv;
}
