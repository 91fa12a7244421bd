/**
 * Installed packages from dpkg's database: `/var/lib/dpkg/status` (every package
 * dpkg knows, with a `Status:` field) and distroless `/var/lib/dpkg/status.d/<pkg>`
 * files (one or more stanzas of installed packages, usually without `Status:`).
 *
 * What counts as installed follows the third word of `Status: want ok state`
 * (dpkg-query(1)): a package whose files are on disk is reported, because its
 * code can be vulnerable whatever dpkg still has to do with it.
 */
import { parseControlStanzas, type ControlStanza } from './parse-control.js';
import { parseSourceField, type DpkgPackageFacts } from './package.js';

/** States whose files are unpacked on disk (dpkg-query(1), "package status"). */
const FILES_ON_DISK = new Set(['installed', 'triggers-pending', 'triggers-awaited', 'half-configured', 'unpacked']);

export interface DpkgStatusOptions {
  /** `/var/lib/dpkg/status` lists removed packages too, so a stanza without `Status:` is not installed there. */
  statusRequired: boolean;
}

export interface DpkgStatusParse {
  packages: DpkgPackageFacts[];
  warnings: string[];
  /** How many stanzas had a `Package:` field at all; zero for a file that is not a dpkg database. */
  stanzasWithPackage: number;
}

export function parseDpkgStatus(text: string, options: DpkgStatusOptions): DpkgStatusParse {
  const { stanzas, warnings } = parseControlStanzas(text);
  const packages: DpkgPackageFacts[] = [];
  let stanzasWithPackage = 0;
  for (const stanza of stanzas) {
    if (stanza.fields.has('package')) stanzasWithPackage++;
    const facts = installedPackage(stanza, options, warnings);
    if (facts) packages.push(facts);
  }
  return { packages, warnings, stanzasWithPackage };
}

function installedPackage(stanza: ControlStanza, options: DpkgStatusOptions, warnings: string[]): DpkgPackageFacts | undefined {
  const where = `stanza at line ${stanza.line}`;
  const name = stanza.fields.get('package');
  if (name === undefined) {
    warnings.push(`${where}: no Package field`);
    return undefined;
  }
  if (name === '' || /\s/.test(name)) {
    warnings.push(`${where}: invalid package name ${JSON.stringify(name)}`);
    return undefined;
  }
  const status = stanza.fields.get('status');
  if (status === undefined ? options.statusRequired : !hasFilesOnDisk(status)) return undefined;
  const version = stanza.fields.get('version');
  if (version === undefined || version === '') {
    warnings.push(`${where}: package ${name} has no Version`);
    return undefined;
  }
  if (!isDpkgVersionSyntax(version)) {
    // Trivy drops these too: a version dpkg itself flags cannot be matched reliably.
    warnings.push(`${where}: package ${name} has an invalid version ${JSON.stringify(version)}`);
    return undefined;
  }
  const facts: DpkgPackageFacts = { name, version };
  const arch = stanza.fields.get('architecture');
  if (arch) facts.arch = arch;
  const sourceField = stanza.fields.get('source');
  if (sourceField !== undefined && sourceField !== '') {
    const source = parseSourceField(sourceField);
    if (source) {
      facts.sourceName = source.name;
      if (source.version !== undefined) facts.sourceVersion = source.version;
    } else {
      warnings.push(`${where}: package ${name} has an unparsable Source ${JSON.stringify(sourceField)}`);
    }
  }
  return facts;
}

function hasFilesOnDisk(status: string): boolean {
  const words = status.trim().split(/\s+/);
  return words.length === 3 && FILES_ON_DISK.has(words[2] ?? '');
}

/**
 * The character rules of dpkg's parseversion() (lib/dpkg/parsehelp.c): numeric
 * epoch before the first `:`, revision after the last `-` of `[A-Za-z0-9.+~]`,
 * upstream of `[A-Za-z0-9.+~:-]`. An upstream not starting with a digit is only
 * a warning in dpkg, so it is accepted here.
 */
export function isDpkgVersionSyntax(version: string): boolean {
  const colon = version.indexOf(':');
  if (colon !== -1 && !/^[0-9]+$/.test(version.slice(0, colon))) return false;
  const rest = colon === -1 ? version : version.slice(colon + 1);
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? undefined : rest.slice(hyphen + 1);
  if (upstream === '' || !/^[A-Za-z0-9.+~:-]+$/.test(upstream)) return false;
  return revision === undefined || /^[A-Za-z0-9.+~]+$/.test(revision);
}
