/**
 * Pipfile.lock (JSON): `default` holds production packages, `develop` the dev
 * ones; a package in both is production. Versions are written as pins
 * (`==1.2.3`). Entries without a version are editable or VCS checkouts — local
 * code with no release to match — and are left out.
 */
import { z } from 'zod';
import { parseJson, validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { pythonPackage } from './package.js';

const PipfileLock = z.object({
  default: z.record(z.string(), z.unknown()).optional(),
  develop: z.record(z.string(), z.unknown()).optional(),
});
const PipfileEntry = z.object({ version: z.string().optional() });

export function parsePipfileLock(input: ParseInput): ParseOutput {
  const lock = validate(PipfileLock, parseJson(input.text, input.path), input.path);
  const warnings: string[] = [];
  const packages: FoundPackage[] = [];
  for (const [section, dev] of [[lock.default, false], [lock.develop, true]] as const) {
    for (const [name, entry] of validEntries(PipfileEntry, Object.entries(section ?? {}), warnings)) {
      const version = entry.version?.replace(/^={2,3}/, '').trim();
      if (version) packages.push(pythonPackage({ name, version, dev }));
    }
  }
  return { packages, warnings };
}
