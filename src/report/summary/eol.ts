// Support status of distro releases. Dates are the end of free security support as each project states it
// (checked 2026-11 against the projects' announcements; see the comments). Update when releases ship.
import type { OSInfo } from '../../inventory/model.js';

export interface ReleaseSupport {
  family: string;
  release: string;           // as matched against os.version (major, or major.minor for alpine/ubuntu)
  codename?: string;
  /** End of regular security support, when it differs from the end of all free support (Debian LTS). */
  securityEnd?: string;
  /** End of all free support (Debian LTS, Ubuntu standard support, Alpine main repository, RHEL maintenance). */
  eol: string;
}

export const RELEASES: readonly ReleaseSupport[] = [
  // Debian: 3 years of security support + 2 of LTS (Debian LTS announcements; buster LTS ended 2024-06-30,
  // bullseye LTS until 2026-08-31, bookworm security until 2026-06-10 and LTS until 2028-06-30, trixie LTS 2030-06-30).
  { family: 'debian', release: '9', codename: 'stretch', eol: '2022-06-30' },
  { family: 'debian', release: '10', codename: 'buster', eol: '2024-06-30' },
  { family: 'debian', release: '11', codename: 'bullseye', securityEnd: '2024-08-14', eol: '2026-08-31' },
  { family: 'debian', release: '12', codename: 'bookworm', securityEnd: '2026-06-10', eol: '2028-06-30' },
  { family: 'debian', release: '13', codename: 'trixie', securityEnd: '2028-08-09', eol: '2030-06-30' },
  // Ubuntu LTS standard support (ESM through Ubuntu Pro is not free support).
  { family: 'ubuntu', release: '16.04', codename: 'xenial', eol: '2021-04-30' },
  { family: 'ubuntu', release: '18.04', codename: 'bionic', eol: '2023-05-31' },
  { family: 'ubuntu', release: '20.04', codename: 'focal', eol: '2025-05-31' },
  { family: 'ubuntu', release: '22.04', codename: 'jammy', eol: '2027-06-01' },
  { family: 'ubuntu', release: '24.04', codename: 'noble', eol: '2029-05-31' },
  // Alpine main repository support (alpinelinux.org releases table).
  { family: 'alpine', release: '3.15', eol: '2023-11-01' },
  { family: 'alpine', release: '3.16', eol: '2024-05-23' },
  { family: 'alpine', release: '3.17', eol: '2024-11-22' },
  { family: 'alpine', release: '3.18', eol: '2025-05-09' },
  { family: 'alpine', release: '3.19', eol: '2025-11-01' },
  { family: 'alpine', release: '3.20', eol: '2026-04-01' },
  { family: 'alpine', release: '3.21', eol: '2026-11-01' },
  { family: 'alpine', release: '3.22', eol: '2027-05-01' },
  { family: 'alpine', release: '3.23', eol: '2027-11-01' },
  // RHEL maintenance support; AlmaLinux and Rocky follow the same dates.
  ...['rhel', 'almalinux', 'rocky', 'centos'].flatMap((family) => [
    { family, release: '7', eol: '2024-06-30' },
    { family, release: '8', eol: '2029-05-31' },
    { family, release: '9', eol: '2032-05-31' },
  ]),
];

export type SupportStatus = 'supported' | 'lts' | 'end-of-life' | 'unknown';

export interface OsSupport { status: SupportStatus; release?: ReleaseSupport; text: string }

function releaseKey(os: OSInfo): string | undefined {
  const v = os.version;
  if (!v) return undefined;
  if (os.family === 'alpine' || os.family === 'ubuntu') return v.split('.').slice(0, 2).join('.');
  return v.split('.')[0];
}

export function osSupport(os: OSInfo | undefined, now: Date): OsSupport {
  if (!os || os.family === 'unknown') return { status: 'unknown', text: 'OS not detected' };
  const key = releaseKey(os);
  const rel = RELEASES.find((r) => r.family === os.family && (r.release === key || (!!os.codename && r.codename === os.codename)));
  if (!rel) return { status: 'unknown', text: `support status of ${os.family} ${os.version ?? ''} unknown to hullscan`.replace('  ', ' ') };
  const today = now.toISOString().slice(0, 10);
  if (today > rel.eol) return { status: 'end-of-life', release: rel, text: `END OF LIFE since ${rel.eol}: no more security updates` };
  if (rel.securityEnd && today > rel.securityEnd) return { status: 'lts', release: rel, text: `long-term support only (regular security support ended ${rel.securityEnd}) until ${rel.eol}` };
  return { status: 'supported', release: rel, text: `supported until ${rel.eol}${rel.securityEnd ? ` (security team until ${rel.securityEnd}, then LTS)` : ''}` };
}
