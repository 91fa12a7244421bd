/**
 * vendor/composer/installed.json: what `composer install` put into vendor/.
 * Composer 1 wrote a bare array of packages; Composer 2 writes
 * `{packages: [...], dev: bool, dev-package-names: [...]}`, which also says
 * which packages are dev-only (Composer 1 does not: `dev` stays unset).
 */
import { z } from 'zod';
import { parseJson, validate, validEntries, withOptional, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { ComposerPackage, composerPackage } from './package.js';

const InstalledJson = z.union([
  z.array(z.unknown()).transform((packages) => ({ packages, devNames: undefined as string[] | undefined })),
  z
    .object({ packages: z.array(z.unknown()), 'dev-package-names': z.array(z.string()).optional() })
    .transform((file) => ({ packages: file.packages, devNames: file['dev-package-names'] })),
]);

export function isInstalledJson(path: string): boolean {
  return path.endsWith('/vendor/composer/installed.json');
}

export function parseInstalledJson(input: ParseInput): ParseOutput {
  const installed = validate(InstalledJson, parseJson(input.text, input.path), input.path);
  const warnings: string[] = [];
  const devNames = installed.devNames ? new Set(installed.devNames) : undefined;
  const entries = installed.packages.map((entry, index) => [`packages[${index}]`, entry] as [string, unknown]);
  const packages: FoundPackage[] = validEntries(ComposerPackage, entries, warnings).map(([, entry]) => {
    const found = composerPackage(entry, false);
    return withOptional(found, { dev: devNames ? devNames.has(entry.name) : undefined });
  });
  return { packages, warnings };
}
