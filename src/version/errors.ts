import { HullscanError } from '../errors.js';
import type { VersionEcosystem } from './types.js';

/** A version string an ecosystem's comparator cannot parse (code 'VERSION'). */
export class InvalidVersionError extends HullscanError {
  readonly ecosystem: VersionEcosystem;
  readonly version: string;

  constructor(ecosystem: VersionEcosystem, version: string, problem: string) {
    super('VERSION', `invalid ${ecosystem} version ${JSON.stringify(truncate(version))}: ${problem}`);
    this.name = 'InvalidVersionError';
    this.ecosystem = ecosystem;
    this.version = version;
  }
}

/** A range or requirement string that cannot be parsed (code 'VERSION'). */
export class InvalidRangeError extends HullscanError {
  readonly ecosystem: VersionEcosystem;
  readonly range: string;

  constructor(ecosystem: VersionEcosystem, range: string, problem: string) {
    super('VERSION', `invalid ${ecosystem} range ${JSON.stringify(truncate(range))}: ${problem}`);
    this.name = 'InvalidRangeError';
    this.ecosystem = ecosystem;
    this.range = range;
  }
}

// Error messages are one line: keep hostile inputs from flooding it.
function truncate(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
