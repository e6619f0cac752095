// `hullscan config PATH` as a library call: find the Dockerfiles under a path, parse and check each.
import { lstatSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Misconfiguration } from '../../analyze/types.js';
import { HullscanError } from '../../errors.js';
import { checkDockerfileWithIgnores } from './checks.js';
import { MAX_DOCKERFILE_BYTES, parseDockerfile } from './parser.js';

export interface DockerfileResult {
  /** The file as found (relative to the scanned directory's parent when a directory was given). */
  path: string;
  findings: Misconfiguration[];
  /** Findings silenced by a `# hullscan:ignore ID` comment above their instruction. */
  ignored?: Misconfiguration[];
  /** Problems that did not stop the checks (e.g. empty continuation lines). */
  warnings: string[];
  /** Set when the file could not be parsed (directory scans go on with the other files). */
  error?: string;
}

/** Directory names never searched: version control, dependencies, build output. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', 'vendor', '.venv', '__pycache__']);
const MAX_DEPTH = 12;
const MAX_FILES = 10_000;

/** Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*, *.Containerfile, Containerfile.* (not *.dockerignore). */
export function isDockerfileName(name: string): boolean {
  const n = name.toLowerCase();
  // Dockerfile.dockerignore is BuildKit's per-Dockerfile ignore file; compressed files and documents are not Dockerfiles.
  if (/\.(?:dockerignore|gz|bz2|xz|zst|zip|md|rst|html|txt|swp|bak|orig|rej)$/.test(n)) return false;
  return /^(?:dockerfile|containerfile)(?:\..+)?$/.test(n) || /^.+\.(?:dockerfile|containerfile)$/.test(n);
}

function linksToFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling link
  }
}

/** The Dockerfiles under `dir`, sorted; a link named like a Dockerfile is read, links to directories are not walked. */
export function findDockerfiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw new HullscanError('INPUT', `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { subject: d, cause: e });
    }
    for (const e of entries.sort((x, y) => x.name.localeCompare(y.name))) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && depth < MAX_DEPTH) walk(join(d, e.name), depth + 1);
      } else if (isDockerfileName(e.name) && (e.isFile() || (e.isSymbolicLink() && linksToFile(join(d, e.name))))) {
        found.push(join(d, e.name));
        if (found.length > MAX_FILES) throw new HullscanError('LIMIT', `more than ${MAX_FILES} Dockerfiles`, { subject: dir });
      }
    }
  };
  walk(dir, 0);
  return found;
}

function readCapped(path: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HullscanError(code === 'ENOENT' ? 'NOT_FOUND' : 'INPUT', code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${code ?? String(e)}`, { subject: path, cause: e });
  }
  if (!st.isFile()) throw new HullscanError('INPUT', 'not a regular file', { subject: path });
  if (st.size > MAX_DOCKERFILE_BYTES) throw new HullscanError('LIMIT', `larger than ${MAX_DOCKERFILE_BYTES} bytes: not a Dockerfile`, { subject: path });
  const buf = Buffer.alloc(st.size);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** Parses and checks one Dockerfile; bad input throws a HullscanError naming the file (and line). */
export function scanDockerfile(path: string, displayPath = path): DockerfileResult {
  const df = parseDockerfile(readCapped(path), displayPath);
  const { findings, ignored } = checkDockerfileWithIgnores(df);
  return { path: displayPath, findings, ignored, warnings: df.warnings.map((w) => `${displayPath}: ${w}`) };
}

/**
 * A Dockerfile, or every Dockerfile under a directory. A single file that cannot be parsed throws; in a
 * directory, such a file gets `error` and the others are still checked.
 */
export function scanConfigPath(path: string): DockerfileResult[] {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    throw new HullscanError('NOT_FOUND', 'no such file or directory', { subject: path, cause: e });
  }
  if (st.isSymbolicLink()) st = statSync(path);
  if (!st.isDirectory()) return [scanDockerfile(path)];
  const files = findDockerfiles(path);
  if (!files.length) throw new HullscanError('NOT_FOUND', 'no Dockerfile, Containerfile, *.Dockerfile or Dockerfile.* found', { subject: path });
  return files.map((f) => {
    const shown = relative(process.cwd(), f) || f;
    try {
      return scanDockerfile(f, shown.startsWith('..') ? f : shown);
    } catch (e) {
      if (e instanceof HullscanError) return { path: shown.startsWith('..') ? f : shown, findings: [], warnings: [], error: e.message };
      throw e;
    }
  });
}
