/** Package URLs (purl-spec) for every package type, built with packageurl-js so escaping is right. */
import { PackageURL } from 'packageurl-js';

export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

export function purlOf(parts: PurlParts): string {
  const qualifiers = parts.qualifiers && Object.keys(parts.qualifiers).length > 0 ? parts.qualifiers : undefined;
  return new PackageURL(parts.type, parts.namespace, parts.name, parts.version, qualifiers, parts.subpath).toString();
}
