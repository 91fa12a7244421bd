/**
 * npm ecosystem catalogers (packages of type `npm`, purl `pkg:npm/%40scope/name@v`).
 *
 * A lockfile and the node_modules it describes are both reported when an image
 * holds both: the lockfile says what was meant to be installed (and whether it
 * is dev-only), node_modules what is on disk. The scanner de-duplicates later
 * by name@version@directory, so the two views meet there, not here.
 */
import { baseName, genericCataloger } from '../generic.js';
import type { Cataloger } from '../cataloger.js';
import { isInstalledPackageJson, parseInstalledPackageJson } from './parse-package-json.js';
import { parsePackageLock } from './parse-package-lock.js';
import { parsePnpmLock } from './parse-pnpm-lock.js';
import { parseYarnLock } from './parse-yarn-lock.js';

export const npmPackageLockCataloger: Cataloger = genericCataloger({
  name: 'npm-package-lock',
  version: 1,
  // npm-shrinkwrap.json is a package-lock.json published with a package.
  wants: (path) => ['package-lock.json', 'npm-shrinkwrap.json'].includes(baseName(path)),
  parse: parsePackageLock,
});

export const npmInstalledCataloger: Cataloger = genericCataloger({
  name: 'npm-installed',
  version: 1,
  wants: isInstalledPackageJson,
  parse: parseInstalledPackageJson,
});

export const yarnLockCataloger: Cataloger = genericCataloger({
  name: 'yarn-lock',
  version: 1,
  wants: (path) => baseName(path) === 'yarn.lock',
  parse: parseYarnLock,
});

export const pnpmLockCataloger: Cataloger = genericCataloger({
  name: 'pnpm-lock',
  version: 1,
  wants: (path) => baseName(path) === 'pnpm-lock.yaml',
  parse: parsePnpmLock,
});

export const npmCatalogers: readonly Cataloger[] = [npmPackageLockCataloger, npmInstalledCataloger, yarnLockCataloger, pnpmLockCataloger];
