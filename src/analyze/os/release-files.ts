// Parsers for the files that name a Linux distribution: os-release and the older *-release files.
import type { OSFamily, OSInfo } from '../../inventory/model.js';

/** Parses os-release (KEY=value, shell-style quoting) into a map. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\([$"`\\])/g, '$1');
    }
    out[key] = value;
  }
  return out;
}

const FAMILY_BY_ID: Record<string, OSFamily> = {
  debian: 'debian', ubuntu: 'ubuntu', alpine: 'alpine', wolfi: 'wolfi', chainguard: 'chainguard',
  rhel: 'rhel', centos: 'centos', rocky: 'rocky', almalinux: 'almalinux', fedora: 'fedora',
  amzn: 'amzn', ol: 'ol', photon: 'photon', mariner: 'mariner', azurelinux: 'mariner',
  opensuse: 'opensuse', 'opensuse-leap': 'opensuse', 'opensuse-tumbleweed': 'opensuse', 'opensuse-microos': 'opensuse',
  sles: 'sles', sled: 'sles', 'sle-micro': 'sles', 'sles_sap': 'sles', 'sle-bci': 'sles',
};

/** The family of an os-release ID. Unknown IDs stay 'unknown': guessing from ID_LIKE would match the wrong advisories. */
export function familyOf(id: string | undefined): OSFamily {
  return (id && FAMILY_BY_ID[id.toLowerCase()]) || 'unknown';
}

export function osFromOsRelease(fields: Record<string, string>): OSInfo | undefined {
  if (!fields.ID && !fields.NAME) return undefined;
  const family = familyOf(fields.ID);
  const info: OSInfo = {
    family,
    name: fields.PRETTY_NAME || fields.NAME || fields.ID!,
  };
  if (fields.VERSION_ID) info.version = fields.VERSION_ID;
  const codename = fields.VERSION_CODENAME || fields.UBUNTU_CODENAME;
  if (codename) info.codename = codename;
  if (family === 'unknown' && fields.ID) info.metadata = { id: fields.ID, ...(fields.ID_LIKE ? { idLike: fields.ID_LIKE } : {}) };
  return info;
}

/** `/etc/redhat-release`-style one-liners: "CentOS Linux release 7.9.2009 (Core)". */
const RELEASE_LINES: { re: RegExp; family: OSFamily }[] = [
  { re: /^Red Hat Enterprise Linux\b.*?release (\d[\w.]*)/i, family: 'rhel' },
  { re: /^CentOS( Linux| Stream)?\b.*?release (\d[\w.]*)/i, family: 'centos' },
  { re: /^Rocky Linux\b.*?release (\d[\w.]*)/i, family: 'rocky' },
  { re: /^AlmaLinux\b.*?release (\d[\w.]*)/i, family: 'almalinux' },
  { re: /^Fedora\b.*?release (\d[\w.]*)/i, family: 'fedora' },
  { re: /^Oracle Linux\b.*?release (\d[\w.]*)/i, family: 'ol' },
  { re: /^Amazon Linux\b.*?release (\d[\w.]*)/i, family: 'amzn' },
  { re: /^VMware Photon OS\b.*?(\d[\w.]*)/i, family: 'photon' },
];

export function osFromReleaseLine(text: string): OSInfo | undefined {
  const line = text.split('\n')[0]!.trim();
  if (!line) return undefined;
  for (const { re, family } of RELEASE_LINES) {
    const m = re.exec(line);
    if (m) {
      const version = m[m.length - 1]!;
      const codename = /\(([^)]+)\)\s*$/.exec(line)?.[1];
      return { family, name: line, version, ...(codename ? { codename } : {}) };
    }
  }
  return undefined;
}

/** The old `/etc/SuSE-release`: a title line, then `VERSION = 12`, `PATCHLEVEL = 3`. */
export function osFromSuseRelease(text: string): OSInfo | undefined {
  const lines = text.split('\n');
  const title = lines[0]?.trim() ?? '';
  const field = (k: string) => lines.map((l) => new RegExp(`^${k}\\s*=\\s*(\\S+)`).exec(l.trim())?.[1]).find(Boolean);
  const version = field('VERSION');
  if (!title || !version) return undefined;
  const patch = field('PATCHLEVEL');
  const family: OSFamily = /opensuse/i.test(title) ? 'opensuse' : 'sles';
  return { family, name: title, version: patch && !version.includes('.') ? `${version}.${patch}` : version };
}

/** `/etc/lsb-release` (old Ubuntu without os-release). */
export function osFromLsbRelease(text: string): OSInfo | undefined {
  const f = parseOsRelease(text);
  if (!f.DISTRIB_ID) return undefined;
  return {
    family: familyOf(f.DISTRIB_ID),
    name: f.DISTRIB_DESCRIPTION || f.DISTRIB_ID,
    ...(f.DISTRIB_RELEASE ? { version: f.DISTRIB_RELEASE } : {}),
    ...(f.DISTRIB_CODENAME ? { codename: f.DISTRIB_CODENAME } : {}),
  };
}
