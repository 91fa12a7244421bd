/**
 * pip requirements files. Only exact pins (`name==1.2.3`, `name===1.2.3`) say
 * what is installed; ranges, wildcards, URLs and editable installs do not, so
 * they are skipped and named in one warning (a policy may want every
 * dependency pinned). Options (`-r`, `--hash`, `--index-url`), comments and
 * environment markers are understood and dropped.
 */
import type { FoundPackage, ParseInput, ParseOutput } from '../generic.js';
import { PINNED_VERSION, PROJECT_NAME, pythonPackage } from './package.js';

/** `name[extras] == version` once comments, markers and options are gone. */
const PINNED = /^([^\s[=<>!~;@]+)\s*(?:\[[^\]]*\])?\s*={2,3}\s*(\S+)$/;
/** The start of any requirement: a project name followed by a specifier, extras, marker or URL. */
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:$|[[=<>!~;@])/;

export function isRequirementsFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.endsWith('.txt') && base.includes('requirements');
}

export function parseRequirements(input: ParseInput): ParseOutput {
  const packages: FoundPackage[] = [];
  const unpinned: string[] = [];
  const unparsable: number[] = [];
  for (const { text, line } of logicalLines(input.text)) {
    const requirement = stripNoise(text);
    if (requirement === '' || requirement.startsWith('-')) continue;
    const pinned = PINNED.exec(requirement);
    const name = pinned?.[1];
    const version = pinned?.[2];
    if (name && version && PROJECT_NAME.test(name) && PINNED_VERSION.test(version)) {
      packages.push(pythonPackage({ name, version }));
      continue;
    }
    const loose = REQUIREMENT.exec(requirement);
    if (loose?.[1] && PROJECT_NAME.test(loose[1])) unpinned.push(loose[1]);
    else unparsable.push(line);
  }
  const warnings: string[] = [];
  if (unpinned.length > 0) warnings.push(`skipped requirement(s) not pinned to one version with ==: ${[...new Set(unpinned)].join(', ')}`);
  if (unparsable.length > 0) warnings.push(`skipped unparsable line(s) ${unparsable.join(', ')}`);
  return { packages, warnings };
}

/** Joins backslash continuations, keeping the number of the first physical line. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const result: Array<{ text: string; line: number }> = [];
  let pending: { text: string; line: number } | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const current: { text: string; line: number } = pending ?? { text: '', line: index + 1 };
    const continued = raw.endsWith('\\');
    current.text += continued ? `${raw.slice(0, -1)} ` : raw;
    pending = continued ? current : undefined;
    if (!continued) result.push(current);
  }
  if (pending) result.push(pending);
  return result;
}

/** Drops the comment (pip allows `#` right after a pin), the environment marker and per-requirement options. */
function stripNoise(line: string): string {
  const hash = line.indexOf('#');
  let text = hash >= 0 ? line.slice(0, hash) : line;
  const marker = text.indexOf(';');
  if (marker >= 0) text = text.slice(0, marker);
  const option = text.search(/\s--?[a-z]/);
  if (option >= 0) text = text.slice(0, option);
  return text.trim();
}
