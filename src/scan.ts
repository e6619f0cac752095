// The scan pipeline: reference → source → layer walk + analyzers → inventory → match.
// The CLI is one client of these functions; `import { scanImage } from 'hullscan'` is another.
import { analyzers as defaultAnalyzers } from './analyze/index.js';
import { analyzeImage, type ImageAnalysis } from './analyze/run.js';
import type { Analyzer } from './analyze/types.js';
import type { LayerCache } from './image/layer-scan.js';
import { DiskLayerCache } from './image/layer-cache.js';
import { analyzerKey } from './image/walk.js';
import { createHash } from 'node:crypto';
import { countUnaccountedExecutables, dropOsOwned } from './inventory/owned-files.js';
import type { Inventory, Package } from './inventory/model.js';
import { matchInventory, type MatchOptions } from './match/index.js';
import type { ScanResult } from './match/model.js';
import { imageMeta } from './source/index.js';
import { HullscanError } from './errors.js';
import { resolveImage, splitTransport, type ImageSrc, type ResolveOptions } from './source/resolve.js';
import type { ImageSource } from './source/types.js';
import { openDb, resolveDbPath, type VulnDb } from './vulndb/index.js';
import { analyzersFor, DEFAULT_SCANNERS, type Scanner } from './scanners.js';
import { checkImageConfig } from './analyze/imageconfig/index.js';
import { normalizePackageLicenses } from './analyze/license/packages.js';
import { licenseFindings, type LicensePolicy } from './policy/license.js';
import { createSecretAnalyzer, findImageConfigSecrets, redactSecrets, type SecretConfig } from './analyze/secret/index.js';

export const SCAN_RESULT_SCHEMA_VERSION = '1.0';

export interface InventoryOptions {
  /** The analyzers to run (default: the package analyzers plus those of the selected scanners). */
  analyzers?: Analyzer[];
  /** Scanners on top of the package inventory (default vuln, secret); [] = inventory only. */
  scanners?: readonly Scanner[];
  /** Secret scanner: allow rules, disabled rules (`--secret-config`). */
  secretConfig?: SecretConfig;
  /** Misconfiguration scanner: an image built longer ago than this is reported (default 365). */
  maxImageAgeDays?: number;
  /** Report time for age checks (tests pin it); default now. */
  now?: Date;
  /** Licence scanner: denied and allowed licences, severity per class. */
  licensePolicy?: LicensePolicy;
  /** Keep language packages whose files an OS package owns (default: drop them). */
  keepOsOwned?: boolean;
  layerCache?: LayerCache;
  /** Layers decompressed at once. */
  concurrency?: number;
}

export interface ScanOptions extends ResolveOptions, InventoryOptions, MatchOptions {
  /** An open DB; else `dbPath` (or HULLSCAN_DB, or the default location) is opened. */
  db?: VulnDb;
  dbPath?: string;
  /** No vulnerability matching (the same as leaving 'vuln' out of `scanners`). */
  skipMatch?: boolean;
  /** Cache folder for layer results and registry metadata (the CLI passes the default unless --no-cache); none when unset. */
  cacheDir?: string;
  /** Size bound of the layer cache in bytes. */
  cacheMaxBytes?: number;
  /** No network access: images only from local files (archives, OCI layouts); a registry reference is refused. */
  offline?: boolean;
}

/** Analyzes one opened image and assembles its inventory. */
export async function inventoryImage(image: ImageSource, opts: InventoryOptions = {}): Promise<Inventory> {
  return assembleInventory(image, await cachedAnalysis(image, opts), opts);
}

/** Calls `visit` on every plain object inside `value` (bounded depth; buffers are not entered). */
function forEachObject(value: unknown, visit: (o: Record<string, unknown>) => void, depth = 0): void {
  if (depth > 12 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (const v of value) forEachObject(v, visit, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  visit(o);
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object') forEachObject(v, visit, depth + 1);
}

/** Every layer reference (`{ index, diffId, digest?, createdBy? }`) in a cached analysis gets this image's digest and history. */
function reprovenance(value: unknown, image: ImageSource): void {
  forEachObject(value, (o) => {
    const layer = typeof o.index === 'number' && typeof o.diffId === 'string' ? image.layers[o.index] : undefined;
    if (!layer || layer.diffId !== o.diffId) return;
    if (layer.digest) o.digest = layer.digest;
    if (layer.createdBy !== undefined) o.createdBy = layer.createdBy;
    else delete o.createdBy;
  });
}

/** A cache that also keeps whole-image analyses (DiskLayerCache does). */
interface AnalysisCache { getAnalysis(key: string): Promise<unknown>; putAnalysis(key: string, value: unknown): Promise<void> }

function hasAnalysisCache(c: LayerCache | undefined): c is LayerCache & AnalysisCache {
  return !!c && typeof (c as Partial<AnalysisCache>).getAnalysis === 'function';
}

/**
 * The analysis is a function of the layers' contents (diffIDs, in order) and the analyzers' versions
 * alone, so an image seen before (under any name) skips the walk and the analyzers; layer provenance
 * (digests, history) is taken from this image.
 */
async function cachedAnalysis(image: ImageSource, opts: InventoryOptions): Promise<ImageAnalysis> {
  const analyzers = opts.analyzers ?? scannerAnalyzers(opts);
  const cache = opts.layerCache;
  const key = createHash('sha256').update(`${analyzerKey(analyzers)}\u0000${image.layers.map((l) => l.diffId).join(',')}`).digest('hex');
  if (hasAnalysisCache(cache) && image.layers.every((l) => /^sha256:[0-9a-f]{64}$/.test(l.diffId))) {
    const hit = (await cache.getAnalysis(key)) as ImageAnalysis | undefined;
    if (hit && Array.isArray(hit.facts) && Array.isArray(hit.layers) && hit.layers.length === image.layers.length) {
      reprovenance(hit, image);
      return hit;
    }
    const analysis = await analyzeImage(image, analyzers, { layerCache: cache, concurrency: opts.concurrency });
    await cache.putAnalysis(key, analysis);
    return analysis;
  }
  return analyzeImage(image, analyzers, { layerCache: cache, concurrency: opts.concurrency });
}

/** The package analyzers plus those of the selected scanners, configured by the options. */
function scannerAnalyzers(opts: InventoryOptions): Analyzer[] {
  const chosen = analyzersFor(opts.scanners ?? DEFAULT_SCANNERS, defaultAnalyzers);
  const secretConfig = opts.secretConfig;
  return secretConfig ? chosen.map((a) => (a.name === 'secret' ? createSecretAnalyzer(secretConfig) : a)) : chosen;
}

/** Merges the facts of every analyzer into one inventory, sizes from the walk, OS-owned files dropped. */
export function assembleInventory(image: ImageSource, analysis: ImageAnalysis, opts: InventoryOptions = {}): Inventory {
  const meta = imageMeta(image);
  const sizes = new Map(analysis.layers.map((l) => [l.index, l]));
  meta.layers = meta.layers.map((l) => ({ ...l, size: l.size ?? sizes.get(l.index)?.compressedSize }));
  const inv: Inventory = { image: meta, packages: [], secrets: [], misconfigurations: [], warnings: [...analysis.warnings] };
  const executables: string[] = [];
  for (const { facts } of analysis.facts) {
    if (facts.os && (!inv.os || inv.os.family === 'unknown')) inv.os = facts.os;
    inv.packages.push(...(facts.packages ?? []));
    inv.secrets.push(...(facts.secrets ?? []));
    inv.misconfigurations.push(...(facts.misconfigurations ?? []));
    executables.push(...(facts.executables ?? []));
    inv.warnings.push(...(facts.warnings ?? []));
  }
  inv.packages = sortPackages(dropOsOwned(inv.packages, { enabled: !opts.keepOsOwned }));
  normalizePackageLicenses(inv.packages);
  inv.unaccountedExecutables = countUnaccountedExecutables(executables, inv.packages);
  // The image configuration (user, ports, env, history) is checked here, not by a file analyzer.
  const scanners = opts.scanners ?? DEFAULT_SCANNERS;
  if (scanners.includes('misconfig')) inv.misconfigurations.push(...checkImageConfig(meta, inv.os, { now: opts.now, maxAgeDays: opts.maxImageAgeDays }));
  if (scanners.includes('secret')) {
    inv.secrets.push(...findImageConfigSecrets({ env: image.config.config?.Env, history: image.config.history, layers: image.layers }, opts.secretConfig));
    redactBuildSteps(inv, opts.secretConfig);
  }
  return inv;
}

/**
 * A build step can carry a secret itself (`RUN |1 NPM_TOKEN=... npm ci`, `ENV DB_PASSWORD=...`); with the
 * secret scanner on, every `createdBy` the inventory repeats (layers, history, package and finding
 * provenance, also those a cached analysis got back from this image) is shown redacted.
 */
function redactBuildSteps(inv: Inventory, config: SecretConfig | undefined): void {
  const done = new Map<string, string>();
  const redact = (text: string) => done.get(text) ?? done.set(text, redactSecrets(text, config)).get(text)!;
  forEachObject(inv, (o) => { if (typeof o.createdBy === 'string') o.createdBy = redact(o.createdBy); });
}

function sortPackages(pkgs: Package[]): Package[] {
  const key = (p: Package) => `${p.type}\u0000${p.name}\u0000${p.version}\u0000${p.locations[0]?.path ?? ''}`;
  return pkgs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** --offline: only the archive source (no registry, no daemon socket); a registry or daemon transport is refused. */
export function offlineImageSources(ref: string, imageSrc?: ImageSrc[]): ImageSrc[] {
  const { src } = splitTransport(ref);
  if (src && src !== 'archive') throw new HullscanError('USAGE', `--offline allows only local image files (archives, OCI layouts), not the ${src} source`, { subject: ref });
  return (imageSrc ?? ['archive']).filter((s) => s === 'archive');
}

/** Opens the vulnerability DB named by the options (flag, HULLSCAN_DB, default path). */
export function openScanDb(opts: Pick<ScanOptions, 'db' | 'dbPath'>): VulnDb {
  return opts.db ?? openDb(resolveDbPath(opts.dbPath));
}

/** Scans every selected platform image of `ref`: inventory, then matches against the DB. */
export async function scanImage(ref: string, opts: ScanOptions = {}): Promise<ScanResult[]> {
  if (opts.offline) opts = { ...opts, imageSrc: offlineImageSources(ref, opts.imageSrc) };
  const scanners = (opts.scanners ?? DEFAULT_SCANNERS).filter((s) => !(opts.skipMatch && s === 'vuln'));
  const db = scanners.includes('vuln') ? openScanDb(opts) : undefined;
  try {
    const layerCache = opts.layerCache ?? (opts.cacheDir ? new DiskLayerCache(opts.cacheDir, { maxBytes: opts.cacheMaxBytes }) : undefined);
    const images = await resolveImage(ref, opts);
    const results: ScanResult[] = [];
    try {
      for (const image of images) {
        const inventory = await inventoryImage(image, { ...opts, scanners, layerCache });
        const findings = db ? matchInventory(inventory, db, { ...opts, warn: (m) => inventory.warnings.push(m) }) : [];
        results.push({
          schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
          inventory,
          findings,
          scanners: [...scanners],
          ...(scanners.includes('license') ? { licenses: licenseFindings(inventory.packages, opts.licensePolicy) } : {}),
          ...(db ? { db: { path: db.path, schemaVersion: db.schemaVersion, builtAt: db.builtAt } } : {}),
        });
      }
    } finally {
      opts.progress?.finish();
      await Promise.all(images.map((i) => i.close()));
    }
    return results;
  } finally {
    if (db && db !== opts.db) db.close();
  }
}
