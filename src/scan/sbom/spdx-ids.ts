/**
 * SPDX element ids and licence refs. Both are `idstring`s, `[A-Za-z0-9.-]+` only
 * (SPDX 2.3 clauses 7.2 and 10.1), while package names and licence texts contain
 * anything (`@babel/traverse`, `org.apache:log4j`, `GPL-2+ with Autoconf exception`),
 * so names are sanitised and kept unique within the document.
 */
import { shortHash } from './document-id.js';

/** Every run of characters outside the idstring alphabet becomes one `-`. */
export function sanitizeIdstring(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Hands out ids that are unique in one document; a clash gets a numeric suffix. */
export class IdAllocator {
  readonly #used = new Set<string>();

  allocate(prefix: string, ...parts: string[]): string {
    const body = parts.map(sanitizeIdstring).filter((part) => part !== '').join('-');
    const base = body === '' ? prefix : `${prefix}-${body}`;
    let id = base;
    for (let n = 2; this.#used.has(id); n++) id = `${base}-${n}`;
    this.#used.add(id);
    return id;
  }
}

/**
 * Licence refs for declared licences that are not SPDX expressions. The same text
 * always gets the same ref; two texts that sanitise alike are told apart by a hash
 * of the text, so a ref never silently stands for two different licences.
 */
export class LicenseRefs {
  readonly #byText = new Map<string, string>();
  readonly #texts = new Map<string, string>();

  refFor(text: string): string {
    const known = this.#byText.get(text);
    if (known !== undefined) return known;
    const sanitized = sanitizeIdstring(text);
    let ref = `LicenseRef-${sanitized === '' ? shortHash(text) : sanitized}`;
    if (this.#texts.has(ref)) ref = `${ref}-${shortHash(text)}`;
    this.#byText.set(text, ref);
    this.#texts.set(ref, text);
    return ref;
  }

  /** Declares a ref the package itself used (`LicenseRef-acme`), with the expression it appeared in. */
  declare(ref: string, appearedIn: string): void {
    if (!this.#texts.has(ref)) this.#texts.set(ref, appearedIn);
  }

  /** [ref, text] pairs, sorted by ref. */
  entries(): [string, string][] {
    return [...this.#texts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
