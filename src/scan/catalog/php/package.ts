/** How a Composer package becomes an Airlock package (type `composer`, purl `pkg:composer/vendor/name@version`). */
import { z } from 'zod';
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';

/** One package as composer.lock and installed.json both describe it; other fields are ignored. */
export const ComposerPackage = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  // Composer writes an array; a bare string appears in hand-edited files.
  license: z.union([z.array(z.string()), z.string().transform((license) => [license])]).optional(),
});
export type ComposerPackage = z.infer<typeof ComposerPackage>;

/** Versions as written (`v1.27.0` keeps its `v`: Packagist and its advisories use the tag name). */
export function composerPackage(entry: ComposerPackage, dev: boolean): FoundPackage {
  const slash = entry.name.indexOf('/');
  const namespace = slash > 0 ? entry.name.slice(0, slash) : undefined;
  const name = slash > 0 ? entry.name.slice(slash + 1) : entry.name;
  const purl = purlOf({ type: 'composer', namespace, name, version: entry.version });
  const licenses = entry.license && entry.license.length > 0 ? entry.license : undefined;
  return withOptional<FoundPackage>({ name: entry.name, version: entry.version, type: 'composer', purl }, { dev, licenses });
}
