/**
 * Package URL matching for exceptions and VEX products
 * (https://github.com/package-url/purl-spec): a pattern matches a purl when
 * type, namespace and name agree, its version (if it names one) is the same,
 * and each qualifier it names has the same value. `pkg:npm/minimist` matches
 * every minimist; `pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64` one build.
 */
interface ParsedPurl {
  type: string;
  path: string;
  version?: string;
  qualifiers: Map<string, string>;
}

export function parsePurl(text: string): ParsedPurl | undefined {
  const withoutSubpath = text.trim().split('#')[0] as string;
  const question = withoutSubpath.indexOf('?');
  const main = question === -1 ? withoutSubpath : withoutSubpath.slice(0, question);
  const query = question === -1 ? '' : withoutSubpath.slice(question + 1);
  const typed = /^pkg:\/*([a-zA-Z][a-zA-Z0-9.+-]*)\/(.+)$/.exec(main);
  if (!typed) return undefined;
  let rest = typed[2] as string;
  // The version follows the last `@` after the last `/` (an unencoded npm scope `@types/node` is not a version).
  const at = rest.lastIndexOf('@');
  let version: string | undefined;
  if (at > rest.lastIndexOf('/') && at > 0) {
    version = safeDecode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const path = rest.split('/').filter(Boolean).map(safeDecode).join('/');
  if (path === '') return undefined;
  const qualifiers = new Map<string, string>();
  for (const pair of query.split('&').filter(Boolean)) {
    const equals = pair.indexOf('=');
    if (equals > 0) qualifiers.set(pair.slice(0, equals).toLowerCase(), safeDecode(pair.slice(equals + 1)));
  }
  return { type: (typed[1] as string).toLowerCase(), path, ...(version === undefined || version === '' ? {} : { version }), qualifiers };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` is not an encoding: keep the text as written.
    return text;
  }
}

export function isPurl(text: string): boolean {
  return parsePurl(text) !== undefined;
}

/** Whether `purl` is described by `pattern` (see the module comment). */
export function purlMatches(pattern: string, purl: string): boolean {
  const want = parsePurl(pattern);
  const have = parsePurl(purl);
  if (!want || !have) return false;
  if (want.type !== have.type || want.path !== have.path) return false;
  if (want.version !== undefined && want.version !== have.version) return false;
  return [...want.qualifiers].every(([key, value]) => have.qualifiers.get(key) === value);
}
