/**
 * Strings from images and advisory feeds may hold lone UTF-16 surrogates (a name
 * decoded badly, a truncated emoji). They cannot be encoded as UTF-8, so URL encoding
 * throws on them and UTF-8 writers emit replacement bytes; replacing them once, here,
 * keeps every writer total.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
