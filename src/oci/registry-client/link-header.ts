/**
 * The `Link` header the distribution spec uses to paginate tag and catalog
 * lists (RFC 8288): `</v2/name/tags/list?n=100&last=x>; rel="next"`.
 */

/** The target of the `rel="next"` link, as written (often a path relative to the registry), or undefined. */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return match[1];
  }
  return undefined;
}
