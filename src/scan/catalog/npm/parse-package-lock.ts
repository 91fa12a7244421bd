/**
 * package-lock.json and npm-shrinkwrap.json. Lockfile v2/v3 describe every
 * installed directory in the flat `packages` map; v1 (npm 5–6) only has the
 * nested `dependencies` tree (parse-package-lock-v1.ts). v2 carries both; the
 * `packages` map wins, as it does for npm itself.
 */
import { z } from 'zod';
import { parseJson, validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { npmLicenses, npmPackage } from './package.js';
import { parseDependencyTree } from './parse-package-lock-v1.js';

const LockFile = z.object({
  lockfileVersion: z.number().optional(),
  packages: z.record(z.string(), z.unknown()).optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
});

const PackageEntry = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  resolved: z.string().optional(),
  link: z.boolean().optional(),
  dev: z.boolean().optional(),
  license: z.unknown().optional(),
  licenses: z.unknown().optional(),
});
type PackageEntry = z.infer<typeof PackageEntry>;

const NODE_MODULES = 'node_modules/';

export function parsePackageLock(input: ParseInput): ParseOutput {
  const lock = validate(LockFile, parseJson(input.text, input.path), input.path);
  const warnings: string[] = [];
  if (lock.packages) return { packages: fromPackagesMap(lock.packages, warnings), warnings };
  if (lock.dependencies) return { packages: parseDependencyTree(lock.dependencies, warnings), warnings };
  return { packages: [], warnings };
}

function fromPackagesMap(map: Record<string, unknown>, warnings: string[]): FoundPackage[] {
  const entries = new Map(validEntries(PackageEntry, Object.entries(map), warnings));
  const linkNames = workspaceLinkNames(entries);
  const packages: FoundPackage[] = [];
  for (const [key, entry] of entries) {
    // "" is the project itself; links are symlinks to a workspace directory described under its own key.
    if (key === '' || entry.link === true) continue;
    const name = entry.name ?? nameFromKey(key) ?? linkNames.get(key);
    // Workspace directories are reported only when a link installs them (Trivy does the same).
    if (!key.includes(NODE_MODULES) && !linkNames.has(key)) continue;
    if (name === undefined || entry.version === undefined || entry.version === '') continue;
    packages.push(npmPackage({ name, version: entry.version, dev: entry.dev === true, licenses: npmLicenses(entry.license, entry.licenses) }));
  }
  return packages;
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`: the installed directory name is the package name unless aliased. */
function nameFromKey(key: string): string | undefined {
  const index = key.lastIndexOf(NODE_MODULES);
  return index < 0 ? undefined : key.slice(index + NODE_MODULES.length);
}

/** Workspace directory → the name its link installs it under (`node_modules/function1` → `functions/func1`). */
function workspaceLinkNames(entries: ReadonlyMap<string, PackageEntry>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, entry] of entries) {
    const name = nameFromKey(key);
    if (entry.link === true && entry.resolved && name !== undefined) names.set(entry.resolved, name);
  }
  return names;
}
