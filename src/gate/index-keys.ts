/** The (ecosystem, package) keys an image is indexed by, for finding it again when advisories about those packages change. */
import { indexKeysFor, type OsInfo, type Package } from '../scan/index.js';
import type { PackageKey } from './store/image-store.js';

export function indexKeysOf(packages: readonly Package[], os: OsInfo | undefined): PackageKey[] {
  return packages.flatMap((pkg) => {
    const key = indexKeysFor(pkg, os);
    return key ? [key] : [];
  });
}
