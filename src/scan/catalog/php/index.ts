/**
 * PHP catalogers (packages of type `composer`, purl `pkg:composer/vendor/name@v`):
 * composer.lock and vendor/composer/installed.json. Both are reported; the
 * scanner de-duplicates by name@version@directory.
 */
import { baseName, genericCataloger } from '../generic.js';
import type { Cataloger } from '../cataloger.js';
import { parseComposerLock } from './parse-composer-lock.js';
import { isInstalledJson, parseInstalledJson } from './parse-installed-json.js';

export const composerLockCataloger: Cataloger = genericCataloger({
  name: 'composer-lock',
  version: 1,
  wants: (path) => baseName(path) === 'composer.lock',
  parse: parseComposerLock,
});

export const composerInstalledCataloger: Cataloger = genericCataloger({
  name: 'composer-installed',
  version: 1,
  wants: isInstalledJson,
  parse: parseInstalledJson,
});

export const phpCatalogers: readonly Cataloger[] = [composerLockCataloger, composerInstalledCataloger];
