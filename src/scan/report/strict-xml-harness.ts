/**
 * A small, strict XML 1.0 well-formedness checker for tests (no XML parser is
 * installed). It accepts the subset Airlock writes and rejects anything a conforming
 * parser would: illegal characters (§2.2), bad names, unquoted or duplicate attributes,
 * `<` or a bare `&` in values, unknown entities, references to illegal characters,
 * `]]>` in text, unbalanced tags, more than one root. It returns the document tree with
 * references resolved and line ends / attribute whitespace normalised as §2.11 and
 * §3.3.3 require, so tests can check that values round-trip.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAME = /^[A-Za-z_:][A-Za-z0-9._:-]*/;
const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseStrictXml(source: string): XmlElement {
  const illegal = ILLEGAL_CHAR.exec(source);
  if (illegal !== null) throw new Error(`illegal character U+${(illegal[0].codePointAt(0) ?? 0).toString(16)} at ${illegal.index}`);
  const xml = source.replace(/\r\n?/g, '\n');
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 30))}`);
  };
  const skipSpace = (): void => {
    while (/[ \t\n]/.test(xml[pos] ?? '')) pos++;
  };
  const skipMisc = (): void => {
    for (skipSpace(); xml.startsWith('<!--', pos); skipSpace()) {
      const end = xml.indexOf('-->', pos + 4);
      if (end === -1 || xml.slice(pos + 4, end).includes('--')) fail('bad comment');
      pos = end + 3;
    }
  };
  const name = (): string => {
    const match = NAME.exec(xml.slice(pos));
    if (match === null) return fail('expected a name');
    pos += match[0].length;
    return match[0];
  };
  const resolve = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (ref: string, body: string | undefined) => {
      if (body === undefined) return fail(`bare & in ${JSON.stringify(raw)}`);
      const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
      if (numeric !== null) {
        const char = String.fromCodePoint(numeric[1] === undefined ? Number(numeric[2]) : parseInt(numeric[1], 16));
        if (ILLEGAL_CHAR.test(char)) fail(`reference to an illegal character ${ref}`);
        return char;
      }
      return ENTITIES[body] ?? fail(`unknown entity ${ref}`);
    });
  const element = (): XmlElement => {
    if (xml[pos] !== '<') fail('expected <');
    pos++;
    const el: XmlElement = { name: name(), attributes: {}, children: [] };
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (xml[pos] === '>') break;
      if (pos === before) fail('expected whitespace before an attribute');
      const attr = name();
      skipSpace();
      if (xml[pos] !== '=') fail('expected =');
      pos++;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted value');
      const end = xml.indexOf(quote, pos + 1);
      if (end === -1) fail('unterminated attribute');
      const raw = xml.slice(pos + 1, end);
      if (raw.includes('<')) fail('< in attribute value');
      if (attr in el.attributes) fail(`duplicate attribute ${attr}`);
      // §3.3.3: literal whitespace characters become spaces; references were resolved after, so &#10; survives.
      el.attributes[attr] = resolve(raw.replace(/[\t\n]/g, ' '));
      pos = end + 1;
    }
    pos++;
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next === -1) fail(`unclosed <${el.name}>`);
      const text = xml.slice(pos, next);
      if (text.includes(']]>')) fail(']]> in text');
      if (text !== '') el.children.push(resolve(text));
      pos = next;
      if (xml.startsWith('</', pos)) {
        pos += 2;
        if (name() !== el.name) fail(`mismatched end tag for <${el.name}>`);
        skipSpace();
        if (xml[pos] !== '>') fail('expected >');
        pos++;
        return el;
      }
      if (xml.startsWith('<!--', pos)) skipMisc();
      else if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos);
        if (end === -1) fail('unterminated CDATA');
        el.children.push(xml.slice(pos + 9, end));
        pos = end + 3;
      } else el.children.push(element());
    }
  };
  const declaration = /^<\?xml version="1\.[0-9]+"( encoding="[A-Za-z][A-Za-z0-9._-]*")?( standalone="(yes|no)")? ?\?>/.exec(xml);
  if (declaration !== null) pos = declaration[0].length;
  else if (xml.startsWith('<?')) fail('bad XML declaration');
  skipMisc();
  const root = element();
  skipMisc();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

/** Child elements with this name. */
export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The element's text content, children included. */
export function textContent(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}
