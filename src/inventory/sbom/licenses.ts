// Licence strings as catalogers find them ("MIT", "GPL-2.0-or-later OR MIT", Debian's "GPL-2+",
// apk's old "MIT BSD GPL2+") sorted into what each SBOM format can state exactly.
import { createRequire } from 'node:module';
import { SPDX } from '@cyclonedx/cyclonedx-library';

// spdx-expression-parse ships no types; it returns the expression's tree or throws when it is not SPDX.
const parseSpdx = createRequire(import.meta.url)('spdx-expression-parse') as (text: string) => unknown;

export type LicenseForm =
  | { kind: 'id'; id: string }              // a single SPDX licence id
  | { kind: 'expression'; expression: string } // a valid SPDX expression (compound, `+`, WITH, LicenseRef-)
  | { kind: 'name'; name: string };          // anything else, kept verbatim

export function classifyLicense(raw: string): LicenseForm {
  const text = raw.trim();
  try {
    const ast = parseSpdx(text) as { license?: string; plus?: boolean; exception?: string };
    if (ast.license && !ast.plus && !ast.exception && SPDX.isSupportedSpdxId(ast.license)) return { kind: 'id', id: ast.license };
    return { kind: 'expression', expression: text };
  } catch {
    return { kind: 'name', name: text };
  }
}

/** The distinct non-empty licence strings of a package, in a stable order. */
export function distinctLicenses(licenses: readonly string[]): string[] {
  return [...new Set(licenses.map((l) => l.trim()).filter(Boolean))].sort();
}

/** An `LicenseRef-` id for a licence text that is not SPDX (idstring: letters, digits, '.', '-'). */
export function licenseRefFor(name: string): string {
  return `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown'}`;
}
