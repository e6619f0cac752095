// Errors a user can cause (bad archive, bad flag, missing DB) are HullscanErrors: the CLI prints
// them as one line and exits 2. Anything else is a bug and keeps its stack trace.
export type ErrorCode =
  | 'USAGE'        // bad flag or argument
  | 'INPUT'        // unreadable or malformed input (archive, manifest, file)
  | 'NOT_FOUND'    // image, tag, platform, blob or file not present
  | 'DIGEST'       // sha256 / diffID mismatch
  | 'LIMIT'        // a size, depth or count limit was hit
  | 'NETWORK'      // registry / download failure
  | 'AUTH'         // credentials refused
  | 'DB'           // vulnerability database missing, corrupt or of another schema
  | 'VERSION';     // a version string an ecosystem's comparator cannot parse

export class HullscanError extends Error {
  readonly code: ErrorCode;
  /** The file, blob or reference the problem is about, when there is one. */
  readonly subject?: string;

  constructor(code: ErrorCode, message: string, options?: { subject?: string; cause?: unknown }) {
    super(options?.subject ? `${options.subject}: ${message}` : message, { cause: options?.cause });
    this.name = 'HullscanError';
    this.code = code;
    this.subject = options?.subject;
  }
}

export function isHullscanError(e: unknown): e is HullscanError {
  return e instanceof HullscanError;
}
