// CycloneDX 1.6 JSON from an inventory. The BOM is built as a plain object (what the schema
// describes), sorted and with a serial number derived from the image digest, so the same image
// always gives the same document apart from the injectable timestamp.
import type { Inventory, Package } from '../model.js';
import { classifyLicense, distinctLicenses } from './licenses.js';
import { TOOL, TOOL_VERSION, imageIdentity, imageName, imagePurl, packageRefs, sortedPackages, timestampOf, uuidV5, type SbomOptions } from './common.js';

export interface CycloneDxOptions extends SbomOptions {
  /**
   * The extension point for vulnerability reports: a `vulnerabilities` array for the BOM, or a
   * function given the bom-ref of each package (so `affects[].ref` can point at components).
   */
  vulnerabilities?: unknown[] | ((bomRefOf: (pkg: Package) => string | undefined) => unknown[]);
  /** Add a `dependencies` entry stating that the image contains every component. Default true. */
  dependencies?: boolean;
}

type Json = Record<string, unknown>;

const prop = (name: string, value: string | number | undefined) => (value === undefined || value === '' ? [] : [{ name, value: String(value) }]);

export function cycloneDxLicenses(licenses: readonly string[]): Json[] | undefined {
  const distinct = distinctLicenses(licenses);
  if (!distinct.length) return undefined;
  const forms = distinct.map(classifyLicense);
  // A BOM states either licence objects or exactly one expression, never both.
  if (forms.some((f) => f.kind === 'expression')) {
    if (forms.every((f) => f.kind !== 'name')) {
      const parts = forms.map((f) => (f.kind === 'id' ? f.id : `(${(f as { expression: string }).expression})`));
      return [{ expression: parts.length === 1 ? (forms[0] as { expression: string }).expression : parts.join(' AND ') }];
    }
    return distinct.map((name) => ({ license: { name } }));
  }
  return forms.map((f) => (f.kind === 'id' ? { license: { id: f.id } } : { license: { name: (f as { name: string }).name } }));
}

function component(p: Package, ref: string): Json {
  const loc = p.locations[0];
  const properties = [
    ...prop('hullscan:package:type', p.type),
    ...prop('hullscan:package:arch', p.arch),
    ...prop('hullscan:package:sourceName', p.source?.name),
    ...prop('hullscan:package:sourceVersion', p.source?.version),
    ...prop('hullscan:location:path', loc?.path),
    ...prop('hullscan:layer:index', loc?.layer.index),
    ...prop('hullscan:layer:diffID', loc?.layer.diffId),
    ...prop('hullscan:layer:digest', loc?.layer.digest),
    ...(p.dev ? prop('hullscan:package:dev', 'true') : []),
    ...p.locations.slice(1).map((l) => ({ name: 'hullscan:location:path', value: l.path })),
  ];
  const licenses = cycloneDxLicenses(p.licenses);
  const [group, name] = p.type === 'maven' && p.name.includes(':') ? [p.name.slice(0, p.name.lastIndexOf(':')), p.name.slice(p.name.lastIndexOf(':') + 1)] : [undefined, p.name];
  return {
    type: 'library',
    'bom-ref': ref,
    ...(group ? { group } : {}),
    name,
    ...(p.version ? { version: p.version } : {}),
    ...(licenses ? { licenses } : {}),
    purl: p.purl,
    properties,
  };
}

/** Finds a package's bom-ref: by the object, else by an equal purl (a copy of the package). */
function refLookup(refs: Map<Package, string>): (pkg: Package) => string | undefined {
  return (pkg) => refs.get(pkg) ?? [...refs].find(([p]) => p.purl === pkg.purl)?.[1];
}

/** The bom-ref toCycloneDX gives each package of this inventory, for documents that point at its components. */
export function cycloneDxRefs(inv: Inventory): (pkg: Package) => string | undefined {
  return refLookup(packageRefs(sortedPackages(inv.packages)));
}

/** The BOM object; serialise with JSON.stringify. */
export function toCycloneDX(inv: Inventory, opts: CycloneDxOptions = {}): Json {
  const packages = sortedPackages(inv.packages);
  const refs = packageRefs(packages);
  const identity = imageIdentity(inv);
  const imageRef = `image:${identity}`;
  const purl = imagePurl(inv);
  const imageComponent: Json = {
    type: 'container',
    'bom-ref': imageRef,
    name: imageName(inv),
    version: identity,
    ...(purl ? { purl } : {}),
    properties: [
      ...prop('hullscan:image:reference', inv.image.reference),
      ...prop('hullscan:image:configDigest', inv.image.configDigest),
      ...prop('hullscan:image:indexDigest', inv.image.indexDigest),
      ...prop('hullscan:image:platform', inv.image.platform),
      ...inv.image.layers.map((l) => ({ name: 'hullscan:image:layerDiffID', value: l.diffId })),
    ],
  };
  const components: Json[] = packages.map((p) => component(p, refs.get(p)!));
  const osRef = inv.os ? `os:${inv.os.family}:${inv.os.version ?? inv.os.codename ?? ''}` : undefined;
  if (inv.os) {
    components.unshift({
      type: 'operating-system',
      'bom-ref': osRef,
      name: inv.os.family,
      ...(inv.os.version ? { version: inv.os.version } : {}),
      description: inv.os.name,
      properties: [
        ...prop('hullscan:os:codename', inv.os.codename),
        ...(inv.os.distroless ? prop('hullscan:os:distroless', 'true') : []),
        ...Object.entries(inv.os.metadata ?? {}).sort().map(([k, v]) => ({ name: `hullscan:os:${k}`, value: v })),
      ],
    });
  }
  const bom: Json = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuidV5(`hullscan:cyclonedx:${identity}`)}`,
    version: 1,
    metadata: {
      timestamp: timestampOf(opts.timestamp),
      tools: { components: [{ type: 'application', name: TOOL, version: opts.toolVersion ?? TOOL_VERSION }] },
      component: imageComponent,
    },
    components,
  };
  if (opts.dependencies !== false) {
    bom.dependencies = [
      { ref: imageRef, dependsOn: [...(osRef ? [osRef] : []), ...packages.map((p) => refs.get(p)!)] },
    ];
  }
  if (opts.vulnerabilities) {
    bom.vulnerabilities = typeof opts.vulnerabilities === 'function' ? opts.vulnerabilities(refLookup(refs)) : opts.vulnerabilities;
  }
  return bom;
}
