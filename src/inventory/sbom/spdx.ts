// SPDX 2.3 JSON from an inventory: one package for the image, one for the OS, one per package
// found; DESCRIBES from the document to the image, CONTAINS from the image to everything else.
// Declared licences are valid SPDX expressions: texts that are not SPDX become LicenseRef- ids,
// with the original text under hasExtractedLicensingInfos. Nothing is concluded (NOASSERTION).
import { createHash } from 'node:crypto';
import type { Inventory, Package } from '../model.js';
import { layerLabel } from '../layer-label.js';
import { classifyLicense, distinctLicenses, licenseRefFor } from './licenses.js';
import { TOOL, TOOL_VERSION, imageIdentity, imageName, imagePurl, packageRefs, sortedPackages, timestampOf, uuidV5, type SbomOptions } from './common.js';

export interface SpdxOptions extends SbomOptions {
  /** Base of documentNamespace; the document's UUID is appended. */
  namespaceBase?: string;
}

type Json = Record<string, unknown>;
const NOASSERTION = 'NOASSERTION';

/** SPDXIDs allow letters, digits, '.' and '-'; a hash of the ref keeps them unique and stable. */
function spdxId(kind: string, name: string, ref: string): string {
  const safe = name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'x';
  return `SPDXRef-${kind}-${safe}-${createHash('sha256').update(ref).digest('hex').slice(0, 12)}`;
}

/** The declared licence as one SPDX expression, registering LicenseRef-s for non-SPDX texts. */
function declared(licenses: readonly string[], extracted: Map<string, string>): string {
  const distinct = distinctLicenses(licenses);
  if (!distinct.length) return NOASSERTION;
  const parts = distinct.map((text) => {
    const f = classifyLicense(text);
    if (f.kind === 'id') return f.id;
    if (f.kind === 'expression') return distinct.length > 1 ? `(${f.expression})` : f.expression;
    let ref = licenseRefFor(text);
    if (extracted.has(ref) && extracted.get(ref) !== text) ref = `${ref}-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
    extracted.set(ref, text);
    return ref;
  });
  return parts.join(' AND ');
}

function purpose(p: Package): string {
  return p.type === 'binary' ? 'APPLICATION' : 'LIBRARY';
}

export function toSpdx(inv: Inventory, opts: SpdxOptions = {}): Json {
  const packages = sortedPackages(inv.packages);
  const refs = packageRefs(packages);
  const identity = imageIdentity(inv);
  const uuid = uuidV5(`hullscan:spdx:${identity}`);
  const name = imageName(inv);
  const imageId = spdxId('Image', name, identity);
  const extracted = new Map<string, string>();
  const imagePkgPurl = imagePurl(inv);

  const spdxPackages: Json[] = [{
    name,
    SPDXID: imageId,
    versionInfo: identity,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'CONTAINER',
    ...(imagePkgPurl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: imagePkgPurl }] } : {}),
    comment: `platform ${inv.image.platform}; config ${inv.image.configDigest}`,
  }];
  const relationships: Json[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId }];

  if (inv.os) {
    const osId = spdxId('OperatingSystem', inv.os.family, `${inv.os.family}:${inv.os.version ?? ''}`);
    spdxPackages.push({
      name: inv.os.family,
      SPDXID: osId,
      ...(inv.os.version ? { versionInfo: inv.os.version } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
      primaryPackagePurpose: 'OPERATING_SYSTEM',
      description: inv.os.name,
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  }

  for (const p of packages) {
    const ref = refs.get(p)!;
    const id = spdxId('Package', `${p.type}-${p.name}`, ref);
    const loc = p.locations[0];
    spdxPackages.push({
      name: p.name,
      SPDXID: id,
      ...(p.version ? { versionInfo: p.version } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: declared(p.licenses, extracted),
      copyrightText: NOASSERTION,
      primaryPackagePurpose: purpose(p),
      ...(loc ? { sourceInfo: `found in ${loc.path}, ${layerLabel(loc.layer, inv.image)}` } : {}),
      ...(p.source && (p.source.name !== p.name || p.source.version !== p.version) ? { comment: `source package ${p.source.name}${p.source.version ? ` ${p.source.version}` : ''}` } : {}),
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  }

  const doc: Json = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `${opts.namespaceBase ?? 'https://hullscan.invalid/spdx'}/${encodeURIComponent(name)}-${uuid}`,
    creationInfo: {
      created: timestampOf(opts.timestamp),
      creators: [`Tool: ${TOOL}-${opts.toolVersion ?? TOOL_VERSION}`],
    },
    packages: spdxPackages,
    relationships,
  };
  if (extracted.size) {
    doc.hasExtractedLicensingInfos = [...extracted].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([licenseId, text]) => ({ licenseId, name: text, extractedText: text }));
  }
  return doc;
}
