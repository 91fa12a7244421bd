/**
 * Python catalogers (packages of type `python`, purl `pkg:pypi/<PEP 503 name>@v`,
 * names reported as written). Installed distributions and lockfiles are both
 * reported; the scanner de-duplicates by name@version@directory.
 */
import { baseName, genericCataloger } from '../generic.js';
import type { Cataloger } from '../cataloger.js';
import { isPythonMetadata, parsePythonMetadata } from './parse-metadata.js';
import { parsePipfileLock } from './parse-pipfile-lock.js';
import { parsePoetryLock } from './parse-poetry-lock.js';
import { isRequirementsFile, parseRequirements } from './parse-requirements.js';

export const pythonInstalledCataloger: Cataloger = genericCataloger({
  name: 'python-installed',
  version: 1,
  wants: isPythonMetadata,
  parse: parsePythonMetadata,
});

export const poetryLockCataloger: Cataloger = genericCataloger({
  name: 'poetry-lock',
  version: 1,
  wants: (path) => baseName(path) === 'poetry.lock',
  parse: parsePoetryLock,
});

export const pipfileLockCataloger: Cataloger = genericCataloger({
  name: 'pipfile-lock',
  version: 1,
  wants: (path) => baseName(path) === 'Pipfile.lock',
  parse: parsePipfileLock,
});

export const pipRequirementsCataloger: Cataloger = genericCataloger({
  name: 'pip-requirements',
  version: 1,
  wants: isRequirementsFile,
  parse: parseRequirements,
});

export const pythonCatalogers: readonly Cataloger[] = [pythonInstalledCataloger, poetryLockCataloger, pipfileLockCataloger, pipRequirementsCataloger];
