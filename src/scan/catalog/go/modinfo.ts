/**
 * The module info text Go embeds in binaries (runtime/debug.ParseBuildInfo):
 * tab-separated lines `path`, `mod` (main module), `dep`, `=>` (replacement of the
 * module on the line before) and `build` (settings, `key=value`, quoted when
 * needed). Unlike Go's parser, one bad line does not discard the rest: it
 * becomes a warning.
 */
import { unquoteGo } from './go-quote.js';

export interface GoModule {
  path: string;
  version: string;
  /** The go.sum hash (`h1:…`), when recorded. */
  sum?: string;
  replace?: GoModule;
}

export interface GoBuildInfo {
  /** The toolchain, e.g. `go1.19.8`. */
  goVersion: string;
  /** The main package's import path (`command-line-arguments` for `go build file.go`). */
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  /** Build settings in order (`-ldflags`, `GOARCH`, `vcs.revision`, …); later keys win. */
  settings: Map<string, string>;
}

/**
 * The module info between cmd/go's 16-byte sentinels (modload.infoStart/infoEnd),
 * or empty when the framing is missing — debug/buildinfo's exact check.
 */
export function stripModinfoFraming(framed: Buffer): Buffer {
  if (framed.length >= 33 && framed[framed.length - 17] === 0x0a) return framed.subarray(16, framed.length - 16);
  return Buffer.alloc(0);
}

export function parseModinfo(goVersion: string, text: string, warnings: string[]): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [], settings: new Map() };
  let last: GoModule | undefined;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line === '') return;
    const tab = line.indexOf('\t');
    const kind = tab < 0 ? line : line.slice(0, tab);
    const rest = tab < 0 ? '' : line.slice(tab + 1);
    const problem = (message: string) => warnings.push(`Go module info line ${index + 1}: ${message}: ${JSON.stringify(line.slice(0, 200))}`);
    switch (kind) {
      case 'path':
        info.path = rest;
        break;
      case 'mod':
      case 'dep': {
        const module = parseModule(rest);
        if (!module) return problem('expected path, version and optional sum');
        if (kind === 'mod') info.main = module;
        else info.deps.push(module);
        last = module;
        break;
      }
      case '=>': {
        const replacement = rest.split('\t');
        if (replacement.length !== 3 || replacement[0] === '') return problem('expected path, version and sum of the replacement');
        if (!last) return problem('replacement without a module before it');
        last.replace = withSum({ path: replacement[0]!, version: replacement[1]! }, replacement[2]!);
        last = undefined;
        break;
      }
      case 'build': {
        const setting = parseSetting(rest);
        if (!setting) return problem('unreadable build setting');
        info.settings.set(setting[0], setting[1]);
        break;
      }
      default:
        problem('unknown line');
    }
  });
  return info;
}

function parseModule(rest: string): GoModule | undefined {
  const columns = rest.split('\t');
  if ((columns.length !== 2 && columns.length !== 3) || columns[0] === '') return undefined;
  return withSum({ path: columns[0]!, version: columns[1]! }, columns[2] ?? '');
}

function withSum(module: GoModule, sum: string): GoModule {
  return sum === '' ? module : { ...module, sum };
}

/** `key=value`, where a key or value starting with a quote is a Go string literal. */
function parseSetting(setting: string): [string, string] | undefined {
  let key: string | undefined;
  let raw: string;
  if (setting.startsWith('"') || setting.startsWith('`')) {
    const end = quotedPrefixEnd(setting);
    key = end === undefined ? undefined : unquoteGo(setting.slice(0, end));
    if (end === undefined || setting[end] !== '=') return undefined;
    raw = setting.slice(end + 1);
  } else {
    const equals = setting.indexOf('=');
    if (equals <= 0) return undefined;
    key = setting.slice(0, equals);
    raw = setting.slice(equals + 1);
  }
  if (key === undefined || key === '') return undefined;
  if (!raw.startsWith('"') && !raw.startsWith('`')) return [key, raw];
  const value = unquoteGo(raw);
  return value === undefined ? undefined : [key, value];
}

/** Where the quoted literal at the start of `text` ends (exclusive), honouring backslash escapes in "…". */
function quotedPrefixEnd(text: string): number | undefined {
  const quote = text[0];
  for (let index = 1; index < text.length; index++) {
    if (quote === '"' && text[index] === '\\') index++;
    else if (text[index] === quote) return index + 1;
  }
  return undefined;
}
