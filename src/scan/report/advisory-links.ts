/**
 * Where a vulnerability id is published, for links in reports (SARIF helpUri,
 * CycloneDX vulnerability source, table/JUnit text). Chosen by the id's prefix,
 * because the prefix names the database that assigned it; anything else is
 * looked up on osv.dev, which aggregates every OSV source Airlock imports.
 */
import { wellFormed } from './well-formed-text.js';

export interface AdvisorySource {
  /** The database that assigned the id (`NVD`, `GitHub`, …). */
  name: string;
  /** A human-readable page for the id. */
  url: string;
}

const SOURCES: readonly { prefix: RegExp; name: string; page: (id: string) => string }[] = [
  { prefix: /^CVE-/, name: 'NVD', page: (id) => `https://nvd.nist.gov/vuln/detail/${id}` },
  { prefix: /^GHSA-/, name: 'GitHub', page: (id) => `https://github.com/advisories/${id}` },
  { prefix: /^GO-/, name: 'Go', page: (id) => `https://pkg.go.dev/vuln/${id}` },
  { prefix: /^(DSA|DLA|DTSA)-/, name: 'Debian', page: (id) => `https://security-tracker.debian.org/tracker/${id}` },
  { prefix: /^USN-/, name: 'Ubuntu', page: (id) => `https://ubuntu.com/security/notices/${id}` },
  { prefix: /^RH[SBE]A-/, name: 'Red Hat', page: (id) => `https://access.redhat.com/errata/${id}` },
];

export function advisorySource(id: string): AdvisorySource {
  // Ids come from advisory data: encode so a malformed one cannot break out of the URL.
  const safe = encodeURIComponent(wellFormed(id));
  const known = SOURCES.find((s) => s.prefix.test(id));
  return known === undefined ? { name: 'OSV', url: `https://osv.dev/vulnerability/${safe}` } : { name: known.name, url: known.page(safe) };
}

/**
 * The advisory ids in a finding's `source`, which may name several (`DSA-5345-1, DLA-3325-1`)
 * or a database rather than an advisory (`debian-security-tracker`): only id-shaped words count.
 */
export function advisoryIds(source: string): string[] {
  return source.split(/[\s,;]+/).filter((word) => /^[A-Z][A-Z0-9]*(-[A-Za-z0-9._:]+)+$/.test(word));
}

/** An absolute http(s) URL already in canonical form: safe to emit where a schema wants a URI or IRI, or as a Markdown autolink. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href === text;
  } catch {
    return false;
  }
}
