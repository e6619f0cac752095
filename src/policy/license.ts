// Licence policy: one finding per licence of each package, rated by its class, or CRITICAL when the
// user denied it, or dropped when the user allowed it. Expressions are read as what they let the
// user do: `A OR B` is acceptable when either is, and denied only when every choice is; `A AND B`
// is acceptable only when both are, and denied when either is.
//
// Default severities (like Trivy's licence categories, one step down for copyleft that is not forbidden
// outright by most companies): network-copyleft HIGH, strong-copyleft HIGH, weak-copyleft MEDIUM,
// permissive LOW, public-domain LOW, unknown UNKNOWN (shown, never gating a threshold by itself).
import { HullscanError } from '../errors.js';
import type { Package } from '../inventory/model.js';
import type { LicenseClass, LicenseFinding } from '../match/model.js';
import type { SeverityLevel } from '../vulndb/model.js';
import { LICENSE_CLASSES } from '../analyze/license/classes.js';
import { classifyLeaf, classifyTree } from '../analyze/license/classify.js';
import { licenseTree, normalizeLicense } from '../analyze/license/normalize.js';
import { canonicalExceptionId, canonicalLicenseId, isSpdxTree, parseExpression, renderTree, type LicenseLeaf, type LicenseTree } from '../analyze/license/spdx.js';
import { parseSeverity } from './severity.js';

export interface LicensePolicy {
  /** SPDX ids (optionally `WITH exception`) or class names whose licences are CRITICAL. */
  deny?: string[];
  /** SPDX ids or class names whose licences are accepted: their findings are dropped. */
  allow?: string[];
  /** Severity per class, over the defaults. */
  severities?: Partial<Record<LicenseClass, SeverityLevel>>;
}

export const DEFAULT_LICENSE_SEVERITIES: Readonly<Record<LicenseClass, SeverityLevel>> = {
  'network-copyleft': 'HIGH',
  'strong-copyleft': 'HIGH',
  'weak-copyleft': 'MEDIUM',
  permissive: 'LOW',
  'public-domain': 'LOW',
  unknown: 'UNKNOWN',
};

/** The licence findings of these packages under the policy, in package order. */
export function licenseFindings(packages: Package[], policy: LicensePolicy = {}): LicenseFinding[] {
  const deny = (policy.deny ?? []).map(toMatcher);
  const allow = (policy.allow ?? []).map(toMatcher);
  const severities = { ...DEFAULT_LICENSE_SEVERITIES, ...policy.severities };
  const out: LicenseFinding[] = [];
  for (const pkg of packages) {
    const seen = new Set<string>();
    for (const [i, given] of pkg.licenses.entries()) {
      const raw = pkg.licenseRaw?.[i];
      const debian = pkg.type === 'deb';
      // Packages normally arrive normalised; normalise again so that un-normalised input is treated the same.
      const expression = normalizeLicense(given, { debian }).expression ?? (raw ? normalizeLicense(raw, { debian }).expression : undefined);
      const license = expression ?? given.trim();
      if (!license || seen.has(license)) continue;
      seen.add(license);
      const tree = licenseTree(license, { debian })!;
      const classification = classifyTree(tree);
      const allowedBy = allow.length ? accepted(tree, allow) : undefined;
      if (allowedBy) continue;
      const deniedBy = deny.length ? denied(tree, deny) : undefined;
      const spdx = isSpdxTree(tree);
      const finding: LicenseFinding = deniedBy
        ? { package: pkg, license, spdx, classification, severity: 'CRITICAL', reason: `denied by --license-deny ${deniedBy}` }
        : {
          package: pkg, license, spdx, classification, severity: severities[classification],
          reason: `${classification} class${policy.severities?.[classification] ? ' (severity set by --license-severity)' : ''}${spdx ? '' : `: '${license}' is not an SPDX expression`}`,
        };
      out.push(finding);
    }
  }
  return out;
}

/** A deny or allow entry: a class, or an SPDX id with or without exception. */
interface Matcher { text: string; cls?: LicenseClass; id?: string; exception?: string; name?: string }

function toMatcher(entry: string): Matcher {
  const text = entry.trim();
  if ((LICENSE_CLASSES as readonly string[]).includes(text.toLowerCase())) return { text, cls: text.toLowerCase() as LicenseClass };
  const tree = parseExpression(text);
  if (tree?.kind === 'leaf') return { text, id: tree.license, ...(tree.exception ? { exception: tree.exception } : {}) };
  // A name that is no SPDX id (policies built in code may name Debian's "public-domain"): matched as written.
  return { text, name: text.toLowerCase() };
}

function leafMatches(leaf: LicenseLeaf, m: Matcher): boolean {
  if (m.cls) return classifyLeaf(leaf) === m.cls;
  if (m.id) {
    if (!leaf.spdx || leaf.license !== m.id) return false;
    // "GPL-2.0-only" covers "GPL-2.0-only WITH Classpath-exception-2.0"; an entry with an exception only that pair.
    return m.exception === undefined || leaf.exception === m.exception;
  }
  return leaf.license.toLowerCase() === m.name;
}

/** The allow entry that makes the expression acceptable: a licence the user may choose (OR) or all of them (AND). */
function accepted(tree: LicenseTree, allow: Matcher[]): string | undefined {
  if (tree.kind === 'leaf') return allow.find((m) => leafMatches(tree, m))?.text;
  const l = accepted(tree.left, allow);
  const r = accepted(tree.right, allow);
  return tree.kind === 'or' ? l ?? r : l && r ? l : undefined;
}

/** The deny entry that the expression cannot avoid: any part of an AND, every choice of an OR. */
function denied(tree: LicenseTree, deny: Matcher[]): string | undefined {
  if (tree.kind === 'leaf') return deny.find((m) => leafMatches(tree, m))?.text;
  const l = denied(tree.left, deny);
  const r = denied(tree.right, deny);
  return tree.kind === 'and' ? l ?? r : l && r ? l : undefined;
}

/**
 * The CLI's `--license-deny ID`, `--license-allow ID` (repeatable, comma-separated lists too) and
 * `--license-severity CLASS=LEVEL,...`. An id must be an SPDX licence id (any case; `WITH exception`
 * allowed) or a class name; anything else is a usage error naming the flag.
 */
export function parseLicensePolicyFlags(deny: string[], allow: string[], severities?: string): LicensePolicy {
  const policy: LicensePolicy = {};
  const d = deny.flatMap((v) => parseEntries(v, '--license-deny'));
  const a = allow.flatMap((v) => parseEntries(v, '--license-allow'));
  if (d.length) policy.deny = d;
  if (a.length) policy.allow = a;
  if (severities !== undefined) policy.severities = parseSeverities(severities);
  return policy;
}

function parseEntries(value: string, flag: string): string[] {
  const out: string[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    if ((LICENSE_CLASSES as readonly string[]).includes(part.toLowerCase())) { out.push(part.toLowerCase()); continue; }
    const m = /^(\S+?)(\+)?(?:\s+WITH\s+(\S+))?$/i.exec(part);
    const id = m ? canonicalLicenseId(m[1]!, m[2] === '+') : undefined;
    const exception = m?.[3] !== undefined ? canonicalExceptionId(m[3]) : undefined;
    if (!id || (m?.[3] !== undefined && !exception)) {
      throw new HullscanError('USAGE', `'${part}' is not an SPDX licence id (e.g. GPL-3.0-only, MIT) or a licence class (${LICENSE_CLASSES.join(', ')})`, { subject: flag });
    }
    out.push(renderTree({ kind: 'leaf', license: id, spdx: true, ...(exception ? { exception, exceptionSpdx: true } : {}) }));
  }
  if (!out.length) throw new HullscanError('USAGE', 'empty licence list', { subject: flag });
  return out;
}

function parseSeverities(text: string): Partial<Record<LicenseClass, SeverityLevel>> {
  const flag = '--license-severity';
  const out: Partial<Record<LicenseClass, SeverityLevel>> = {};
  const pairs = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!pairs.length) throw new HullscanError('USAGE', `expected CLASS=SEVERITY pairs, e.g. strong-copyleft=CRITICAL`, { subject: flag });
  for (const pair of pairs) {
    const [cls, level, ...rest] = pair.split('=').map((s) => s.trim());
    if (!cls || level === undefined || rest.length) throw new HullscanError('USAGE', `'${pair}' is not CLASS=SEVERITY (e.g. strong-copyleft=CRITICAL)`, { subject: flag });
    if (!(LICENSE_CLASSES as readonly string[]).includes(cls.toLowerCase())) {
      throw new HullscanError('USAGE', `unknown licence class '${cls}' (expected one of ${LICENSE_CLASSES.join(', ')})`, { subject: flag });
    }
    out[cls.toLowerCase() as LicenseClass] = parseSeverity(level, flag);
  }
  return out;
}
