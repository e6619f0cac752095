// Debian copyright files name licences with DEP-5 short names ("GPL-2+", "BSD-3-clause", "Expat",
// "GPL-3+ with Bison exception", "GPL-1+ or Artistic, and Expat"). SBOMs want SPDX expressions:
// translate what has an exact SPDX equivalent and keep the Debian text for everything else.
import { createRequire } from 'node:module';

const parseSpdx = createRequire(import.meta.url)('spdx-expression-parse') as (text: string) => unknown;

const isSpdx = (s: string) => { try { parseSpdx(s); return true; } catch { return false; } };

// Names whose SPDX id differs only in spelling or that DEP-5 defines as another licence.
const RENAMES: Record<string, string> = {
  expat: 'MIT', 'bsd-2-clause': 'BSD-2-Clause', 'bsd-3-clause': 'BSD-3-Clause', 'bsd-4-clause': 'BSD-4-Clause',
  zlib: 'Zlib', isc: 'ISC', mit: 'MIT', x11: 'X11', 'cc0-1.0': 'CC0-1.0', 'apache-2': 'Apache-2.0', 'apache-2.0': 'Apache-2.0',
  'mpl-1.1': 'MPL-1.1', 'mpl-2': 'MPL-2.0', 'mpl-2.0': 'MPL-2.0', 'artistic-2': 'Artistic-2.0', 'artistic-2.0': 'Artistic-2.0',
  fsfap: 'FSFAP', fsfullr: 'FSFULLR', fsful: 'FSFUL', sleepycat: 'Sleepycat', 'ms-pl': 'MS-PL', 'cc-by-3.0': 'CC-BY-3.0',
  'cc-by-sa-3.0': 'CC-BY-SA-3.0', 'cc-by-4.0': 'CC-BY-4.0', 'cc-by-sa-4.0': 'CC-BY-SA-4.0', 'bsl-1.0': 'BSL-1.0',
  'python-2.0': 'Python-2.0', 'psf-2.0': 'PSF-2.0', 'ofl-1.1': 'OFL-1.1',
};

// "GPL-3+ with Bison exception" and friends, with the exception's SPDX id.
const EXCEPTIONS: Record<string, string> = {
  bison: 'Bison-exception-2.2', 'bison-2.2': 'Bison-exception-2.2', autoconf: 'Autoconf-exception-3.0',
  'linux-syscall-note': 'Linux-syscall-note', 'gcc-runtime-library': 'GCC-exception-3.1', classpath: 'Classpath-exception-2.0',
};

const VERSIONED = new Set(['gpl', 'lgpl', 'agpl', 'gfdl']);

/** One DEP-5 licence name (no operators) → SPDX id, or undefined. */
function single(name: string): string | undefined {
  const n = name.trim();
  const renamed = RENAMES[n.toLowerCase()];
  if (renamed) return renamed;
  // GPL-2+, LGPL-2.1, GPL-3.0+, AGPL-3
  const m = /^(gpl|lgpl|agpl|gfdl)-(\d)(?:\.(\d))?(\+)?$/i.exec(n);
  if (m && VERSIONED.has(m[1]!.toLowerCase())) {
    const id = `${m[1]!.toUpperCase()}-${m[2]}.${m[3] ?? '0'}-${m[4] ? 'or-later' : 'only'}`;
    return isSpdx(id) ? id : undefined;
  }
  return isSpdx(n) && !/\s/.test(n) ? n : undefined;
}

/** "X with Y exception" → "X WITH Y-exception"; plain names → single(). */
function withException(term: string): string | undefined {
  const m = /^(.+?)\s+with\s+(.+?)\s+exception$/i.exec(term.trim());
  if (!m) return single(term);
  const base = single(m[1]!);
  const exc = EXCEPTIONS[m[2]!.toLowerCase().replace(/\s+/g, '-')];
  return base && exc ? `${base} WITH ${exc}` : undefined;
}

/** A DEP-5 License: value as an SPDX expression, or the original text when any part has no SPDX form. */
export function debianLicenseToSpdx(raw: string): string {
  const text = raw.trim();
  // ", and" / ", or" separate groups that bind loosest (DEP-5 section "License specification").
  const groups = text.split(/\s*,\s*(?=(?:and|or)\s)/i);
  const out: string[] = [];
  for (let g = 0; g < groups.length; g++) {
    let group = groups[g]!;
    let joiner = '';
    const lead = /^(and|or)\s+/i.exec(group);
    if (g > 0 && lead) { joiner = lead[1]!.toUpperCase(); group = group.slice(lead[0].length); }
    const parts = group.split(/\s+(and\/or|or|and)\s+/i);
    const expr: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 1) { expr.push(parts[i]!.toLowerCase() === 'and' ? 'AND' : 'OR'); continue; }
      const id = withException(parts[i]!);
      if (!id) return text; // valid SPDX or not, Debian's own words are the faithful fallback
      expr.push(id);
    }
    const e = expr.join(' ');
    out.push(...(joiner ? [joiner] : []), groups.length > 1 && expr.length > 1 ? `(${e})` : e);
  }
  const result = out.join(' ');
  return isSpdx(result) ? result : text;
}
