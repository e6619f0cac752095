// Test helper: node-app's secrets, misconfigurations and licence findings as the scanners of issue 8
// report them, written by hand from the models and node-app's real content (corpus README: the AWS
// credentials added by layer 3 `COPY secrets/ /` and deleted by layer 4, /app/config/id_rsa, the
// DB_PASSWORD env var and its ENV history step, root user, port 22; licences from its real lockfile).
// Secrets arrive redacted ('*****'), as the model says; the raw values are exported so that tests can
// check that no report ever prints them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Misconfiguration, SecretFinding } from '../../analyze/types.js';
import type { Package } from '../../inventory/model.js';
import type { LicenseClass, LicenseFinding, ScanResult } from '../../match/model.js';
import { misconfiguration } from '../../misconfig/rules.js';
import type { SeverityLevel } from '../../vulndb/model.js';
import { nodeAppScan, SHARED } from './real-scan.js';

const SECRETS_DIR = join(SHARED, 'corpus/src/node-app/secrets');

/** The raw secret strings planted in node-app: none of them may appear in any report. */
export function nodeAppRawSecrets(): string[] {
  const creds = readFileSync(join(SECRETS_DIR, 'credentials'), 'utf8');
  const value = (key: string) => creds.match(new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm'))![1]!;
  const pem = readFileSync(join(SECRETS_DIR, 'id_rsa'), 'utf8').split('\n');
  return [
    value('aws_access_key_id'),      // AKIAIOSFODNN7EXAMPLE
    value('aws_secret_access_key'),  // wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    pem[1]!,                          // the first line of the PEM body
    pem[pem.length - 3]!,             // the last full body line before the END line
    'hunter2-example',
  ];
}

/** node-app's image: its real Env (DB_PASSWORD included) and exposed ports on top of the layers of real-scan.ts. */
function nodeAppResult(): ScanResult {
  const s = nodeAppScan();
  s.inventory.image.env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_ENV=production', 'DB_PASSWORD=hunter2-example'];
  s.inventory.image.exposedPorts = ['22/tcp', '3000/tcp'];
  return s;
}

export function nodeAppSecrets(s: ScanResult): SecretFinding[] {
  const layer3 = s.inventory.image.layers[3]!;
  const pem = readFileSync(join(SECRETS_DIR, 'id_rsa'), 'utf8').split('\n');
  return [
    { rule: 'aws-access-key-id', category: 'AWS', title: 'AWS access key ID', severity: 'CRITICAL', path: '/root/.aws/credentials', line: 2,
      match: 'aws_access_key_id = *****', layer: layer3, deleted: true },
    { rule: 'aws-secret-access-key', category: 'AWS', title: 'AWS secret access key', severity: 'CRITICAL', path: '/root/.aws/credentials', line: 3,
      match: 'aws_secret_access_key = *****', layer: layer3, deleted: true },
    { rule: 'private-key', category: 'PrivateKey', title: 'Asymmetric private key', severity: 'HIGH', path: '/app/config/id_rsa', line: 1,
      match: `${pem[0]}*****`, layer: layer3, deleted: false },
    { rule: 'generic-password', category: 'Generic', title: 'Password in environment variable', severity: 'HIGH', path: 'config:env',
      match: 'DB_PASSWORD=*****', deleted: false },
    { rule: 'generic-password', category: 'Generic', title: 'Password in build history', severity: 'HIGH', path: 'config:history', line: 4,
      match: 'ENV NODE_ENV=production DB_PASSWORD=*****', deleted: false },
  ];
}

export function nodeAppMisconfigurations(): Misconfiguration[] {
  return [
    misconfiguration('HS-DS-002', 'no USER in the image configuration: the container runs as root (uid 0)'),
    misconfiguration('HS-DS-006', 'port 22/tcp is exposed (EXPOSE map[22/tcp:{} 3000/tcp:{}])'),
    // A scanner that forgot to redact: the writers' own redaction must still hide the value.
    misconfiguration('HS-DS-007', 'ENV DB_PASSWORD=hunter2-example is stored in the image configuration'),
    misconfiguration('HS-DS-003', 'the image configuration has no HEALTHCHECK'),
    misconfiguration('HS-IMG-003', '/bin/sh, /bin/bash and /bin/dash are present'),
    misconfiguration('HS-DS-011', "FROM debian:bookworm is not pinned by digest", { path: 'Dockerfile', startLine: 1, endLine: 1 }),
  ];
}

/** Test-data classification of node-app's licences (the real policy lives in src/policy/license.ts). */
const CLASS: Record<string, LicenseClass> = {
  'MIT': 'permissive', 'ISC': 'permissive', 'BSD-2-Clause': 'permissive', 'BSD-3-Clause': 'permissive', 'Apache-2.0': 'permissive', 'curl': 'permissive',
  'BSD-3-Clause OR GPL-2.0-only': 'permissive', 'LGPL-2.1-or-later': 'weak-copyleft', 'GPL-2.0-or-later': 'strong-copyleft',
};
const CLASS_SEVERITY: Record<LicenseClass, SeverityLevel> = {
  'network-copyleft': 'CRITICAL', 'strong-copyleft': 'HIGH', 'weak-copyleft': 'MEDIUM', 'unknown': 'UNKNOWN', 'public-domain': 'LOW', 'permissive': 'LOW',
};
const DEBIAN_LICENSES: Record<string, string> = {
  curl: 'curl', libcurl4: 'curl', openssl: 'Apache-2.0', libssl3: 'Apache-2.0', libc6: 'LGPL-2.1-or-later', 'libc-bin': 'LGPL-2.1-or-later',
  'libc-devtools': 'GPL-2.0-or-later', locales: 'GNU Lesser General Public License, see /usr/share/common-licenses/LGPL',
};

export function nodeAppLicenses(packages: readonly Package[]): LicenseFinding[] {
  const out: LicenseFinding[] = [];
  for (const p of packages) {
    const raw = p.type === 'deb' ? DEBIAN_LICENSES[p.name] : p.licenses[0];
    if (!raw) continue;
    const license = raw === '(BSD-3-Clause OR GPL-2.0)' ? 'BSD-3-Clause OR GPL-2.0-only' : raw;
    const classification = CLASS[license] ?? 'unknown';
    out.push({ package: p, license, spdx: license in CLASS, classification, severity: CLASS_SEVERITY[classification], reason: `${classification} class` });
  }
  return out;
}

/** node-app with every scanner's findings: vulnerabilities (real data), secrets, misconfigurations, licences. */
export function nodeAppFullScan(): ScanResult {
  const s = nodeAppResult();
  s.inventory.secrets = nodeAppSecrets(s);
  s.inventory.misconfigurations = nodeAppMisconfigurations();
  s.licenses = nodeAppLicenses(s.inventory.packages);
  s.scanners = ['vuln', 'secret', 'misconfig', 'license'];
  return s;
}
