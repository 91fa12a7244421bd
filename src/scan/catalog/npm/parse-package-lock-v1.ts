/**
 * The nested `dependencies` tree of package-lock.json v1 (npm 5–6, still in old
 * images). Walked with an explicit stack: a hostile lockfile nested thousands
 * deep must not exhaust the call stack.
 */
import { z } from 'zod';
import { type FoundPackage } from '../generic.js';
import { isRegistryVersion, npmPackage, splitNameAt } from './package.js';

const Dependency = z.object({
  version: z.string(),
  dev: z.boolean().optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
});

export function parseDependencyTree(root: Record<string, unknown>, warnings: string[]): FoundPackage[] {
  const packages: FoundPackage[] = [];
  const stack: Array<[string, unknown]> = Object.entries(root).reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [key, value] = next;
    const parsed = Dependency.safeParse(value);
    if (!parsed.success) {
      warnings.push(`skipped dependency ${JSON.stringify(key)}: no version`);
      continue;
    }
    const found = resolveAlias(key, parsed.data.version);
    if (found) packages.push(npmPackage({ ...found, dev: parsed.data.dev === true }));
    if (parsed.data.dependencies) stack.push(...Object.entries(parsed.data.dependencies).reverse());
  }
  return packages;
}

/**
 * v1 records an alias (`"case-alias": {"version": "npm:case@1.6.3"}`) under the
 * alias; the real package is what advisories name. Git, tarball and file
 * versions are not registry releases and are left out.
 */
function resolveAlias(key: string, version: string): { name: string; version: string } | undefined {
  if (version.startsWith('npm:')) {
    const target = splitNameAt(version.slice('npm:'.length));
    return target && isRegistryVersion(target.rest) ? { name: target.name, version: target.rest } : undefined;
  }
  return isRegistryVersion(version) ? { name: key, version } : undefined;
}
