/**
 * yarn.lock of Yarn berry (v2+): YAML whose keys are descriptor lists and whose
 * entries carry the exact `resolution` (`name@npm:1.2.3`). The resolution, not
 * the key, names the package — it already resolves `npm:` aliases.
 */
import { z } from 'zod';
import { validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { isRegistryVersion, npmPackage } from './package.js';
import { readYamlDocuments } from './read-yaml.js';
import { parseDescriptor } from './yarn-descriptor.js';

const BerryLock = z.record(z.string(), z.unknown());
const BerryEntry = z.object({
  version: z.string(),
  resolution: z.string(),
});

export function parseYarnBerry(input: ParseInput): ParseOutput {
  const lock = validate(BerryLock, readYamlDocuments(input.text, input.path)[0] ?? {}, input.path);
  const warnings: string[] = [];
  const entries = Object.entries(lock).filter(([key]) => key !== '__metadata');
  const packages: FoundPackage[] = [];
  for (const [key, entry] of validEntries(BerryEntry, entries, warnings)) {
    const descriptor = parseDescriptor(entry.resolution);
    if (!descriptor || descriptor.kind === 'ignored') continue;
    if (descriptor.kind === 'unknown') {
      warnings.push(`${key}: unknown protocol ${descriptor.protocol}: in resolution ${entry.resolution}`);
      continue;
    }
    if (isRegistryVersion(entry.version)) packages.push(npmPackage({ name: descriptor.name, version: entry.version }));
  }
  return { packages, warnings };
}
