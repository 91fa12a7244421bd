/**
 * Splits `/v2/<name>/<resource>/...` into its parts. Repository names contain
 * slashes (and may contain words like "blobs"), so routes are matched from the
 * end of the path, as distribution's router does.
 */
import { assertRepositoryName } from '../oci/index.js';
import { RegistryError } from './errors.js';

export type RegistryRoute =
  | { resource: 'base' }
  | { resource: 'catalog' }
  | { resource: 'tags'; name: string }
  | { resource: 'manifest'; name: string; reference: string }
  | { resource: 'blob'; name: string; digest: string }
  | { resource: 'upload'; name: string; uploadId?: string }
  | { resource: 'referrers'; name: string; digest: string };

/** @param pathname the URL path without its query, still percent-encoded. */
export function parseRegistryPath(pathname: string): RegistryRoute | undefined {
  if (pathname === '/v2' || pathname === '/v2/') return { resource: 'base' };
  if (!pathname.startsWith('/v2/')) return undefined;
  const segments = pathname.slice(4).split('/').map(decodeSegment);
  const n = segments.length;
  const at = (offset: number) => segments[n + offset];
  const name = (keep: number) => assertRepositoryName(segments.slice(0, n - keep).join('/'));
  if (n === 1 && at(-1) === '_catalog') return { resource: 'catalog' };
  if (n >= 3 && at(-2) === 'tags' && at(-1) === 'list') return { resource: 'tags', name: name(2) };
  if (n >= 4 && at(-3) === 'blobs' && at(-2) === 'uploads') {
    const uploadId = at(-1) as string;
    return { resource: 'upload', name: name(3), uploadId: uploadId === '' ? undefined : uploadId };
  }
  if (n >= 3 && at(-2) === 'blobs' && at(-1) === 'uploads') return { resource: 'upload', name: name(2) };
  if (n >= 3 && at(-2) === 'manifests') return { resource: 'manifest', name: name(2), reference: at(-1) as string };
  if (n >= 3 && at(-2) === 'blobs') return { resource: 'blob', name: name(2), digest: at(-1) as string };
  if (n >= 3 && at(-2) === 'referrers') return { resource: 'referrers', name: name(2), digest: at(-1) as string };
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RegistryError('NAME_INVALID', 'the request path is not valid percent-encoding');
  }
}
