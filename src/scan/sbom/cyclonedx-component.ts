/**
 * CycloneDX components for what a scan found: one `library` per package, the OS as
 * an `operating-system`, the image itself as the `container` in metadata.component.
 * Facts CycloneDX has no field for (where a package was read, which layer brought it,
 * the Airlock package type, the source package) go into `airlock:` properties, the
 * namespace the CycloneDX property taxonomy expects tools to use for their own names.
 */
import { Enums, Models, SPDX } from '@cyclonedx/cyclonedx-library';
import type { Package } from '../catalog/package.js';
import type { OsInfo } from '../os/os-info.js';
import type { ScanArtifact } from '../report/scan-report.js';
import { conjoin, declaredLicenses } from './license-expression.js';

export function packageComponent(pkg: Package, bomRef: string): Models.Component {
  const { group, name } = splitName(pkg);
  const component = new Models.Component(Enums.ComponentType.Library, name, { bomRef, group, version: pkg.version, purl: pkg.purl });
  for (const license of cyclonedxLicenses(pkg.licenses)) component.licenses.add(license);
  for (const property of packageProperties(pkg)) component.properties.add(property);
  return component;
}

export function osComponent(os: OsInfo): Models.Component {
  const component = new Models.Component(Enums.ComponentType.OperatingSystem, os.family, {
    bomRef: `os:${os.family}@${os.version}`,
    version: os.version,
    description: os.name,
  });
  if (os.codename !== undefined) component.properties.add(new Models.Property('airlock:os:codename', os.codename));
  component.properties.add(new Models.Property('airlock:os:source', os.source));
  return component;
}

/** The scanned image; its version is the manifest digest, the one name that cannot move. */
export function imageComponent(artifact: ScanArtifact): Models.Component {
  const component = new Models.Component(Enums.ComponentType.Container, artifact.name, {
    bomRef: `image:${artifact.digest ?? artifact.name}`,
    version: artifact.digest,
  });
  if (artifact.platform !== undefined) component.properties.add(new Models.Property('airlock:image:platform', artifact.platform));
  // One property per layer, bottom first; the BOM is serialised without re-sorting, so the order survives.
  for (const layer of artifact.layers) component.properties.add(new Models.Property('airlock:image:layer', layer));
  return component;
}

/**
 * bom-refs must be unique in the document. The purl is the natural one, but the same
 * purl can be installed twice (two copies of an npm package in different node_modules),
 * so a repeated purl is told apart by the path it was read from.
 */
export function packageBomRefs(packages: readonly Package[]): Map<Package, string> {
  const purlCount = new Map<string, number>();
  for (const pkg of packages) purlCount.set(pkg.purl, (purlCount.get(pkg.purl) ?? 0) + 1);
  const used = new Set<string>();
  const refs = new Map<Package, string>();
  for (const pkg of packages) {
    const base = (purlCount.get(pkg.purl) ?? 0) > 1 ? `${pkg.purl}|${pkg.path}` : pkg.purl;
    let ref = base;
    for (let n = 2; used.has(ref); n++) ref = `${base}|${n}`;
    used.add(ref);
    refs.set(pkg, ref);
  }
  return refs;
}

/**
 * CycloneDX ≥ 1.5 takes either a list of licence objects (SPDX id or free name) or
 * exactly one SPDX expression, never a mix. Plain ids and names stay a list; valid
 * expressions are joined into one; a mix of expressions and free text keeps every
 * string verbatim as a name rather than inventing an expression.
 */
export function cyclonedxLicenses(licenses: readonly string[] | undefined): Models.License[] {
  const declared = declaredLicenses(licenses);
  if (!declared.some((license) => license.kind === 'expression')) {
    return declared.map((license) =>
      license.kind === 'id' && SPDX.isSupportedSpdxId(license.text) ? new Models.SpdxLicense(license.text) : new Models.NamedLicense(license.text),
    );
  }
  if (declared.every((license) => license.kind !== 'name')) return [new Models.LicenseExpression(conjoin(declared))];
  return declared.map((license) => new Models.NamedLicense(license.text));
}

/**
 * CycloneDX's `group` is the ecosystem's namespace: the npm scope, the Maven groupId.
 * Other ecosystems have none that belongs there (a Go module path is one name, a
 * distro package has no group), so their name stays whole.
 */
function splitName(pkg: Package): { group?: string; name: string } {
  if (pkg.type === 'npm' && pkg.name.startsWith('@')) {
    const slash = pkg.name.indexOf('/');
    if (slash > 1) return { group: pkg.name.slice(0, slash), name: pkg.name.slice(slash + 1) };
  }
  if (pkg.type === 'java') {
    const colon = pkg.name.indexOf(':');
    if (colon > 0) return { group: pkg.name.slice(0, colon), name: pkg.name.slice(colon + 1) };
  }
  return { name: pkg.name };
}

function packageProperties(pkg: Package): Models.Property[] {
  const entries: [string, string | undefined][] = [
    ['airlock:package:type', pkg.type],
    ['airlock:package:path', pkg.path],
    ['airlock:package:layer', pkg.layer],
    ['airlock:package:source-name', pkg.source?.name],
    ['airlock:package:source-version', pkg.source?.version],
    ['airlock:package:arch', pkg.arch],
    ['airlock:package:dev', pkg.dev === true ? 'true' : undefined],
    ...Object.keys(pkg.metadata ?? {})
      .sort()
      .map((key): [string, string | undefined] => [`airlock:package:metadata:${key}`, String(pkg.metadata?.[key])]),
  ];
  return entries.filter((entry): entry is [string, string] => entry[1] !== undefined).map(([name, value]) => new Models.Property(name, value));
}
