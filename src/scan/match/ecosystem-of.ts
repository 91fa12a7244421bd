/**
 * Which OSV ecosystem (or ecosystems) a package's advisories live in, and under
 * which name and version to look them up. OS packages are matched per
 * distribution release and by *source* package (advisories name the source:
 * a DSA for `openssl` covers libssl3); language packages by their ecosystem.
 */
import type { Package, PackageType } from '../catalog/package.js';
import type { OsInfo } from '../os/os-info.js';
import { normalizePackageName } from '../vulndb/index.js';

export interface Lookup {
  ecosystems: string[];
  name: string;
  version: string;
}

const LANGUAGE_ECOSYSTEMS: Partial<Record<PackageType, string>> = {
  npm: 'npm',
  python: 'PyPI',
  go: 'Go',
  java: 'Maven',
  cargo: 'crates.io',
  gem: 'RubyGems',
  dotnet: 'NuGet',
  composer: 'Packagist',
};

/** OSV names for the rpm distributions it carries, by os-release ID. */
const RPM_ECOSYSTEMS: Record<string, string> = {
  rhel: 'Red Hat',
  centos: 'Red Hat',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  ol: 'Oracle Linux',
  fedora: 'Fedora',
  amzn: 'Amazon Linux',
  opensuse: 'openSUSE',
  'opensuse-leap': 'openSUSE',
  sles: 'SUSE',
  mageia: 'Mageia',
};

/**
 * Which ecosystems an inventory can meet at all, so only their advisories need
 * loading (a Debian image with npm packages needs `Debian:12…` and `npm`, not PyPI).
 */
export function ecosystemsNeeded(packages: readonly Package[], os: OsInfo | undefined): (ecosystem: string) => boolean {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const type of new Set(packages.map((pkg) => pkg.type))) {
    const language = LANGUAGE_ECOSYSTEMS[type];
    if (language) exact.add(language);
    else if (os) for (const prefix of osEcosystemPrefixes(type, os)) prefixes.add(prefix);
  }
  return (ecosystem) => exact.has(ecosystem) || [...prefixes].some((prefix) => ecosystem === prefix || ecosystem.startsWith(`${prefix}:`));
}

/** @param available every ecosystem the index holds, to resolve release-qualified names such as `Ubuntu:22.04:LTS`. */
export function lookupFor(pkg: Package, os: OsInfo | undefined, available: readonly string[]): Lookup | undefined {
  const language = LANGUAGE_ECOSYSTEMS[pkg.type];
  if (language) return { ecosystems: [language], name: pkg.name, version: pkg.version };
  if (!os) return undefined;
  const name = pkg.source?.name ?? pkg.name;
  const version = pkg.source?.version ?? pkg.version;
  const prefixes = osEcosystemPrefixes(pkg.type, os);
  const ecosystems = available.filter((ecosystem) => prefixes.some((prefix) => ecosystem === prefix || ecosystem.startsWith(`${prefix}:`)));
  return ecosystems.length > 0 ? { ecosystems, name, version } : undefined;
}

function osEcosystemPrefixes(type: PackageType, os: OsInfo): string[] {
  const major = os.version.split('.')[0] ?? os.version;
  if (type === 'dpkg' && os.family === 'debian') return [`Debian:${major}`];
  if (type === 'dpkg' && os.family === 'ubuntu') return [`Ubuntu:${os.version}`, `Ubuntu:Pro:${os.version}`];
  if (type === 'apk' && os.family === 'alpine') {
    const [first, second] = os.version.split('.');
    return second === undefined ? [] : [`Alpine:v${first}.${second}`];
  }
  if (type === 'rpm') {
    const distribution = RPM_ECOSYSTEMS[os.family];
    if (!distribution) return [];
    // Red Hat's ecosystem names the product stream: "Red Hat:enterprise_linux:9::appstream".
    return distribution === 'Red Hat' ? [`Red Hat:enterprise_linux:${major}`] : [`${distribution}:${major}`];
  }
  return [];
}

/**
 * The keys an inverted index of images by package is built on: base ecosystem
 * (`Debian`, `npm`, `Red Hat` — release suffixes dropped) and the name
 * advisories use (the source package for OS packages), normalised as the
 * vulnerability index compares names. Over-approximate on purpose: a key only
 * selects images to match again, and matching is exact.
 */
export function indexKeysFor(pkg: Package, os: OsInfo | undefined): { ecosystem: string; name: string } | undefined {
  const language = LANGUAGE_ECOSYSTEMS[pkg.type];
  const ecosystem = language ?? (os ? osBaseEcosystem(pkg.type, os) : undefined);
  if (!ecosystem) return undefined;
  return { ecosystem, name: normalizePackageName(ecosystem, language ? pkg.name : (pkg.source?.name ?? pkg.name)) };
}

/** The index key of an advisory's affected entry, matching `indexKeysFor`. */
export function indexKeyOfAffected(ecosystem: string, packageName: string): { ecosystem: string; name: string } {
  const base = ecosystem.split(':')[0] ?? ecosystem;
  return { ecosystem: base, name: normalizePackageName(base, packageName) };
}

function osBaseEcosystem(type: PackageType, os: OsInfo): string | undefined {
  if (type === 'dpkg') return os.family === 'debian' ? 'Debian' : os.family === 'ubuntu' ? 'Ubuntu' : undefined;
  if (type === 'apk') return os.family === 'alpine' ? 'Alpine' : undefined;
  if (type === 'rpm') return RPM_ECOSYSTEMS[os.family];
  return undefined;
}

/** True when OS packages of this OS cannot be matched at all (unknown distribution): worth saying in the report. */
export function isOsPackage(type: PackageType): boolean {
  return type === 'dpkg' || type === 'apk' || type === 'rpm';
}
