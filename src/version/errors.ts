import { HullscanError } from '../errors.js';
import type { VersionEcosystem } from './types.js';

/** A version string an ecosystem's comparator cannot parse (code 'VERSION'). */
export class InvalidVersionError extends HullscanError {
  readonly ecosystem: VersionEcosystem;
  readonly version: string;

  constructor(ecosystem: VersionEcosystem, version: string, problem: string) {
    super('VERSION', `invalid ${ecosystem} version ${quote(version)}: ${clip(problem)}`);
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
    super('VERSION', `invalid ${ecosystem} range ${quote(range)}: ${clip(problem)}`);
    this.name = 'InvalidRangeError';
    this.ecosystem = ecosystem;
    this.range = range;
  }
}

// Error messages are one short line: keep hostile inputs from flooding it.
function clip(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function quote(s: string): string {
  return clip(JSON.stringify(s.length > 200 ? s.slice(0, 200) : s), 120);
}
