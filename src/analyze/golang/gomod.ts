// Go module manifests of source trees: go.mod (require and replace directives) and go.sum.
import type { GoModule } from './buildinfo.js';

/** Required modules of a go.mod, with its replace directives applied. */
export function parseGoMod(text: string): { module?: string; goVersion?: string; requires: (GoModule & { indirect: boolean })[] } {
  const requires: (GoModule & { indirect: boolean })[] = [];
  const replaces: { from: string; fromVersion?: string; to: string; toVersion?: string }[] = [];
  let module: string | undefined;
  let goVersion: string | undefined;
  let block: string | undefined;
  for (const rawLine of text.split('\n')) {
    const indirect = /\/\/\s*indirect\b/.test(rawLine);
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block) {
      if (line === ')') { block = undefined; continue; }
      directive(block, tokens(line), indirect);
      continue;
    }
    const t = tokens(line);
    const verb = t[0];
    if (t[1] === '(' && t.length === 2) { block = verb; continue; }
    directive(verb ?? '', t.slice(1), indirect);
  }

  function directive(verb: string, args: string[], indirect: boolean): void {
    if (verb === 'module' && args[0]) module = args[0];
    else if (verb === 'go' && args[0]) goVersion = args[0];
    else if (verb === 'require' && args.length >= 2) requires.push({ path: args[0]!, version: args[1]!, indirect });
    else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1) return;
      const [from, fromVersion] = args.slice(0, arrow);
      const [to, toVersion] = args.slice(arrow + 1);
      if (from && to) replaces.push({ from, ...(fromVersion ? { fromVersion } : {}), to, ...(toVersion ? { toVersion } : {}) });
    }
  }

  for (const r of requires) {
    const rep = replaces.find((x) => x.from === r.path && (!x.fromVersion || x.fromVersion === r.version));
    if (rep) r.replace = { path: rep.to, ...(rep.toVersion ? { version: rep.toVersion } : {}) };
  }
  return { ...(module ? { module } : {}), ...(goVersion ? { goVersion } : {}), requires };
}

/** Words of a go.mod line; quoted strings (`"path with space"` or backquoted) count as one word. */
function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Modules whose code go.sum records (lines without `/go.mod`: the module zip itself was used). */
export function parseGoSum(text: string): GoModule[] {
  const seen = new Map<string, GoModule>();
  for (const line of text.split('\n')) {
    const [path, version, sum] = line.trim().split(/\s+/);
    if (!path || !version || version.endsWith('/go.mod')) continue;
    seen.set(`${path}@${version}`, { path, version, ...(sum ? { sum } : {}) });
  }
  return [...seen.values()];
}
