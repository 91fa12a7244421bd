/**
 * From the squashed layers to the image's inventory: which OS it runs, and its
 * packages — with OS purls naming the distribution, language packages the OS
 * package manager installed dropped (they are reported once, as OS packages),
 * and the same install seen through a lockfile and its node_modules reported once.
 */
import { PackageURL } from 'packageurl-js';
import { OS_PACKAGE_TYPES, type Package } from '../catalog/package.js';
import type { SquashedImage } from '../layers/squash.js';
import { chooseOs } from '../os/index.js';
import type { OsInfo } from '../os/os-info.js';

export interface Inventory {
  os?: OsInfo;
  packages: Package[];
  errors: string[];
  warnings: string[];
}

export function buildInventory(squashed: SquashedImage): Inventory {
  const os = chooseOs(squashed.osCandidates);
  const owned = new Set(squashed.files.flatMap((file) => file.ownedFiles ?? []));
  const packages = squashed.files
    .flatMap((file) => file.packages)
    .filter((pkg) => OS_PACKAGE_TYPES.has(pkg.type) || !owned.has(pkg.path))
    .map((pkg) => (os && OS_PACKAGE_TYPES.has(pkg.type) ? withDistribution(pkg, os) : pkg));
  const warnings = squashed.files.flatMap((file) => (file.warnings ?? []).map((warning) => `${file.path}: ${warning}`));
  return { ...(os ? { os } : {}), packages: dedupe(packages).sort(byTypeNameVersion), errors: squashed.errors, warnings };
}

/** `pkg:deb/debian/openssl@…` → `pkg:deb/ubuntu/openssl@…?distro=ubuntu-22.04`, as purl-spec asks for OS packages. */
function withDistribution(pkg: Package, os: OsInfo): Package {
  try {
    const purl = PackageURL.fromString(pkg.purl);
    const namespace = pkg.type === 'rpm' ? (purl.namespace ?? os.family) : os.family;
    const qualifiers = { ...(purl.qualifiers ?? {}), distro: `${os.family}-${os.version}` };
    return { ...pkg, purl: new PackageURL(purl.type, namespace, purl.name, purl.version, qualifiers, purl.subpath).toString() };
  } catch {
    return pkg;
  }
}

/**
 * One entry per install: a package-lock entry and the node_modules/…/package.json
 * it installed share a project root, name and version. The installed file wins
 * (it carries the licence).
 */
function dedupe(packages: readonly Package[]): Package[] {
  const kept = new Map<string, Package>();
  for (const pkg of packages) {
    const key = `${pkg.type}\0${pkg.name}\0${pkg.version}\0${projectRoot(pkg.path)}`;
    const existing = kept.get(key);
    if (!existing || (isInstalledFile(pkg.path) && !isInstalledFile(existing.path))) kept.set(key, existing ? { ...pkg, licenses: pkg.licenses ?? existing.licenses } : pkg);
  }
  return [...kept.values()];
}

/** `/app/node_modules/a/node_modules/b/package.json` and `/app/package-lock.json` both belong to `/app`. */
function projectRoot(path: string): string {
  for (const marker of ['/node_modules/', '/vendor/', '/site-packages/', '/dist-packages/']) {
    const at = path.indexOf(marker);
    if (at >= 0) return path.slice(0, at) || '/';
  }
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function isInstalledFile(path: string): boolean {
  return /\/node_modules\/|\/site-packages\/|\/dist-packages\/|\/vendor\//.test(path);
}

function byTypeNameVersion(a: Package, b: Package): number {
  return a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version) || a.path.localeCompare(b.path);
}
