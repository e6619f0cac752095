// Rust analyzer: crates recorded by cargo-auditable in binaries (`.dep-v0`) and Cargo.lock files.
import type { FileEntry } from '../../image/types.js';
import type { Package } from '../../inventory/model.js';
import { purlFor } from '../../inventory/purl.js';
import type { Analyzer, AnalyzeContext, Facts } from '../types.js';
import { mayBeCompiledBinary } from '../golang/executable.js';
import { parseAuditableSection } from './auditable.js';
import { parseCargoLock } from './cargolock.js';
import { RustAuditScanner } from './scanner.js';

const LOCK_MAX_BYTES = 16 * 1024 * 1024;
/** Cargo.lock files inside these belong to downloaded crates' sources, not to a project. */
const NOT_A_PROJECT = ['/.cargo/registry/', '/cargo/registry/', '/vendor/'];

export const rustAnalyzer: Analyzer = {
  name: 'rust',
  version: 1,
  wants(path, info) {
    if (path.endsWith('/Cargo.lock')) return info.kind === 'file' && !NOT_A_PROJECT.some((d) => path.includes(d)) ? { maxBytes: LOCK_MAX_BYTES } : false;
    return mayBeCompiledBinary(path, info) ? { scan: () => new RustAuditScanner() } : false;
  },
  async analyze(files, ctx): Promise<Facts> {
    const packages: Package[] = [];
    for await (const f of files) {
      packages.push(...(f.info.path.endsWith('/Cargo.lock') ? lockPackages(f, ctx) : binaryPackages(f, ctx)));
    }
    return { packages };
  },
};

function crate(name: string, version: string, f: FileEntry, metadata: Record<string, unknown>): Package {
  return { type: 'cargo', name, version, purl: purlFor({ type: 'cargo', name, version }), licenses: [], locations: [{ path: f.info.path, layer: f.info.layer }], metadata };
}

function binaryPackages(f: FileEntry, ctx: AnalyzeContext): Package[] {
  let section = f.content;
  if (section.length === 0) return [];
  if (section.subarray(0, 4).toString('latin1') === '\x7fELF') {
    // Raw file bytes (no streaming walk): extract the section here.
    const s = new RustAuditScanner();
    for (let o = 0; o < section.length; o += 1 << 20) if (s.write(section.subarray(o, o + (1 << 20))) === 'done') break;
    section = s.finish();
    if (section.length === 0) return [];
  }
  try {
    // Workspace crates (source "local", the root among them) are the program itself, not dependencies.
    return parseAuditableSection(section)
      .filter((p) => p.source !== 'local')
      .map((p) => crate(p.name, p.version, f, { source: p.source, ...(p.kind === 'build' ? { kind: 'build' } : {}), via: 'cargo-auditable' }));
  } catch (e) {
    ctx.warn(`${f.info.path}: ${(e as Error).message}; skipped`);
    return [];
  }
}

function lockPackages(f: FileEntry, ctx: AnalyzeContext): Package[] {
  if (f.truncated) { ctx.warn(`${f.info.path}: larger than ${LOCK_MAX_BYTES} bytes; skipped`); return []; }
  try {
    // Crates without a source are the workspace's own members.
    return parseCargoLock(f.content.toString('utf8'))
      .filter((c) => c.source)
      .map((c) => crate(c.name, c.version, f, { source: c.source, ...(c.checksum ? { checksum: c.checksum } : {}), via: 'Cargo.lock' }));
  } catch (e) {
    ctx.warn(`${f.info.path}: not a valid Cargo.lock (${(e as Error).message.split('\n')[0]}); skipped`);
    return [];
  }
}
