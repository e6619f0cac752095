// Grouping findings the way people read them: the OS packages first, then one target per language ecosystem.
import type { Inventory, PackageType } from '../inventory/model.js';
import { OS_PACKAGE_TYPES } from '../inventory/model.js';
import type { Finding } from '../match/model.js';

export interface Target {
  name: string;             // 'debian 12 (os packages)', 'npm packages'
  kind: 'os' | 'library';
  type?: PackageType;
  findings: Finding[];
}

const LANGUAGE_LABEL: Partial<Record<PackageType, string>> = {
  npm: 'Node.js (npm)', pypi: 'Python (pypi)', maven: 'Java (maven)', golang: 'Go (modules)', cargo: 'Rust (cargo)',
  gem: 'Ruby (gems)', composer: 'PHP (composer)', nuget: '.NET (nuget)', binary: 'Binaries',
};

export function osLabel(inv: Inventory): string {
  const os = inv.os;
  if (!os || os.family === 'unknown') return 'unknown OS';
  return `${os.family} ${os.version ?? os.codename ?? ''}`.trim();
}

/** OS target first (even when empty, so "no OS findings" shows), then language targets in a fixed order. */
export function targetsOf(inv: Inventory, findings: readonly Finding[]): Target[] {
  const os: Target = { name: `${osLabel(inv)} (OS packages)`, kind: 'os', findings: [] };
  const byType = new Map<PackageType, Finding[]>();
  for (const f of findings) {
    if (OS_PACKAGE_TYPES.includes(f.package.type)) os.findings.push(f);
    else {
      let list = byType.get(f.package.type);
      if (!list) byType.set(f.package.type, (list = []));
      list.push(f);
    }
  }
  const lang = [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([type, fs]): Target => ({ name: LANGUAGE_LABEL[type] ?? type, kind: 'library', type, findings: fs }));
  return [os, ...lang];
}

/** A repo:tag name when the image has one; an archive's bare ref name ('latest') says less than its path. */
export function imageName(inv: Inventory): string {
  const name = inv.image.names[0];
  return name && /[:/@]/.test(name) ? name : inv.image.reference;
}

/** The layer that introduced a finding's package, with its build step. */
export function introducedBy(f: Finding): { index: number; diffId: string; createdBy?: string } | undefined {
  const l = f.package.locations[0]?.layer;
  return l ? { index: l.index, diffId: l.diffId, createdBy: l.createdBy } : undefined;
}
