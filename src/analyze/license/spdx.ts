// SPDX licence expressions as a tree: strict parsing (spdx-expression-parse), canonical ids
// (deprecated GPL-2.0 → GPL-2.0-only, GPL-2.0+ → GPL-2.0-or-later) and rendering back to text.
// Leaves may also hold a raw licence name that has no SPDX id, so that Debian's
// "BSD-3-clause or GPL" can still be reasoned about (classified, allowed, denied) as a tree.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const parseSpdx = require('spdx-expression-parse') as (text: string) => SpdxAst;
const LICENSE_IDS = require('spdx-license-ids') as string[];
const DEPRECATED_IDS = require('spdx-license-ids/deprecated.json') as string[];
const EXCEPTION_IDS = require('spdx-exceptions') as string[];

type SpdxAst =
  | { license: string; plus?: boolean; exception?: string }
  | { left: SpdxAst; conjunction: 'and' | 'or'; right: SpdxAst };

/** One licence: an SPDX id (`spdx`) or a name as metadata wrote it, optionally with an exception. */
export interface LicenseLeaf {
  kind: 'leaf';
  license: string;
  spdx: boolean;
  exception?: string;
  exceptionSpdx?: boolean;
}
export interface LicenseOp { kind: 'and' | 'or'; left: LicenseTree; right: LicenseTree }
export type LicenseTree = LicenseLeaf | LicenseOp;

const byLower = (ids: readonly string[]) => new Map(ids.map((id) => [id.toLowerCase(), id]));
const CURRENT = byLower(LICENSE_IDS);
const DEPRECATED = byLower(DEPRECATED_IDS);
const EXCEPTIONS = byLower(EXCEPTION_IDS);

// Deprecated ids that mean "this version only"; with `+` they mean "or later" (SPDX 2.x → 3 rename).
const ONLY_OR_LATER = /^(A?GPL|LGPL|GFDL)-\d\.\d$/;

/** An SPDX licence id spelled any case → its canonical current id (deprecated GNU ids resolved). */
export function canonicalLicenseId(id: string, plus = false): string | undefined {
  const lower = id.toLowerCase();
  if (lower.startsWith('licenseref-') || lower.startsWith('documentref-')) return /^[A-Za-z0-9.:-]+$/.test(id) ? id : undefined;
  const found = CURRENT.get(lower) ?? DEPRECATED.get(lower);
  if (!found) return undefined;
  if (ONLY_OR_LATER.test(found)) return `${found}-${plus ? 'or-later' : 'only'}`;
  if (plus) return /-(only|or-later)$/.test(found) ? found.replace(/-only$/, '-or-later') : `${found}+`;
  return found;
}

export function canonicalExceptionId(id: string): string | undefined {
  return EXCEPTIONS.get(id.toLowerCase());
}

/** Strictly parses an SPDX expression (ids in any case, as real metadata spells them); undefined when not SPDX. */
export function parseExpression(text: string): LicenseTree | undefined {
  let ast: SpdxAst;
  try { ast = parseSpdx(text.trim()); } catch {
    // spdx-expression-parse wants ids in their exact case; metadata writes "mit", "apache-2.0".
    const recased = text.trim().replace(/[A-Za-z0-9.+:-]+/g, (w) => {
      if (/^(and|or|with)$/i.test(w)) return w.toUpperCase();
      const plus = w.endsWith('+');
      const bare = plus ? w.slice(0, -1) : w;
      const id = CURRENT.get(bare.toLowerCase()) ?? DEPRECATED.get(bare.toLowerCase()) ?? EXCEPTIONS.get(bare.toLowerCase());
      return id ? id + (plus ? '+' : '') : w;
    });
    try { ast = parseSpdx(recased); } catch { return undefined; }
  }
  return fromAst(ast);
}

function fromAst(ast: SpdxAst): LicenseTree | undefined {
  if ('conjunction' in ast) {
    const left = fromAst(ast.left);
    const right = fromAst(ast.right);
    return left && right ? { kind: ast.conjunction, left, right } : undefined;
  }
  const license = canonicalLicenseId(ast.license, ast.plus === true);
  if (!license) return undefined;
  const leaf: LicenseLeaf = { kind: 'leaf', license, spdx: true };
  if (ast.exception) {
    const exception = canonicalExceptionId(ast.exception);
    if (!exception) return undefined;
    leaf.exception = exception;
    leaf.exceptionSpdx = true;
  }
  return leaf;
}

/** True when every leaf (and exception) is SPDX, i.e. the tree renders to a valid SPDX expression. */
export function isSpdxTree(tree: LicenseTree): boolean {
  if (tree.kind === 'leaf') return tree.spdx && (tree.exception === undefined || tree.exceptionSpdx === true);
  return isSpdxTree(tree.left) && isSpdxTree(tree.right);
}

/** Renders with SPDX operators; OR inside AND is parenthesised (AND binds tighter). */
export function renderTree(tree: LicenseTree, parent?: 'and' | 'or'): string {
  if (tree.kind === 'leaf') return tree.exception ? `${tree.license} WITH ${tree.exception}` : tree.license;
  const text = `${renderTree(tree.left, tree.kind)} ${tree.kind.toUpperCase()} ${renderTree(tree.right, tree.kind)}`;
  return parent === 'and' && tree.kind === 'or' ? `(${text})` : text;
}

export function leavesOf(tree: LicenseTree): LicenseLeaf[] {
  return tree.kind === 'leaf' ? [tree] : [...leavesOf(tree.left), ...leavesOf(tree.right)];
}

/** True when the text is a valid SPDX expression exactly as written (what SBOM writers require). */
export function isValidSpdx(text: string): boolean {
  try { parseSpdx(text); return true; } catch { return false; }
}
