export type VersionEcosystem =
  | 'deb' | 'rpm' | 'apk' | 'pypi' | 'npm' | 'maven' | 'golang' | 'gem' | 'nuget' | 'composer' | 'cargo';

/** One ecosystem's ordering. compare() throws InvalidVersionError for versions the reference rejects. */
export interface VersionScheme {
  readonly ecosystem: VersionEcosystem;
  compare(a: string, b: string): number;
  isValid(v: string): boolean;
}
