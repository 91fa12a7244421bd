/**
 * poetry.lock (TOML): one `[[package]]` table per locked distribution. Dev-ness
 * is recorded as `category = "dev"` by Poetry < 1.5 and as `groups` without
 * "main" by Poetry 2; lockfiles of Poetry 1.5–1.8 say neither, so `dev` stays
 * unset (the pyproject.toml that would tell is another file).
 */
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { pythonPackage } from './package.js';

const PoetryLock = z.object({ package: z.array(z.unknown()).optional() });
const PoetryPackage = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  category: z.string().optional(),
  groups: z.array(z.string()).optional(),
});

export function parsePoetryLock(input: ParseInput): ParseOutput {
  const lock = validate(PoetryLock, parseToml(input.text, { maxDepth: 100 }), input.path);
  const warnings: string[] = [];
  const entries = (lock.package ?? []).map((entry, index) => [`package[${index}]`, entry] as [string, unknown]);
  const packages: FoundPackage[] = validEntries(PoetryPackage, entries, warnings).map(([, entry]) =>
    pythonPackage({ name: entry.name, version: entry.version, dev: devOf(entry) }),
  );
  return { packages, warnings };
}

function devOf(entry: z.infer<typeof PoetryPackage>): boolean | undefined {
  if (entry.category !== undefined) return entry.category === 'dev';
  if (entry.groups !== undefined) return !entry.groups.includes('main');
  return undefined;
}
