/**
 * Stanzas of a Debian control file (deb822, as dpkg writes `/var/lib/dpkg/status`
 * and distroless writes `status.d/*`): `Field: value` lines, continuation lines
 * starting with a space or tab, stanzas separated by blank lines. Field names are
 * case-insensitive (deb-control(5)), so they are kept lowercased.
 *
 * Odd lines never abort: each becomes a warning naming its line number, and the
 * stanza around it keeps the fields that did parse.
 */

export interface ControlStanza {
  /** Lowercased field name → value; continuation lines are joined with `\n`, each trimmed. */
  fields: Map<string, string>;
  /** 1-based line number where the stanza starts, for warnings. */
  line: number;
}

export interface ControlParse {
  stanzas: ControlStanza[];
  warnings: string[];
}

const FIELD = /^([!-9;-~][!-9;-~]*):(.*)$/;

export function parseControlStanzas(text: string): ControlParse {
  const stanzas: ControlStanza[] = [];
  const warnings: string[] = [];
  let current: ControlStanza | undefined;
  let lastField: string | undefined;
  // Continuations of a dropped duplicate field are dropped with it, silently.
  let skipping = false;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    const lineNumber = index + 1;
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      skipping = false;
      continue;
    }
    // deb822 allows comment lines; dpkg never writes them into its database.
    if (line.startsWith('#')) continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (skipping) continue;
      if (current === undefined || lastField === undefined) {
        warnings.push(`line ${lineNumber}: continuation line outside a field`);
        continue;
      }
      const previous = current.fields.get(lastField) ?? '';
      current.fields.set(lastField, previous === '' ? line.trim() : `${previous}\n${line.trim()}`);
      continue;
    }
    const match = FIELD.exec(line);
    if (!match) {
      warnings.push(`line ${lineNumber}: not a "Field: value" line`);
      lastField = undefined;
      skipping = true;
      continue;
    }
    if (current === undefined) {
      current = { fields: new Map(), line: lineNumber };
      stanzas.push(current);
    }
    const name = (match[1] ?? '').toLowerCase();
    if (current.fields.has(name)) {
      warnings.push(`line ${lineNumber}: duplicate field ${match[1] ?? name}, the first one is kept`);
      lastField = undefined;
      skipping = true;
      continue;
    }
    skipping = false;
    current.fields.set(name, (match[2] ?? '').trim());
    lastField = name;
  }
  return { stanzas, warnings };
}
