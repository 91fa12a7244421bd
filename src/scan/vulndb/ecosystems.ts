/**
 * OSV ecosystem names and where osv.dev publishes them. Names are case-sensitive
 * in OSV (`PyPI`, `crates.io`); a distribution's records carry its release
 * (`Debian:12`, `Alpine:v3.20`) while its bucket folder is the bare name.
 */
export const OSV_BUCKET_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** What `airlock db update` fetches when given no sources: the ecosystems Airlock's catalogers find packages in. */
export const DEFAULT_ECOSYSTEMS: readonly string[] = Object.freeze([
  'AlmaLinux',
  'Alpine',
  'Debian',
  'Go',
  'Maven',
  'npm',
  'NuGet',
  'Packagist',
  'PyPI',
  'Red Hat',
  'Rocky Linux',
  'RubyGems',
  'Ubuntu',
  'crates.io',
]);

/** Other ecosystems osv.dev publishes, so `--ecosystems pypi` can be spelled the way OSV does. */
const OTHER_KNOWN_ECOSYSTEMS = ['Android', 'Bitnami', 'Chainguard', 'CRAN', 'GHC', 'Hackage', 'Hex', 'Linux', 'Mageia', 'openSUSE', 'OSS-Fuzz', 'Photon OS', 'Pub', 'SUSE', 'SwiftURL', 'Wolfi'];
const KNOWN_BY_LOWER_CASE = new Map([...DEFAULT_ECOSYSTEMS, ...OTHER_KNOWN_ECOSYSTEMS].map((name) => [name.toLowerCase(), name]));

/**
 * The bucket folder for a user-given ecosystem: without a release (osv.dev has one
 * `Debian/all.zip` for every `Debian:<release>`) and in OSV's spelling when known.
 */
export function bucketEcosystem(name: string): string {
  const base = baseEcosystem(name.trim());
  return KNOWN_BY_LOWER_CASE.get(base.toLowerCase()) ?? base;
}

/** osv.dev's per-ecosystem export: `<base>/<ecosystem>/all.zip`. */
export function ecosystemZipUrl(ecosystem: string, baseUrl: string = OSV_BUCKET_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

/** The ecosystem without its release: `Debian:12` → `Debian`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/**
 * A filter from user-given names: `Debian` selects every `Debian:<release>`,
 * `Debian:12` only that release. Case-insensitive, since people type `pypi`.
 * Without names, everything is selected.
 */
export function ecosystemFilter(selected: readonly string[] | undefined): (ecosystem: string) => boolean {
  if (!selected || selected.length === 0) return () => true;
  const wanted = new Set(selected.map((name) => name.trim().toLowerCase()).filter((name) => name !== ''));
  return (ecosystem) => {
    const name = ecosystem.toLowerCase();
    return wanted.has(name) || wanted.has(baseEcosystem(name));
  };
}

/** Every ecosystem a record's affected entries name, read from the raw JSON (before validation), in order of first appearance. */
export function ecosystemsNamedIn(value: unknown): string[] {
  const affected = (value as { affected?: unknown }).affected;
  if (!Array.isArray(affected)) return [];
  const found = new Set<string>();
  for (const entry of affected as unknown[]) {
    const ecosystem = (entry as { package?: { ecosystem?: unknown } } | null)?.package?.ecosystem;
    if (typeof ecosystem === 'string' && ecosystem !== '') found.add(ecosystem);
  }
  return [...found];
}
