// Licences of a Debian package from /usr/share/doc/<pkg>/copyright.
// Machine-readable (DEP-5) files name them in `License:` fields: the header's and `Files: *`'s first
// (the package's main licence), then every other `Files:` paragraph's. Older free-form files point to
// /usr/share/common-licenses/<name> and quote the FSF grant ("either version 2 of the License, or (at
// your option) any later version"); both are read. Everything else is left unstated, never guessed.
import { normalizeLicense } from '../license/normalize.js';
import { versionedGnu } from '../license/names.js';

/** One licence statement: its SPDX expression when exact, else a name ("GPL", "public-domain", Debian's own); and the file's words. */
export interface CopyrightLicense { license: string; raw: string }

/** A DEP-5 License: value as an SPDX expression, or the original text when any part has no SPDX form. */
export function debianLicenseToSpdx(raw: string): string {
  return normalizeLicense(raw, { debian: true }).expression ?? raw.trim();
}

export function isDep5(text: string): boolean {
  // Early drafts of the format named themselves in Format-Specification:.
  return /^Format(-Specification)?:\s*\S*(copyright-format|dep5|DEP-5)/im.test(text.slice(0, 4096));
}

/** Real files name a few dozen at most (perl-base: 35); a hostile one could name thousands. */
const MAX_LICENSES = 256;

/** The licences a copyright file states, main licence first, each once (at most MAX_LICENSES). */
export function copyrightLicenses(text: string): CopyrightLicense[] {
  const found = isDep5(text) ? dep5Licenses(text) : freeFormLicenses(text);
  const out: CopyrightLicense[] = [];
  const seen = new Set<string>();
  for (const l of found) {
    if (seen.has(l.license)) continue;
    seen.add(l.license);
    out.push(l);
  }
  return out.slice(0, MAX_LICENSES);
}

/** DEP-5 paragraphs: fields start a line ("Name: value"), continuation lines start with a space. */
function paragraphs(text: string): Map<string, string>[] {
  return text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map((block) => {
    const fields = new Map<string, string>();
    for (const m of block.matchAll(/^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$/gm)) {
      const name = m[1]!.toLowerCase();
      if (!fields.has(name)) fields.set(name, m[2]!.trim());
    }
    return fields;
  });
}

function dep5Licenses(text: string): CopyrightLicense[] {
  const paras = paragraphs(text);
  const header = paras[0]?.has('format') ? paras[0].get('license') : undefined;
  const files = paras.filter((p) => p.has('files') && p.get('license'));
  const main = files.filter((p) => p.get('files') === '*');
  const rest = files.filter((p) => p.get('files') !== '*');
  // Stand-alone License: paragraphs only hold the text of names used above: not licences of their own.
  const names = [header, ...main.map((p) => p.get('license')), ...rest.map((p) => p.get('license'))].filter((n): n is string => !!n);
  return [...new Set(names)].slice(0, MAX_LICENSES).map((raw) => ({ license: debianLicenseToSpdx(raw), raw }));
}

const COMMON = '/usr/share/common-licenses/';

/** Files in /usr/share/common-licenses (base-files) that hold exactly one SPDX licence's text. */
const COMMON_FILES: Record<string, string> = {
  'Apache-2.0': 'Apache-2.0',
  Artistic: 'Artistic-1.0-Perl', // base-files' copyright: "its SPDX name is Artistic License 1.0 (Perl)"
  BSD: 'BSD-3-Clause', // the Regents of the University of California 3-clause text
  'CC0-1.0': 'CC0-1.0',
  'MPL-1.1': 'MPL-1.1',
  'MPL-2.0': 'MPL-2.0',
};

const MAX_EXCERPT = 160;

const TITLES: [RegExp, string][] = [
  [/PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2\b/, 'PSF-2.0'],
  [/Apache License,? Version 2\.0, January 2004/, 'Apache-2.0'],
  [/Boost Software License - Version 1\.0 - August 17th, 2003/, 'BSL-1.0'],
  [/Mozilla Public License,? [Vv]ersion 2\.0\b/, 'MPL-2.0'],
];

type Family = 'GPL' | 'LGPL' | 'AGPL' | 'GFDL';
interface Grant { family: Family; version: string; later: boolean; noInvariants?: boolean; gccException?: boolean; raw: string }

/**
 * FSF licence grants in free-form text: a GNU licence name, then in the same sentence its version and
 * whether "any later version" may be chosen.
 */
function grants(flat: string): Grant[] {
  const out: Grant[] = [];
  const re = /GNU (Affero |Lesser |Library |Free Documentation )?(?:General Public )?Licen[cs]e/gi;
  for (const m of flat.matchAll(re)) {
    const kind = (m[1] ?? '').trim().toLowerCase();
    const family: Family = kind === 'affero' ? 'AGPL' : kind === 'lesser' || kind === 'library' ? 'LGPL' : kind === 'free documentation' ? 'GFDL' : 'GPL';
    // The rest of the sentence (a period followed by a space ends it; "2.1" does not).
    const after = flat.slice(m.index! + m[0].length, m.index! + m[0].length + 240).split(/\.\s|;\s*if not|\bGNU\b/)[0]!;
    // "the complete text of the GNU GPL can be found in ...": where a text is, not what is licensed.
    const before = flat.slice(Math.max(0, m.index! - 40), m.index!);
    if (/\b((text|copy) of|section \d+ of) (the )?$/i.test(before) || /common-licenses|can be found|is available|found in/i.test(after)) continue;
    const v = /\b(?:version|v)\s?(\d(?:\.\d)?)(\+)?/i.exec(after);
    if (!v) continue;
    const later = v[2] === '+' || /later version|or later|any later/i.test(after.slice(v.index));
    const version = /^\d$/.test(v[1]!) ? `${v[1]}.0` : v[1]!;
    const raw = (m[0] + after).slice(0, 200).trim().replace(/[.,;:]$/, '');
    const gccException = family === 'GPL' && /^[^.;]{0,20}?\bwith version 3\.1 of the GCC Runtime Library Exception/i.test(after.slice(v.index + v[0].length));
    // "with no Invariant Sections" is its own SPDX licence for the GFDL.
    const noInvariants = family === 'GFDL' && /no Invariant Sections/i.test(flat.slice(m.index!, m.index! + 400));
    out.push({ family, version, later, noInvariants, gccException, raw });
  }
  return out;
}

function gnuId(family: Family, version: string, later: boolean, noInvariants = false): string | undefined {
  const id = versionedGnu(`${family}-${version}${later ? '+' : ''}`);
  return id && noInvariants && /^GFDL-1\.[23]-/.test(id) ? id.replace(/^(GFDL-1\.[23])-/, '$1-no-invariants-') : id;
}

function freeFormLicenses(text: string): CopyrightLicense[] {
  // Licence headers quoted from C files keep their comment markers: " * the License, or".
  const flat = text.replace(/^[ \t]*(\*(?!\/)|#|\/\/)[ \t]?/gm, '').replace(/\s+/g, ' ');
  const out: CopyrightLicense[] = [];
  const stated = grants(flat);
  for (const g of stated) {
    const id = gnuId(g.family, g.version, g.later, g.noInvariants);
    if (id) out.push({ license: g.gccException ? `${id} WITH GCC-exception-3.1` : id, raw: g.raw });
  }
  for (const m of flat.matchAll(/\/usr\/share\/common-licenses\/([A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+])/g)) {
    const name = m[1]!;
    const raw = COMMON + name;
    const exact = COMMON_FILES[name];
    if (exact) { out.push({ license: exact, raw }); continue; }
    const gnu = /^(GPL|LGPL|AGPL|GFDL)(?:-(\d(?:\.\d)?))?$/.exec(name);
    if (!gnu) { out.push({ license: name, raw }); continue; }
    const family = gnu[1] as Family;
    const version = gnu[2] ? (gnu[2].includes('.') ? gnu[2] : `${gnu[2]}.0`) : undefined;
    // The grant says which version and whether later ones apply; the file name alone names the text.
    const sameFamily = stated.filter((g) => g.family === family && (!version || g.version === version));
    if (sameFamily.length) continue; // already listed from its grant
    const id = version ? gnuId(family, version, false) : undefined;
    out.push({ license: id ?? family, raw });
  }
  // "This library (libselinux) is public domain software": the package (not some condition in another text) is public domain.
  // Licence texts quoted whole, recognised by their exact titles.
  for (const [re, id] of TITLES) {
    const t = re.exec(flat);
    if (t) out.push({ license: id, raw: t[0] });
  }
  const pd = /\bThis (?:library|program|package|software|code|file)\b[^.]{0,60}\b(?:(?:is|are|has been|was)\s+(?:placed\s+|released\s+|dedicated\s+)?(?:in|into|to)\s+the\s+public\s+domain|is\s+public\s+domain\s+software)\b[^.]{0,40}/i.exec(flat);
  if (pd) out.push({ license: 'public-domain', raw: pd[0].trim() });
  if (!out.length) {
    // Nothing recognised: say so with the file's own words (the first statement about permission or licence).
    const statement = text.split(/\n[ \t]*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).find((p) => /licen[cs]e|permission|public domain|redistribut/i.test(p));
    if (statement) {
      const excerpt = statement.length > MAX_EXCERPT ? `${statement.slice(0, MAX_EXCERPT).replace(/\s+\S*$/, '')} ...` : statement;
      out.push({ license: excerpt, raw: excerpt });
    }
  }
  return out;
}
