// What every report writer implements: one format, one pure function from the policy outcome to text.
import type { PolicyOutcome } from '../policy/apply.js';

export interface ReportOptions {
  /** ANSI colour (table); the CLI decides from isTTY and NO_COLOR. */
  color?: boolean;
  /** Terminal width in columns (table); default 120. */
  width?: number;
  /** Report time (tests pin it); default now. */
  now?: Date;
  toolVersion?: string;
}

export interface ReportWriter {
  readonly format: string;
  readonly description: string;
  /** Usual file extension, without the dot. */
  readonly extension: string;
  write(outcome: PolicyOutcome, opts: ReportOptions): string;
}

export const TOOL_NAME = 'hullscan';
export const TOOL_VERSION = '0.1.0';
export const TOOL_URI = 'https://github.com/hullscan/hullscan';
