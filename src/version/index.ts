// PLACEHOLDER, replaced by the version module: compareVersions(ecosystem, a, b) per ecosystem.
export type VersionEcosystem =
  | 'deb' | 'rpm' | 'apk' | 'pypi' | 'npm' | 'maven' | 'golang' | 'gem' | 'nuget' | 'composer' | 'cargo';

export function compareVersions(ecosystem: VersionEcosystem, a: string, b: string): number {
  throw new Error(`compareVersions(${ecosystem}) not implemented yet (${a}, ${b})`);
}

export function satisfiesRange(ecosystem: 'npm', version: string, range: string): boolean {
  throw new Error(`satisfiesRange(${ecosystem}) not implemented yet (${version}, ${range})`);
}
