/** A package found in an image: what every cataloger produces and every later step consumes. */

/** The package types Airlock reports (the `type` field of `airlock scan --format json`). */
export const PACKAGE_TYPES = ['dpkg', 'apk', 'rpm', 'npm', 'python', 'go', 'java', 'cargo', 'gem', 'dotnet', 'composer'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

/** OS package types: their files and databases are owned by the OS package manager. */
export const OS_PACKAGE_TYPES: ReadonlySet<PackageType> = new Set(['dpkg', 'apk', 'rpm']);

export interface Package {
  /** As the ecosystem names it: dpkg/apk/rpm binary package name, npm name (with scope), PyPI project name, Go module path, Maven `groupId:artifactId`, … */
  name: string;
  /** The full version as installed (dpkg: `[epoch:]upstream[-revision]`, rpm: `[epoch:]version-release`). */
  version: string;
  type: PackageType;
  /** The source package it was built from: dpkg `Source:`, apk origin, rpm source RPM. Vulnerabilities of OS packages are published per source package. */
  source?: { name: string; version?: string };
  /** Architecture as the package manager records it (amd64, x86_64, noarch, …). */
  arch?: string;
  /** Licence expressions or names as declared; never guessed. */
  licenses?: string[];
  /** Package URL (https://github.com/package-url/purl-spec), built with `purlOf`. */
  purl: string;
  /** Absolute path of the file the package was read from, e.g. `/var/lib/dpkg/status`, `/app/node_modules/lodash/package.json`. */
  path: string;
  /** Digest of the layer that introduced this package (set when layers are squashed). */
  layer?: string;
  /** Dev-only dependency (lockfiles that say so); reported, but policies may ignore them. */
  dev?: boolean;
  /** Ecosystem-specific facts later steps need (e.g. rpm `epoch`/`release`, Go `goVersion`); plain JSON. */
  metadata?: Record<string, string | number | boolean>;
}
