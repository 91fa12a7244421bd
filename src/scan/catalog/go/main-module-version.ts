/**
 * The version of a binary's main module. `go build` in a checkout records it as
 * `(devel)` (before Go 1.24, and still without a VCS tag), so — as Syft and Trivy
 * do — we look further: a version injected with `-ldflags "-X …version=v1.2.3"`
 * into the main module's own packages, then a pseudo-version from the VCS stamp
 * (`vcs.revision` + `vcs.time`, https://go.dev/ref/mod#pseudo-versions). When
 * nothing is known the version stays `(devel)`, as Syft reports it.
 */
import type { GoModule } from './modinfo.js';

export const DEVEL = '(devel)';

export type MainVersionSource = 'module' | 'ldflags' | 'vcs' | 'none';

export interface MainVersion {
  version: string;
  from: MainVersionSource;
}

/** A semantic version as people pass it to -X (a leading v is added if missing). */
const SEMVER = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

export function resolveMainVersion(main: GoModule, settings: ReadonlyMap<string, string>): MainVersion {
  if (main.version !== '' && main.version !== DEVEL) return { version: main.version, from: 'module' };
  const injected = versionFromLdflags(settings.get('-ldflags') ?? '', main.path);
  if (injected) return { version: injected, from: 'ldflags' };
  const pseudo = pseudoVersion(settings.get('vcs.revision'), settings.get('vcs.time'));
  if (pseudo) return { version: pseudo, from: 'vcs' };
  return { version: DEVEL, from: 'none' };
}

/**
 * The first `-X importpath.name=value` whose variable is named like a version
 * (`version`, `Version`, `gitVersion`, …), set in package main or in a package of
 * the main module, with a semantic-version value.
 */
export function versionFromLdflags(ldflags: string, mainPath: string): string | undefined {
  const args = splitQuoted(ldflags);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    let assignment: string | undefined;
    if (arg === '-X' || arg === '--X') assignment = args[++index];
    else if (arg.startsWith('-X=') || arg.startsWith('--X=')) assignment = arg.slice(arg.indexOf('=') + 1);
    if (!assignment) continue;
    const equals = assignment.indexOf('=');
    const symbol = equals < 0 ? assignment : assignment.slice(0, equals);
    const dot = symbol.lastIndexOf('.');
    if (equals < 0 || dot <= 0) continue;
    const pkg = symbol.slice(0, dot);
    const value = assignment.slice(equals + 1);
    const ownPackage = pkg === 'main' || pkg === mainPath || pkg.startsWith(`${mainPath}/`);
    if (ownPackage && /version$/i.test(symbol.slice(dot + 1)) && SEMVER.test(value)) return value.startsWith('v') ? value : `v${value}`;
  }
  return undefined;
}

/** `v0.0.0-yyyymmddhhmmss-abcdefabcdef` (module.PseudoVersion with no base version). */
export function pseudoVersion(revision: string | undefined, time: string | undefined): string | undefined {
  if (!revision || !time || !/^[0-9a-f]{12,}$/i.test(revision)) return undefined;
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return undefined;
  const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `v0.0.0-${stamp}-${revision.slice(0, 12).toLowerCase()}`;
}

/**
 * Splits flags as cmd/go does (cmd/internal/quoted.Split): fields separated by
 * spaces, a field may be wrapped in single or double quotes (no escapes).
 */
export function splitQuoted(text: string): string[] {
  const fields: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = text.indexOf(char, index + 1);
      if (end < 0) return fields;
      fields.push(text.slice(index + 1, end));
      index = end + 1;
      continue;
    }
    let end = index;
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    fields.push(text.slice(index, end));
    index = end;
  }
  return fields;
}
