/** How a Python distribution becomes an Airlock package: reported under its name as written, purl under the PEP 503 normalised name. */
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';

export interface PythonPackageFacts {
  name: string;
  version: string;
  dev?: boolean;
  licenses?: string[];
}

/**
 * PEP 503: lower case, every run of `-`, `_` and `.` becomes one `-`. PyPI and
 * the purl-spec (`pkg:pypi/`) both name projects this way; `Django`, `django`
 * and `DJANGO` are one project.
 */
export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function pythonPackage(facts: PythonPackageFacts): FoundPackage {
  const purl = purlOf({ type: 'pypi', name: normalisePythonName(facts.name), version: facts.version });
  return withOptional<FoundPackage>({ name: facts.name, version: facts.version, type: 'python', purl }, { dev: facts.dev, licenses: facts.licenses });
}

/** PEP 508 project names: letters and digits, with `.`, `_`, `-` inside. */
export const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** A version a pin can name: PEP 440 characters (incl. local `+gcr.2` and epochs `1!2.0`), no wildcards. */
export const PINNED_VERSION = /^[A-Za-z0-9](?:[A-Za-z0-9.+!_-]*[A-Za-z0-9])?$/;
