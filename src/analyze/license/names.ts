// What real metadata calls a licence, mapped to the SPDX id it exactly means. Only names with one
// meaning are here: "BSD", "Apache Software License", "GPL" and "Artistic License" name a family
// (several versions or variants), so they are not mapped (the classifier still knows their class).

/** Lower-cased, whitespace-collapsed names → SPDX id. */
const NAMES: Record<string, string> = {
  // Debian DEP-5 short names (https://dep-team.pages.debian.net/deps/dep5/#license-short-name)
  // whose SPDX spelling differs; GPL-2+ style names are handled by versionedGnu().
  expat: 'MIT',
  'apache-2': 'Apache-2.0',
  'artistic-1': 'Artistic-1.0-Perl',
  'artistic-2': 'Artistic-2.0',
  'mpl-2': 'MPL-2.0',
  'mpl-1.1': 'MPL-1.1',
  'mplv2.0': 'MPL-2.0',
  'mplv1.1': 'MPL-1.1',
  'cc0': 'CC0-1.0',
  'zlib': 'Zlib',
  'gfdl-niv-1.2': 'GFDL-1.2-no-invariants-only',
  'gfdl-niv-1.2+': 'GFDL-1.2-no-invariants-or-later',
  'gfdl-niv-1.3': 'GFDL-1.3-no-invariants-only',
  'gfdl-niv-1.3+': 'GFDL-1.3-no-invariants-or-later',
  'gfdl-1.3+-no-invariant': 'GFDL-1.3-no-invariants-or-later',
  'gfdl-1.2+-no-invariant': 'GFDL-1.2-no-invariants-or-later',
  'bsl-1': 'BSL-1.0', // DEP-5 name of the Boost licence (sed's copyright quotes its text)
  'psf-2': 'PSF-2.0',
  'python-2': 'Python-2.0',
  'zope-2.1': 'ZPL-2.1',
  'cc-by-sa-3': 'CC-BY-SA-3.0',
  'cc-by-3': 'CC-BY-3.0',
  'cc-by-4': 'CC-BY-4.0',
  'ofl-1.1': 'OFL-1.1',
  'lppl-1.3c': 'LPPL-1.3c',
  // Common spellings in npm, PyPI, gem and Maven metadata.
  'apache 2': 'Apache-2.0',
  'apache 2.0': 'Apache-2.0',
  'apache2': 'Apache-2.0',
  'apache-2.0 license': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'apache license v2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'apache license version 2.0': 'Apache-2.0',
  'the apache license, version 2.0': 'Apache-2.0',
  'the apache software license, version 2.0': 'Apache-2.0',
  'apache software license 2.0': 'Apache-2.0',
  'asl 2.0': 'Apache-2.0',
  'mit license': 'MIT',
  'the mit license': 'MIT',
  'mit licence': 'MIT',
  'isc license': 'ISC',
  'isc license (iscl)': 'ISC',
  'new bsd license': 'BSD-3-Clause',
  'bsd 3-clause "new" or "revised" license': 'BSD-3-Clause',
  'bsd 2-clause "simplified" license': 'BSD-2-Clause',
  'eclipse public license v2.0': 'EPL-2.0',
  'eclipse public license v1.0': 'EPL-1.0',
  'modified bsd license': 'BSD-3-Clause',
  'bsd 3-clause': 'BSD-3-Clause',
  'bsd-3': 'BSD-3-Clause',
  'bsd 3-clause license': 'BSD-3-Clause',
  '3-clause bsd license': 'BSD-3-Clause',
  'simplified bsd license': 'BSD-2-Clause',
  'bsd 2-clause': 'BSD-2-Clause',
  'bsd-2': 'BSD-2-Clause',
  'bsd 2-clause license': 'BSD-2-Clause',
  '2-clause bsd license': 'BSD-2-Clause',
  'eclipse public license - v 1.0': 'EPL-1.0',
  'eclipse public license 1.0': 'EPL-1.0',
  'eclipse public license - v 2.0': 'EPL-2.0',
  'eclipse public license 2.0': 'EPL-2.0',
  'mozilla public license 2.0': 'MPL-2.0',
  'mozilla public license, version 2.0': 'MPL-2.0',
  'common development and distribution license (cddl) v1.0': 'CDDL-1.0',
  'cddl 1.1': 'CDDL-1.1',
  'unlicense': 'Unlicense',
  'the unlicense': 'Unlicense',
  'wtfpl': 'WTFPL',
  // Python trove classifiers (License :: OSI Approved :: ...), the last segment, where it names one licence.
  'academic free license (afl)': '', // several versions: not mapped
  'boost software license 1.0 (bsl-1.0)': 'BSL-1.0',
  'cea cnrs inria logiciel libre license, version 2.1 (cecill-2.1)': 'CECILL-2.1',
  'common development and distribution license 1.0 (cddl-1.0)': 'CDDL-1.0',
  'common public license': 'CPL-1.0',
  'eclipse public license 1.0 (epl-1.0)': 'EPL-1.0',
  'eclipse public license 2.0 (epl-2.0)': 'EPL-2.0',
  'european union public licence 1.0 (eupl 1.0)': 'EUPL-1.0',
  'european union public licence 1.1 (eupl 1.1)': 'EUPL-1.1',
  'european union public licence 1.2 (eupl 1.2)': 'EUPL-1.2',
  'gnu affero general public license v3': 'AGPL-3.0-only',
  'gnu affero general public license v3 or later (agplv3+)': 'AGPL-3.0-or-later',
  'gnu general public license v2 (gplv2)': 'GPL-2.0-only',
  'gnu general public license v2 or later (gplv2+)': 'GPL-2.0-or-later',
  'gnu general public license v3 (gplv3)': 'GPL-3.0-only',
  'gnu general public license v3 or later (gplv3+)': 'GPL-3.0-or-later',
  'gnu lesser general public license v2 (lgplv2)': 'LGPL-2.0-only',
  'gnu lesser general public license v2 or later (lgplv2+)': 'LGPL-2.0-or-later',
  'gnu lesser general public license v3 (lgplv3)': 'LGPL-3.0-only',
  'gnu lesser general public license v3 or later (lgplv3+)': 'LGPL-3.0-or-later',
  'historical permission notice and disclaimer (hpnd)': 'HPND',
  'mit no attribution license (mit-0)': 'MIT-0',
  'mozilla public license 1.0 (mpl)': 'MPL-1.0',
  'mozilla public license 1.1 (mpl 1.1)': 'MPL-1.1',
  'mozilla public license 2.0 (mpl 2.0)': 'MPL-2.0',
  'the unlicense (unlicense)': 'Unlicense',
  'universal permissive license (upl)': 'UPL-1.0',
  'zlib/libpng license': 'Zlib',
  'apple public source license': '', // 1.x and 2.0 exist
};

/**
 * Names whose meaning depends on the packager. In Debian, "Artistic" is the Perl licence text that
 * /usr/share/common-licenses/Artistic holds (base-files' copyright: SPDX "Artistic-1.0-Perl"); elsewhere
 * "Artistic" may be 1.0 or 2.0.
 */
const DEBIAN_NAMES: Record<string, string> = { artistic: 'Artistic-1.0-Perl' };

/** Licence URLs (Maven <url>, OSGi Bundle-License, old npm `licenses[].url`). */
const URLS: [RegExp, string][] = [
  [/^https?:\/\/(www\.)?apache\.org\/licenses\/LICENSE-2\.0(\.txt|\.html)?\/?$/i, 'Apache-2.0'],
  [/^https?:\/\/(www\.)?opensource\.org\/licenses\/(MIT|mit-license)(\.php|\.html)?\/?$/i, 'MIT'],
  [/^https?:\/\/(www\.)?opensource\.org\/licenses\/BSD-3-Clause\/?$/i, 'BSD-3-Clause'],
  [/^https?:\/\/(www\.)?opensource\.org\/licenses\/BSD-2-Clause\/?$/i, 'BSD-2-Clause'],
  [/^https?:\/\/(www\.)?eclipse\.org\/legal\/epl-v10\.html$/i, 'EPL-1.0'],
  [/^https?:\/\/(www\.)?eclipse\.org\/legal\/epl-(v20|2\.0)\.html$/i, 'EPL-2.0'],
  [/^https?:\/\/(www\.)?mozilla\.org\/(en-US\/)?MPL\/2\.0\/?$/i, 'MPL-2.0'],
  [/^https?:\/\/(www\.)?gnu\.org\/licenses\/lgpl-2\.1(\.txt|\.html)?$/i, 'LGPL-2.1-only'],
  [/^https?:\/\/(www\.)?gnu\.org\/licenses\/(old-licenses\/)?gpl-2\.0(\.txt|\.html)?$/i, 'GPL-2.0-only'],
  [/^https?:\/\/(www\.)?gnu\.org\/licenses\/gpl-3\.0(\.txt|\.html)?$/i, 'GPL-3.0-only'],
  [/^https?:\/\/(www\.)?gnu\.org\/licenses\/lgpl-3\.0(\.txt|\.html)?$/i, 'LGPL-3.0-only'],
  [/^https?:\/\/(www\.)?gnu\.org\/licenses\/agpl-3\.0(\.txt|\.html)?$/i, 'AGPL-3.0-only'],
  [/^https?:\/\/creativecommons\.org\/publicdomain\/zero\/1\.0\/?(legalcode)?$/i, 'CC0-1.0'],
  [/^https?:\/\/(www\.)?spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(\.html|\.json)?$/i, '$2'],
  // opensource.org/licenses/<SPDX id> and NuGet's licenses.nuget.org/<SPDX id> (an id is checked by the caller).
  [/^https?:\/\/(www\.)?opensource\.org\/licenses?\/([A-Za-z0-9.+-]+?)(\.php|\.html)?\/?$/i, '$2'],
  [/^https?:\/\/(www\.)?licenses\.nuget\.org\/([A-Za-z0-9.+-]+)\/?$/i, '$2'],
];

const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** An exact name from the table or a known licence URL → SPDX id (or '$2' resolved); undefined otherwise. */
export function lookupName(name: string, debian = false): string | undefined {
  const hit = (debian ? DEBIAN_NAMES[key(name)] : undefined) ?? NAMES[key(name)];
  if (hit !== undefined) return hit || undefined;
  for (const [re, id] of URLS) {
    const m = re.exec(name.trim());
    if (m) return id === '$2' ? m[2] : id;
  }
  return undefined;
}

/** GNU family names as Debian, Fedora, Alpine and old npm write them: GPL-2+, GPLv3+, LGPL-2.1, GPL 2.0 or later. */
export function versionedGnu(name: string): string | undefined {
  const m = /^(a?gpl|lgpl|gfdl)[ -]?v?(\d)(?:\.(\d))?(?:(\+)|[ -](?:or[ -]later|or[ -]newer|\+))?$/i.exec(name.trim().replace(/\s+/g, ' '));
  if (!m) return undefined;
  const family = m[1]!.toUpperCase();
  const minor = m[3] ?? '0';
  // Versions that exist: GPL 1/2/3, LGPL 2.0/2.1/3, AGPL 1/3, GFDL 1.1/1.2/1.3.
  const version = `${m[2]}.${minor}`;
  const known: Record<string, string[]> = { GPL: ['1.0', '2.0', '3.0'], LGPL: ['2.0', '2.1', '3.0'], AGPL: ['1.0', '3.0'], GFDL: ['1.1', '1.2', '1.3'] };
  if (!known[family]!.includes(version)) return undefined;
  const later = m[4] !== undefined || /later|newer|\+$/i.test(name);
  return `${family}-${version}-${later ? 'or-later' : 'only'}`;
}

/** Trove classifier "License :: OSI Approved :: MIT License" → "MIT License" (its last segment). */
export function troveLicenseName(text: string): string | undefined {
  if (!/^License\s*::/i.test(text)) return undefined;
  const last = text.split('::').map((s) => s.trim()).filter(Boolean).pop();
  return last && !/^(License|OSI Approved)$/i.test(last) ? last : undefined;
}
