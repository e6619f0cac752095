// A licence expression's class: leaves from the class table, then the expression's meaning:
// `A OR B` lets the user pick, so the least restrictive; `A AND B` binds to both, so the most restrictive;
// `A WITH exception` may lower a GPL to weak copyleft (linking exceptions).
import type { LicenseClass } from '../../match/model.js';
import { CLASS_ORDER, classOfId, classOfRawName, classWithException } from './classes.js';
import { licenseTree } from './normalize.js';
import type { LicenseLeaf, LicenseTree } from './spdx.js';

const rank = (c: LicenseClass) => CLASS_ORDER.indexOf(c);

/**
 * Classifies an SPDX expression, or a raw licence text (Debian names, trove classifiers, free text) by the
 * same rules with the families its names certainly belong to; 'unknown' when nothing is certain.
 */
export function classifyLicense(expression: string): LicenseClass {
  const tree = licenseTree(expression);
  return tree ? classifyTree(tree) : 'unknown';
}

export function classifyTree(tree: LicenseTree): LicenseClass {
  if (tree.kind === 'leaf') return classifyLeaf(tree);
  const left = classifyTree(tree.left);
  const right = classifyTree(tree.right);
  if (tree.kind === 'or') {
    // A choice: the known option that binds least; unknown only when no option is known.
    if (left === 'unknown') return right;
    if (right === 'unknown') return left;
    return rank(left) <= rank(right) ? left : right;
  }
  // Both apply: the most restrictive. An unknown part could be anything, so it hides a known
  // permissive or public-domain one; a known copyleft part is at least that restrictive whatever the rest is.
  if (left === 'unknown' || right === 'unknown') {
    const known = left === 'unknown' ? right : left;
    return known !== 'unknown' && rank(known) >= rank('weak-copyleft') ? known : 'unknown';
  }
  return rank(left) >= rank(right) ? left : right;
}

export function classifyLeaf(leaf: LicenseLeaf): LicenseClass {
  const base = leaf.spdx ? classOfId(leaf.license) : classOfRawName(leaf.license);
  return classWithException(base, leaf.exception, leaf.exceptionSpdx === true);
}
