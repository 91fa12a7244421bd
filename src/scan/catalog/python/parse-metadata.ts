/**
 * Installed Python distributions: the core metadata file of each one —
 * `*.dist-info/METADATA` (wheels, pip), `*.egg-info/PKG-INFO` and
 * `*.egg/EGG-INFO/PKG-INFO` (setuptools), or a single-file `*.egg-info`
 * (distutils, e.g. Debian's `Python-2.7.egg-info`). All are RFC 822 style
 * headers followed by the long description, which is never read.
 */
import type { ParseInput, ParseOutput } from '../generic.js';
import { pythonPackage } from './package.js';

const METADATA_PATHS = [/\.dist-info\/METADATA$/i, /\.egg-info\/PKG-INFO$/i, /\/EGG-INFO\/PKG-INFO$/, /\.egg-info$/i];

export function isPythonMetadata(path: string): boolean {
  return METADATA_PATHS.some((pattern) => pattern.test(path));
}

export function parsePythonMetadata(input: ParseInput): ParseOutput {
  const headers = readHeaders(input.text);
  const name = headers.get('name')?.[0]?.trim();
  const version = headers.get('version')?.[0]?.trim();
  if (!name || !version) return { packages: [], warnings: [`${input.path}: no Name and Version headers, not a distribution's metadata`] };
  return { packages: [pythonPackage({ name, version, licenses: licensesOf(headers) })] };
}

/** Header fields by lower-cased name (repeatable: `Classifier`); continuation lines start with whitespace. */
export function readHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: { values: string[]; index: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // the body (long description) starts here
    if (/^[ \t]/.test(line)) {
      if (last) last.values[last.index] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(key, values);
    last = { values, index: values.length - 1 };
  }
  return headers;
}

/**
 * Licences as declared, most precise first: `License-Expression` (PEP 639,
 * SPDX), else a one-line `License` field (multi-line ones hold the whole
 * licence text, not a name), else the `License ::` trove classifiers.
 */
function licensesOf(headers: Map<string, string[]>): string[] | undefined {
  const expression = headers.get('license-expression')?.[0];
  if (expression) return [expression];
  const license = headers.get('license')?.[0];
  if (license && license !== 'UNKNOWN' && !license.includes('\n')) return [license];
  const classifiers = (headers.get('classifier') ?? [])
    .filter((classifier) => classifier.startsWith('License ::'))
    .map((classifier) => classifier.split('::').pop()?.trim() ?? '')
    .filter((name) => name !== '' && name !== 'OSI Approved');
  return classifiers.length > 0 ? [...new Set(classifiers)] : undefined;
}
