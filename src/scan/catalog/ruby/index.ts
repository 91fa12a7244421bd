/**
 * Ruby catalogers (packages of type `gem`, purl `pkg:gem/name@v`): Gemfile.lock
 * and the specifications of installed gems. Both are reported; the scanner
 * de-duplicates by name@version@directory.
 */
import { baseName, genericCataloger } from '../generic.js';
import type { Cataloger } from '../cataloger.js';
import { parseGemfileLock } from './parse-gemfile-lock.js';
import { isInstalledGemspec, parseGemspec } from './parse-gemspec.js';

export const gemfileLockCataloger: Cataloger = genericCataloger({
  name: 'gemfile-lock',
  version: 1,
  // gems.locked is the lockfile's name when the Gemfile is called gems.rb.
  wants: (path) => ['Gemfile.lock', 'gems.locked'].includes(baseName(path)),
  parse: parseGemfileLock,
});

export const gemspecCataloger: Cataloger = genericCataloger({
  name: 'gem-installed',
  version: 1,
  wants: isInstalledGemspec,
  parse: parseGemspec,
});

export const rubyCatalogers: readonly Cataloger[] = [gemfileLockCataloger, gemspecCataloger];
