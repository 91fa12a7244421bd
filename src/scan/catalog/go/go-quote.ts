/**
 * Go string literals as `go build` writes quoted build settings (strconv.Quote;
 * runtime/debug.BuildInfo.String quotes values with spaces, tabs, quotes or
 * newlines). Only what strconv.Unquote accepts; anything else is undefined.
 */
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The value of a double-quoted or back-quoted Go string literal, or undefined when `literal` is not one. */
export function unquoteGo(literal: string): string | undefined {
  if (literal.length < 2) return undefined;
  const quote = literal[0];
  if (literal.at(-1) !== quote) return undefined;
  const body = literal.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body.replaceAll('\r', '');
  if (quote !== '"') return undefined;
  const bytes: number[] = [];
  for (let index = 0; index < body.length; index++) {
    const char = String.fromCodePoint(body.codePointAt(index)!);
    if (char === '"' || char === '\n') return undefined;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      index += char.length - 1;
      continue;
    }
    const escape = body[++index];
    if (escape === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[escape];
    if (simple !== undefined) {
      bytes.push(simple);
    } else if (HEX_DIGITS[escape] !== undefined) {
      const digits = body.slice(index + 1, index + 1 + HEX_DIGITS[escape]);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_DIGITS[escape]) return undefined;
      const value = Number.parseInt(digits, 16);
      if (escape === 'x') bytes.push(value);
      else if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) return undefined;
      else bytes.push(...Buffer.from(String.fromCodePoint(value), 'utf8'));
      index += digits.length;
    } else if (/[0-7]/.test(escape)) {
      const digits = body.slice(index, index + 3);
      if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return undefined;
      bytes.push(Number.parseInt(digits, 8));
      index += 2;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
