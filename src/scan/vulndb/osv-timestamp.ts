/**
 * OSV timestamps (RFC 3339, UTC, `Z`) compared exactly. Records carry 0 to 9
 * fraction digits (`…:53Z`, `…:53.123456Z`), so neither string order nor
 * Date (milliseconds) orders them right; this canonical key does.
 */
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/** A key that sorts like the instant: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`; undefined when the text is not RFC 3339. */
export function timestampKey(text: string): string | undefined {
  const match = RFC3339.exec(text.trim());
  if (!match) return undefined;
  const [, date, time, fraction = '', zone] = match;
  const nanos = fraction.padEnd(9, '0');
  if (zone === 'Z' || zone === 'z') {
    return Number.isNaN(Date.parse(`${date}T${time}Z`)) ? undefined : `${date}T${time}.${nanos}Z`;
  }
  const ms = Date.parse(`${date}T${time}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${nanos}Z`;
}

export function isTimestamp(text: string): boolean {
  return timestampKey(text) !== undefined;
}

/** Orders two OSV timestamps; text that is not a timestamp sorts first. */
export function compareTimestamps(a: string, b: string): number {
  const left = timestampKey(a) ?? '';
  const right = timestampKey(b) ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}
