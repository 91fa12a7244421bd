/**
 * The main section of `META-INF/MANIFEST.MF` (JAR File Specification, "JAR
 * Manifest"): `Name: value` headers up to the first blank line, a line starting
 * with one space continuing the previous value. Header names are
 * case-insensitive, so lookups are too.
 */
export class JarManifest {
  readonly #attributes: Map<string, string>;

  private constructor(attributes: Map<string, string>) {
    this.#attributes = attributes;
  }

  static parse(text: string): JarManifest {
    const attributes = new Map<string, string>();
    let last: string | undefined;
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (line === '') {
        if (attributes.size > 0) break;
        continue;
      }
      if (line.startsWith(' ')) {
        if (last !== undefined) attributes.set(last, attributes.get(last)! + line.slice(1));
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) {
        last = undefined;
        continue;
      }
      last = line.slice(0, colon).trim().toLowerCase();
      attributes.set(last, line.slice(colon + 1).replace(/^ /, ''));
    }
    return new JarManifest(attributes);
  }

  /** The trimmed value of `name`, or undefined when absent or empty. */
  get(name: string): string | undefined {
    const value = this.#attributes.get(name.toLowerCase())?.trim();
    return value ? value : undefined;
  }
}
