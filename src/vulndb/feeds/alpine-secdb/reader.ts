// Alpine secdb (YAML in the 2020 git repo, JSON on secdb.alpinelinux.org), and Wolfi / Chainguard, which publish
// the same shape: packages[].pkg.secfixes maps a FIXED apk version to the ids it fixes.
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Advisory, FeedItem, FeedReader } from '../../model.js';
import { alpineNamespace } from '../../normalize.js';
import { extOf, isObject, oneLine, parseJson, readFeedFile, readHead, skipped, str } from '../files.js';

function looksLikeSecdb(head: string): boolean {
  return /"?(distroversion|apkurl)"?\s*:/.test(head) && /"?packages"?\s*:/.test(head);
}

/** Which distro a secdb document describes: Wolfi and Chainguard by their package host, else Alpine's release. */
export function secdbNamespace(doc: Record<string, unknown>): { ecosystem: string; source: string } | undefined {
  const url = `${str(doc.urlprefix) ?? ''} ${str(doc.apkurl) ?? ''}`;
  if (/wolfi\.dev/.test(url)) return { ecosystem: 'wolfi', source: 'wolfi-secdb' };
  if (/cgr\.dev|chainguard/.test(url)) return { ecosystem: 'chainguard', source: 'chainguard-secdb' };
  const dv = str(doc.distroversion);
  if (dv) return { ecosystem: alpineNamespace(dv), source: 'alpine-secdb' };
  return undefined;
}

export const alpineSecdbReader: FeedReader = {
  format: 'alpine-secdb',
  async detect(path) {
    const ext = extOf(path);
    return (ext === 'json' || ext === 'yaml' || ext === 'yml') && looksLikeSecdb(readHead(path, 4096));
  },
  async *read(path) {
    let text: string;
    try { text = readFeedFile(path).toString('utf8'); } catch (e) { yield skipped(path, oneLine(e)); return; }
    let doc: unknown;
    if (extOf(path) === 'json') {
      const parsed = parseJson(text);
      if (!parsed.ok) { yield skipped(path, parsed.reason); return; }
      doc = parsed.value;
    } else {
      // failsafe schema: every scalar stays a string, so a secfixes key like 1.10 is never read as a number
      try { doc = parseYaml(text, { schema: 'failsafe', maxAliasCount: 100 }); } catch (e) { yield skipped(path, `invalid YAML: ${oneLine(e)}`); return; }
    }
    if (isObject(doc) && (doc.packages === null || doc.packages === '')) return; // a repository with no entries yet
    if (!isObject(doc) || !Array.isArray(doc.packages)) { yield skipped(path, 'no "packages" list'); return; }
    const ns = secdbNamespace(doc);
    if (!ns) { yield skipped(path, `cannot tell the distro release of ${basename(path)} (no distroversion or known urlprefix)`); return; }
    let i = 0;
    for (const p of doc.packages) {
      const where = `packages[${i++}]`;
      const pkg = isObject(p) && isObject(p.pkg) ? p.pkg : undefined;
      const name = pkg ? str(pkg.name) : undefined;
      if (!pkg || !name) { yield skipped(path, 'package without pkg.name', where); continue; }
      if (pkg.secfixes === undefined || pkg.secfixes === null) continue; // a package with nothing fixed yet
      if (!isObject(pkg.secfixes)) { yield skipped(path, 'secfixes is not a map', name); continue; }
      yield* packageItems(path, ns, name, pkg.secfixes);
    }
  },
};

function* packageItems(file: string, ns: { ecosystem: string; source: string }, name: string, secfixes: Record<string, unknown>): Generator<FeedItem> {
  for (const version of Object.keys(secfixes)) {
    const ids = secfixes[version];
    if (!Array.isArray(ids)) { yield skipped(file, `secfixes[${version}] lists no ids`, name); continue; }
    for (const raw of ids) {
      // Entries are ids, sometimes several in one string ('CVE-2017-8904 XSA-214'), sometimes with a note.
      // Typos in the real data are repaired ('CVE_2019-2426', 'CVE 2018-16859', 'CVE-2017-8073.patch'); other ids (XSA-214,
      // GHSA-…, wnpa-sec-2017-18) are kept as they are.
      const text = typeof raw === 'string' ? raw.replace(/\bCVE[_ ](\d{4}-\d+)/g, 'CVE-$1') : '';
      const tokens = text.split(/\s+/)
        .map((t) => /CVE-\d{4}-\d{4,}/.exec(t)?.[0] ?? t) // 'CVE-2017-8073.patch'
        .filter((t) => /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/.test(t) && /-/.test(t) && /\d/.test(t));
      if (!tokens.length) { yield skipped(file, `secfixes[${version}] has no advisory id in ${JSON.stringify(raw)}`, name); continue; }
      const [id, ...aliases] = tokens as [string, ...string[]];
      const notAffected = version === '0'; // "0" means the package was never affected
      const adv: Advisory = {
        id, aliases, source: ns.source, references: [], cwes: [], severities: [],
        affected: [notAffected
          ? { ecosystem: ns.ecosystem, package: name, status: 'not-affected' }
          : { ecosystem: ns.ecosystem, package: name, status: 'fixed', fixedVersion: version }],
      };
      yield { kind: 'advisory', advisory: adv, fragment: true };
    }
  }
}
