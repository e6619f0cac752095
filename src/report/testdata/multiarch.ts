// Test helper: the real multi-platform corpus image (multiarch-index.oci.tar: an OCI index with linux/amd64 and
// linux/arm64/v8) scanned through the product pipeline with --platform all, inventory only; each platform's dpkg
// packages matched against the real Debian changelog tracker (../shared/vulndata), as the report tests do for
// node-app. A VEX statement marks one arm64-only finding not_affected, so suppression is per platform too.
import { join } from 'node:path';
import { applyPolicy, type PolicyOutcome } from '../../policy/apply.js';
import { parseVex } from '../../policy/vex.js';
import { scanImage } from '../../scan.js';
import { NOW } from './outcomes.js';
import { debianFindings, SHARED } from './real-scan.js';

export const MULTIARCH = join(SHARED, 'corpus/multiarch-index.oci.tar');

let cached: Promise<PolicyOutcome> | undefined;

export function multiarchOutcome(): Promise<PolicyOutcome> {
  return (cached ??= (async () => {
    const results = await scanImage(MULTIARCH, { platform: 'all', scanners: [], offline: true });
    // The tracker plays the matcher here (no DB in tests), so the results say the vuln scanner ran.
    for (const r of results) {
      r.findings = debianFindings(r.inventory.packages.filter((p) => p.type === 'deb'));
      r.scanners = ['vuln'];
    }
    const arm = results.find((r) => r.inventory.image.platform.startsWith('linux/arm64'))!;
    const amdIds = new Set(results.find((r) => r.inventory.image.platform === 'linux/amd64')!.findings.map((f) => f.id));
    const armOnly = arm.findings.find((f) => !amdIds.has(f.id))!;
    const vex = parseVex({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.org/vex/multiarch', author: 'test', timestamp: '2026-11-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: armOnly.id }, products: [{ '@id': armOnly.package.purl }], status: 'not_affected', justification: 'vulnerable_code_not_present' }],
    }, 'multiarch.openvex.json');
    return applyPolicy(results, { now: NOW, vex });
  })());
}
