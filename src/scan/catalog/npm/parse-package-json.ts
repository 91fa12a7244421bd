/**
 * Installed npm packages: the package.json at the top of each
 * `node_modules/<name>/` or `node_modules/@scope/<name>/` directory. Deeper
 * package.json files (`lib/package.json` with only `{"type": "module"}`, test
 * fixtures shipped inside packages) describe no package and are not wanted.
 * The project's own package.json is outside node_modules, so never read; a
 * `private` package inside node_modules is a linked workspace package (private
 * packages cannot be published) and is skipped too — its name could collide
 * with an unrelated registry package and draw false findings.
 */
import { z } from 'zod';
import { parseJson, pathSegments, validate, type ParseInput, type ParseOutput } from '../generic.js';
import { npmLicenses, npmPackage } from './package.js';

const PackageJson = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  private: z.boolean().optional(),
  license: z.unknown().optional(),
  licenses: z.unknown().optional(),
});

/** True for `…/node_modules/<name>/package.json` and `…/node_modules/@scope/<name>/package.json`. */
export function isInstalledPackageJson(path: string): boolean {
  const segments = pathSegments(path);
  const count = segments.length;
  if (segments[count - 1] !== 'package.json') return false;
  if (segments[count - 3] === 'node_modules') return !(segments[count - 2] ?? '').startsWith('@');
  return segments[count - 4] === 'node_modules' && (segments[count - 3] ?? '').startsWith('@');
}

export function parseInstalledPackageJson(input: ParseInput): ParseOutput {
  const manifest = validate(PackageJson, parseJson(input.text, input.path), input.path);
  // An aliased install (`node_modules/string-width-cjs`) keeps the real name in the manifest.
  const name = manifest.name ?? directoryName(input.path);
  if (manifest.private === true) return { packages: [] };
  if (!manifest.version) return { packages: [], warnings: [`${input.path}: package ${name} has no version`] };
  const licenses = npmLicenses(manifest.license, manifest.licenses);
  return { packages: [npmPackage({ name, version: manifest.version, licenses })] };
}

function directoryName(path: string): string {
  const segments = pathSegments(path);
  const dir = segments[segments.length - 2] ?? '';
  const scope = segments[segments.length - 3] ?? '';
  return scope.startsWith('@') ? `${scope}/${dir}` : dir;
}
