/**
 * pnpm-lock.yaml, lockfile formats 5.x (`/name/1.0.0_peer`), 6.x
 * (`/name@1.0.0(peer@1)`) and 9.x (`name@1.0.0`, peers only in `snapshots`).
 * 5.x and 6.x mark dev-ness per package; 9.x does not, so it is derived from
 * the importers' dependency graph (pnpm-dev-graph.ts).
 */
import { z } from 'zod';
import { malformed, validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { isRegistryVersion, npmPackage, splitNameAt } from './package.js';
import { prodPackageKeys, stripPeerSuffix } from './pnpm-dev-graph.js';
import { readYamlDocuments } from './read-yaml.js';

const StringMap = z.record(z.string(), z.string());
const DependencyMap = z.record(z.string(), z.union([z.string(), z.object({ version: z.string() })]));

const PnpmLock = z.object({
  lockfileVersion: z.string().optional(),
  packages: z.record(z.string(), z.unknown()).optional(),
  importers: z
    .record(z.string(), z.object({ dependencies: DependencyMap.optional(), devDependencies: DependencyMap.optional(), optionalDependencies: DependencyMap.optional() }))
    .optional(),
  snapshots: z.record(z.string(), z.object({ dependencies: StringMap.optional(), optionalDependencies: StringMap.optional() }).nullable()).optional(),
});

const PackageEntry = z
  .object({ name: z.string().optional(), version: z.string().optional(), dev: z.enum(['true', 'false']).optional() })
  .nullable()
  .transform((entry) => entry ?? {});

export function parsePnpmLock(input: ParseInput): ParseOutput {
  const lock = validate(PnpmLock, lastDocument(input), input.path);
  const major = Number.parseFloat(lock.lockfileVersion ?? '');
  if (!Number.isFinite(major)) throw malformed(input.path, `unknown lockfileVersion ${JSON.stringify(lock.lockfileVersion)}`);
  const warnings: string[] = [];
  const prod = major >= 9 && lock.importers ? prodPackageKeys(lock) : undefined;
  const packages: FoundPackage[] = [];
  for (const [key, entry] of validEntries(PackageEntry, Object.entries(lock.packages ?? {}), warnings)) {
    const id = entry.name !== undefined && entry.version !== undefined ? { name: entry.name, version: entry.version } : parseKey(key, major);
    if (!id) {
      warnings.push(`skipped package ${JSON.stringify(key)}: cannot tell its name and version`);
      continue;
    }
    const version = entry.version ?? id.version;
    if (!isRegistryVersion(version)) continue; // local directories and git checkouts without a version
    // 5.x/6.x omit `dev` for a package both dev and production needs: production.
    const dev = prod ? !prod.has(stripPeerSuffix(key)) : entry.dev === 'true';
    packages.push(npmPackage({ name: id.name, version, dev }));
  }
  return { packages, warnings };
}

/**
 * pnpm 11 may prepend an "env lockfile" document (its own packageManager
 * dependencies) before the project's lockfile; the project's is the last one.
 */
function lastDocument(input: ParseInput): unknown {
  const documents = readYamlDocuments(input.text, input.path);
  return documents[documents.length - 1] ?? {};
}

/** The name and version a `packages` key encodes, by lockfile format. */
export function parseKey(key: string, major: number): { name: string; version: string } | undefined {
  const bare = stripPeerSuffix(key.startsWith('/') ? key.slice(1) : key);
  if (major >= 6) {
    const split = splitNameAt(bare);
    return split ? { name: split.name, version: split.rest } : undefined;
  }
  // 5.x: `name/version` or `@scope/name/version`, peers appended as `_peer@1.0.0`.
  const segments = bare.split('/');
  const nameLength = segments[0]?.startsWith('@') ? 2 : 1;
  if (segments.length <= nameLength) return undefined;
  const version = segments.slice(nameLength).join('/').split('_')[0] ?? '';
  return { name: segments.slice(0, nameLength).join('/'), version };
}
