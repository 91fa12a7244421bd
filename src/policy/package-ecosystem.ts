/**
 * Which ecosystem a package belongs to, for `package` conditions. Names are
 * OSV's (what scan's comparators are keyed by), so the caller's
 * compareVersions understands them. OS packages take their distribution from
 * the image's OS: dpkg is Debian (and Ubuntu on Ubuntu), apk is Alpine (and
 * Wolfi/Chainguard there), rpm is whichever rpm distribution the image runs.
 * `primary` is the name passed to compareVersions; `names` are what a policy's
 * `ecosystem:` may say.
 */
import type { PolicyOs } from './policy-input.js';

const LANGUAGE: Readonly<Record<string, string>> = {
  npm: 'npm',
  python: 'PyPI',
  go: 'Go',
  java: 'Maven',
  cargo: 'crates.io',
  gem: 'RubyGems',
  dotnet: 'NuGet',
  composer: 'Packagist',
};

/** Distribution names by os-release ID. */
const DISTRIBUTION: Readonly<Record<string, string>> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  alpine: 'Alpine',
  wolfi: 'Wolfi',
  chainguard: 'Chainguard',
  rhel: 'Red Hat',
  centos: 'CentOS',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  ol: 'Oracle Linux',
  fedora: 'Fedora',
  amzn: 'Amazon Linux',
  sles: 'SUSE',
  opensuse: 'openSUSE',
  'opensuse-leap': 'openSUSE',
  mageia: 'Mageia',
};

/** The ecosystem an OS package type belongs to when the OS says nothing more specific. */
const OS_DEFAULT: Readonly<Record<string, string>> = { dpkg: 'Debian', apk: 'Alpine', rpm: 'Red Hat' };

export interface PackageEcosystem {
  /** The name passed to compareVersions. */
  primary: string;
  /** Every name a policy may use for it (compared case-insensitively). */
  names: string[];
}

export function ecosystemOf(type: string, os: PolicyOs | undefined): PackageEcosystem | undefined {
  const language = LANGUAGE[type];
  if (language) return { primary: language, names: [language] };
  const fallback = OS_DEFAULT[type];
  if (!fallback) return undefined;
  const distribution = os ? DISTRIBUTION[os.family] : undefined;
  // An rpm on Ubuntu or a dpkg on Alpine would be odd: the OS only refines its own package type.
  const refines = distribution !== undefined && os !== undefined && OS_DEFAULT[packageTypeOfFamily(os.family)] === fallback;
  // apk has one version order, which OSV (and scan's comparators) file under Alpine; Wolfi is a name, not an order.
  const primary = refines && type !== 'apk' ? distribution : fallback;
  const names = new Set([primary, fallback, ...(refines && os ? [distribution, os.family] : [])]);
  return { primary, names: [...names] };
}

function packageTypeOfFamily(family: string): string {
  if (family === 'debian' || family === 'ubuntu') return 'dpkg';
  if (family === 'alpine' || family === 'wolfi' || family === 'chainguard') return 'apk';
  return DISTRIBUTION[family] ? 'rpm' : '';
}

/** Ecosystems whose package names are case-insensitive (PyPI also folds `_` and `.` into `-`, PEP 503). */
export function samePackageName(ecosystem: string, a: string, b: string): boolean {
  if (ecosystem === 'PyPI') return normalizePypi(a) === normalizePypi(b);
  if (ecosystem === 'NuGet' || ecosystem === 'Packagist') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function normalizePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
