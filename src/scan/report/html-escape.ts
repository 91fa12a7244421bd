/**
 * Escaping for the HTML report. Every string from a scan (package names, versions,
 * paths, licences, advisory summaries and references) comes from an image or an
 * advisory feed, so an attacker may choose it: all of it goes through `html`, and a
 * link target through `webHref`, which lets only http(s) URLs become links.
 */

/**
 * Code points HTML reports as parse errors ("preprocessing the input stream"): controls other than tab,
 * LF, CR and space, noncharacters, and lone surrogates (which cannot be encoded as
 * UTF-8 at all). They carry no meaning in a report, so they become U+FFFD and the
 * document stays valid whatever the image held.
 */
const NOT_HTML_CHAR = /[^\t\n\r\u0020-\u007E\u00A0-\u{10FFFF}]|\p{Noncharacter_Code_Point}|\p{Cs}/gu;

/**
 * Explicit bidirectional controls. In a name or path they can make text read
 * differently from what it is (`evil\u202Egpj.exe` shows as `evilexe.jpg`, the
 * "Trojan Source" trick), so they are shown as what they are: `[U+202E]`.
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe both as element content and inside a quoted attribute value: the five
 * markup characters become references, so nothing can open a tag, close an attribute
 * or start an entity; bidi controls are made visible. Never used inside `<script>`
 * or `<style>`, whose content is not parsed for references: the report writes no
 * report data there.
 */
export function html(text: string | number): string {
  return String(text)
    .replace(NOT_HTML_CHAR, '\uFFFD')
    .replace(BIDI_CONTROL, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`)
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * The URL to link to, or undefined when `text` must not be a link: only absolute
 * http(s) URLs without credentials (so `javascript:`, `data:`, `vbscript:`, relative
 * paths and `https://trusted@evil/` stay text). Returned as the URL parser serialises
 * it, so what the browser follows is what the report shows. Escape it with `html`.
 */
export function webHref(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/** `<a>` to an http(s) URL, opened without a referrer; plain escaped text when `href` is not one. */
export function link(href: string, label: string): string {
  const target = webHref(href);
  if (target === undefined) return html(label);
  return `<a href="${html(target)}" rel="noopener noreferrer external" target="_blank">${html(label)}</a>`;
}
