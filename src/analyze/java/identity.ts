// Who a Java archive is: Maven coordinates from pom.properties, else from MANIFEST.MF, else the file name.
import { manifestValue, type Manifest } from './manifest.js';

export interface JavaIdentity {
  groupId?: string;
  artifactId: string;
  version: string;
  identifiedBy: 'pom.properties' | 'MANIFEST.MF' | 'filename';
}

/**
 * groupIds of well-known artifacts whose jars (often Debian or Ant builds) carry no pom.properties and whose
 * manifest names no groupId: Bundle-SymbolicName would guess wrong (log4j's is org.apache.log4j, its groupId log4j).
 */
const KNOWN_GROUP_IDS: Record<string, string> = {
  'log4j': 'log4j',
  'commons-beanutils': 'commons-beanutils',
  'commons-codec': 'commons-codec',
  'commons-collections': 'commons-collections',
  'commons-fileupload': 'commons-fileupload',
  'commons-io': 'commons-io',
  'commons-lang': 'commons-lang',
  'commons-logging': 'commons-logging',
  'junit': 'junit',
  'xalan': 'xalan',
  'xerces': 'xerces',
};

/**
 * `name-1.2.3.jar` → name and version. The version starts at the last '-'-separated part that looks like a
 * dotted number (`log4j-1.2-1.2.17` → log4j-1.2 + 1.2.17; `guava-31.1-jre` → guava + 31.1-jre).
 */
export function parseArchiveFileName(file: string): { name: string; version?: string } {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[a-z]+$/i, '');
  const parts = base.split('-');
  let at = -1;
  for (let i = parts.length - 1; i > 0 && at < 0; i--) if (/^\d+(\.\d+)+/.test(parts[i]!)) at = i;
  for (let i = parts.length - 1; i > 0 && at < 0; i--) if (/^\d+$/.test(parts[i]!)) at = i;
  if (at < 0) return { name: base };
  return { name: parts.slice(0, at).join('-'), version: parts.slice(at).join('-') };
}

/** Coordinates from the manifest (plus the file name for gaps), or undefined when it names nothing. */
export function identityFromManifest(m: Manifest, fileName: string): JavaIdentity | undefined {
  const file = parseArchiveFileName(fileName);
  const version = manifestValue(m, 'Implementation-Version') ?? manifestValue(m, 'Bundle-Version') ?? manifestValue(m, 'Specification-Version') ?? file.version;
  const symbolic = manifestValue(m, 'Bundle-SymbolicName')?.split(';')[0]!.trim();
  const title = [manifestValue(m, 'Implementation-Title'), manifestValue(m, 'Specification-Title')].find((t) => t && /^[\w.-]+$/.test(t));
  // Without a usable title or symbolic name the file name names the artifact (jrt-fs.jar: Implementation-Version 17.0.19).
  const artifactId = title ?? (symbolic ? symbolic.slice(symbolic.lastIndexOf('.') + 1) : undefined) ?? file.name;
  if (!artifactId || !version) return undefined;
  let groupId = KNOWN_GROUP_IDS[artifactId] ?? manifestValue(m, 'Implementation-Vendor-Id');
  if (!groupId && symbolic && symbolic.endsWith(`.${artifactId}`)) groupId = symbolic.slice(0, -artifactId.length - 1);
  return { ...(groupId ? { groupId } : {}), artifactId, version, identifiedBy: 'MANIFEST.MF' };
}

export function identityFromFileName(fileName: string): JavaIdentity | undefined {
  const f = parseArchiveFileName(fileName);
  if (!f.version) return undefined;
  const groupId = KNOWN_GROUP_IDS[f.name];
  return { ...(groupId ? { groupId } : {}), artifactId: f.name, version: f.version, identifiedBy: 'filename' };
}

/** Licence URLs that manifests use instead of SPDX ids. */
const LICENSE_URLS: [RegExp, string][] = [
  [/apache\.org\/licenses\/LICENSE-2\.0/i, 'Apache-2.0'],
  [/opensource\.org\/licenses\/MIT/i, 'MIT'],
  [/eclipse\.org\/legal\/epl-v10/i, 'EPL-1.0'],
  [/eclipse\.org\/legal\/epl-2\.0/i, 'EPL-2.0'],
  [/opensource\.org\/licenses\/BSD-3-Clause/i, 'BSD-3-Clause'],
  [/gnu\.org\/licenses\/lgpl-2\.1/i, 'LGPL-2.1-only'],
];

/** Licences from `Bundle-License` (OSGi: comma-separated, each an SPDX id or URL with `;` attributes). */
export function licensesFromManifest(m: Manifest): string[] {
  const raw = manifestValue(m, 'Bundle-License');
  if (!raw) return [];
  const out: string[] = [];
  for (const part of raw.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const value = part.split(';')[0]!.trim().replace(/^"|"$/g, '');
    if (!value) continue;
    out.push(LICENSE_URLS.find(([re]) => re.test(value))?.[1] ?? value);
  }
  return [...new Set(out)];
}
