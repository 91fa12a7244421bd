/**
 * Escaping for XML 1.0 output. Package names, versions, paths and advisory text come
 * from images and advisory feeds, so every one may contain markup characters or bytes
 * XML cannot carry at all. Characters outside XML 1.0's `Char` production (§2.2: most
 * C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot even be written as character
 * references, so they become U+FFFD; everything else round-trips exactly through a
 * conforming parser.
 */

// Anything that is not #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; `u` makes a lone surrogate one unit.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Element content. `>` too, so `]]>` cannot appear; CR as a reference, since parsers turn a literal CR into LF (§2.11). */
export function xmlText(text: string): string {
  return xmlChars(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** A double- or single-quoted attribute value. Tab, LF and CR as references, since parsers turn literal ones into spaces (§3.3.3). */
export function xmlAttribute(text: string): string {
  return xmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' };

/** `<name a="v"…>` from attribute pairs, skipping undefined values. */
export function xmlStartTag(name: string, attributes: Record<string, string | number | undefined>, selfClosing = false): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join('');
  return `<${name}${attrs}${selfClosing ? '/>' : '>'}`;
}
