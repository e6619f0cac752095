// RubyGems requirements (Gem::Requirement#satisfied_by?): "~> 1.5.4", ">= 1.6.0", "!= 2.0", and
// comma-separated lists of them (all must hold), as ruby-advisory-db writes patched/unaffected versions.
import { InvalidRangeError } from './errors.js';
import { compareGemParsed, GEM_VERSION_PATTERN, parseGem, parseGemCached, type GemVersion } from './gem.js';
import { ParseCache } from './util.js';

type Op = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';
interface Requirement { op: Op; version: GemVersion }

const WS = '[ \\t\\r\\n\\f\\v]';
const PATTERN = new RegExp(`^${WS}*(=|!=|>|<|>=|<=|~>)?${WS}*(${GEM_VERSION_PATTERN})${WS}*$`);

const isNum = (s: string) => s.charCodeAt(0) <= 57;

/** Gem::Version#release: a pre-release without its letter segments and what follows them. */
function release(v: GemVersion): GemVersion {
  if (!/[a-zA-Z]/.test(v.version)) return v;
  const segs = [...v.segments];
  while (segs.some((s) => !isNum(s))) segs.pop();
  return parseGem(segs.join('.'));
}

/** Gem::Version#bump: drop letter segments and the last number, then increment the new last one. */
function bump(v: GemVersion): GemVersion {
  const segs = [...v.segments];
  while (segs.some((s) => !isNum(s))) segs.pop();
  if (segs.length > 1) segs.pop();
  segs[segs.length - 1] = String(BigInt(segs[segs.length - 1] ?? '0') + 1n);
  return parseGem(segs.join('.'));
}

function parseOne(text: string, whole: string): Requirement {
  const m = PATTERN.exec(text);
  if (!m) throw new InvalidRangeError('gem', whole, `illformed requirement ${JSON.stringify(text)}`);
  return { op: (m[1] ?? '=') as Op, version: parseGem(m[2]!) };
}

export function parseGemRequirement(req: string): Requirement[] {
  // Like Ruby's String#split(','): trailing empty fields are dropped; no field at all means ">= 0".
  const parts = req.split(',');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  if (!parts.length) return [{ op: '>=', version: parseGem('0') }];
  return parts.map((p) => parseOne(p, req));
}

function holds(r: Requirement, v: GemVersion): boolean {
  const c = compareGemParsed(v, r.version);
  switch (r.op) {
    case '=': return c === 0;
    case '!=': return c !== 0;
    case '>': return c > 0;
    case '<': return c < 0;
    case '>=': return c >= 0;
    case '<=': return c <= 0;
    case '~>': return c >= 0 && compareGemParsed(release(v), bump(r.version)) < 0;
  }
}

const cache = new ParseCache<Requirement[]>(5_000);

export function satisfiesGem(version: string, requirement: string): boolean {
  const v = parseGemCached(version);
  return cache.get(requirement, parseGemRequirement).every((r) => holds(r, v));
}
