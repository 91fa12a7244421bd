/**
 * `META-INF/maven/<groupId>/<artifactId>/pom.properties`, written by Maven into
 * every artifact it builds (and copied into fat jars for each shaded
 * dependency): the most precise identity a jar has. The file is in
 * java.util.Properties format (Properties.load): `key=value`, `key: value` or
 * `key value`, `#`/`!` comments, backslash continuations and escapes.
 */
export interface MavenCoordinates {
  groupId: string;
  artifactId: string;
  version: string;
}

export const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;

/** Properties.load, for the text of a properties file. */
export function parseJavaProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithContinuation(line) && index + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++index]!.replace(/^[ \t\f]+/, '');
    }
    if (endsWithContinuation(line)) line = line.slice(0, -1);
    const [key, value] = splitKeyValue(line);
    properties.set(unescape(key), unescape(value));
  }
  return properties;
}

/** Coordinates from a pom.properties at `entryName`; the path fills in a missing groupId or artifactId. */
export function coordinatesFromPomProperties(entryName: string, text: string): MavenCoordinates | undefined {
  const properties = parseJavaProperties(text);
  const fromPath = POM_PROPERTIES.exec(entryName);
  const groupId = properties.get('groupId')?.trim() || fromPath?.[1];
  const artifactId = properties.get('artifactId')?.trim() || fromPath?.[2];
  const version = properties.get('version')?.trim();
  return groupId && artifactId && version ? { groupId, artifactId, version } : undefined;
}

function endsWithContinuation(line: string): boolean {
  const backslashes = /\\*$/.exec(line)?.[0].length ?? 0;
  return backslashes % 2 === 1;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; one `=`/`:` and surrounding whitespace separate it from the value. */
function splitKeyValue(line: string): [string, string] {
  let index = 0;
  while (index < line.length) {
    const char = line[index]!;
    if (char === '\\') index += 2;
    else if (char === '=' || char === ':' || char === ' ' || char === '\t' || char === '\f') break;
    else index++;
  }
  const key = line.slice(0, Math.min(index, line.length));
  let rest = line.slice(index).replace(/^[ \t\f]+/, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
  return [key, rest];
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.length === 5) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[escape] ?? escape;
  });
}
