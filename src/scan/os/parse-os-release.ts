/**
 * `/etc/os-release` and `/usr/lib/os-release` (os-release(5)): `KEY=value`
 * lines, values optionally quoted with shell quoting rules (in double quotes
 * `\"`, `\\`, `` \` `` and `\$` are escapes), `#` comments, blank lines.
 */
import type { OsInfo } from './os-info.js';

export function parseOsReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    const value = match?.[1] ? unquote((match[2] ?? '').trim()) : undefined;
    // A line cut inside its quotes (a truncated file) is dropped rather than read with a stray quote.
    if (match?.[1] && value !== undefined) fields.set(match[1], value);
  }
  return fields;
}

function unquote(value: string): string | undefined {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value;
  if (value.length < 2 || !value.endsWith(quote)) return undefined;
  const inner = value.slice(1, -1);
  return quote === '"' ? inner.replace(/\\(["\\`$])/g, '$1') : inner;
}

/**
 * The OS an os-release file describes. The family is ID lowercased; without an
 * ID, the first ID_LIKE stands in (Grype does the same), and without either
 * the file says nothing usable.
 */
export function osFromOsRelease(text: string, source: string): OsInfo | undefined {
  const fields = parseOsReleaseFields(text);
  const family = (fields.get('ID') || fields.get('ID_LIKE')?.split(/\s+/)[0] || '').toLowerCase();
  // os-release(5): IDs are lowercase letters, digits, `.`, `_` and `-`; anything else is not an ID.
  if (!/^[a-z0-9._-]+$/.test(family)) return undefined;
  const info: OsInfo = { family, version: fields.get('VERSION_ID') ?? '', source };
  const codename = fields.get('VERSION_CODENAME') || fields.get('UBUNTU_CODENAME');
  if (codename) info.codename = codename;
  const name = fields.get('PRETTY_NAME') || fields.get('NAME');
  if (name) info.name = name;
  return info;
}
