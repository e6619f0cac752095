// Test helper: policy outcomes over the real-data scan, shared by the writer tests.
import { applyPolicy, type PolicyOutcome } from '../../policy/apply.js';
import { parseVex } from '../../policy/vex.js';
import { nodeAppFullScan } from './other-findings.js';
import { nodeAppScan } from './real-scan.js';

export const NOW = new Date('2026-11-24T12:00:00Z');

let cached: ReturnType<typeof nodeAppScan> | undefined;
export function scan() {
  return (cached ??= nodeAppScan());
}

/** node-app with a VEX statement (real GHSA id of minimist 1.2.0's prototype pollution) and --fail-on high. */
export function nodeAppOutcome(): PolicyOutcome {
  const s = scan();
  const minimist = s.findings.find((f) => f.package.name === 'minimist' && f.package.version === '1.2.0')!;
  const vex = parseVex({
    '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.org/vex/1', author: 'test', timestamp: '2026-11-01T00:00:00Z', version: 1,
    statements: [{ vulnerability: { name: minimist.id }, products: [{ '@id': 'pkg:npm/minimist@1.2.0' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
  }, 'test.openvex.json');
  return applyPolicy([s], { now: NOW, failOn: 'HIGH', vex });
}

/** node-app with every scanner's findings (testdata/other-findings.ts), VEX as above, --fail-on high. */
export function nodeAppFullOutcome(): PolicyOutcome {
  const base = nodeAppOutcome();
  const full = nodeAppFullScan();
  return applyPolicy([full], { now: NOW, failOn: 'HIGH', vex: base.suppressed.map((s) => s.vex!).filter(Boolean) });
}
