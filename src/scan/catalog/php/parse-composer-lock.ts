/** composer.lock: `packages` are production dependencies, `packages-dev` the require-dev ones. */
import { z } from 'zod';
import { parseJson, validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { ComposerPackage, composerPackage } from './package.js';

const ComposerLock = z.object({
  packages: z.array(z.unknown()).optional(),
  'packages-dev': z.array(z.unknown()).optional(),
});

export function parseComposerLock(input: ParseInput): ParseOutput {
  const lock = validate(ComposerLock, parseJson(input.text, input.path), input.path);
  const warnings: string[] = [];
  const packages: FoundPackage[] = [];
  for (const [section, dev] of [['packages', false], ['packages-dev', true]] as const) {
    const entries = (lock[section] ?? []).map((entry, index) => [`${section}[${index}]`, entry] as [string, unknown]);
    for (const [, entry] of validEntries(ComposerPackage, entries, warnings)) packages.push(composerPackage(entry, dev));
  }
  return { packages, warnings };
}
