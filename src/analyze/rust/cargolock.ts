// Cargo.lock, versions 1 to 4: every [[package]] with its source.
import { parse } from 'smol-toml';

export interface LockedCrate {
  name: string;
  version: string;
  /** `registry+https://github.com/rust-lang/crates.io-index`, `sparse+…`, `git+…#rev`; absent for workspace crates. */
  source?: string;
  checksum?: string;
}

export function parseCargoLock(text: string): LockedCrate[] {
  const doc = parse(text) as { package?: unknown; metadata?: Record<string, unknown> };
  const pkgs = Array.isArray(doc.package) ? (doc.package as Record<string, unknown>[]) : [];
  const out: LockedCrate[] = [];
  for (const p of pkgs) {
    if (typeof p.name !== 'string' || typeof p.version !== 'string') continue;
    const source = typeof p.source === 'string' ? p.source : undefined;
    // v1 keeps checksums in [metadata] as `"checksum <name> <version> (<source>)" = "<sha256>"`.
    const v1sum = source ? doc.metadata?.[`checksum ${p.name} ${p.version} (${source})`] : undefined;
    const checksum = typeof p.checksum === 'string' ? p.checksum : typeof v1sum === 'string' ? v1sum : undefined;
    out.push({ name: p.name, version: p.version, ...(source ? { source } : {}), ...(checksum ? { checksum } : {}) });
  }
  return out;
}
