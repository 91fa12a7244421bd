/**
 * What a declared licence string is, in SPDX terms. Catalogers record licences as
 * the package declares them ("never guessed"), so they range from clean SPDX ids
 * (`MIT`) through compound expressions (`MIT OR Apache-2.0`) to free text
 * (`GPL-2+`, `public-domain`, `Artistic`). Both SBOM writers need to tell them apart:
 * SPDX only accepts valid expressions in `licenseDeclared`, CycloneDX has separate
 * slots for an id, a name and an expression.
 */
import parse from 'spdx-expression-parse';

export type DeclaredLicense =
  /** One licence from the SPDX list, nothing else (`MIT`). */
  | { kind: 'id'; text: string }
  /** A valid SPDX expression that is more than a bare id: `A OR B`, `GPL-2.0+`, `X WITH exc`, `LicenseRef-…`; `compound` when it has AND/OR. */
  | { kind: 'expression'; text: string; compound: boolean }
  /** Not a valid SPDX expression: kept verbatim, never corrected (no case fixing, no `GPL-2+` → `GPL-2.0+`). */
  | { kind: 'name'; text: string };

export function classifyLicense(raw: string): DeclaredLicense {
  const text = raw.trim();
  let tree: ReturnType<typeof parse>;
  try {
    tree = parse(text);
  } catch {
    // spdx-expression-parse throws on anything outside the grammar; that is the answer, not a failure.
    return { kind: 'name', text };
  }
  if ('conjunction' in tree) return { kind: 'expression', text, compound: true };
  const bareId = tree.plus === undefined && tree.exception === undefined && !/^(LicenseRef-|DocumentRef-)/.test(tree.license);
  // `+` and WITH bind tighter than AND/OR, so only conjunctions need parentheses when combined.
  return bareId ? { kind: 'id', text: tree.license } : { kind: 'expression', text, compound: false };
}

/** The package's licences, classified, without blanks or duplicates, in declared order. */
export function declaredLicenses(licenses: readonly string[] | undefined): DeclaredLicense[] {
  const seen = new Set<string>();
  const result: DeclaredLicense[] = [];
  for (const raw of licenses ?? []) {
    const license = classifyLicense(raw);
    if (license.text === '' || seen.has(license.text)) continue;
    seen.add(license.text);
    result.push(license);
  }
  return result;
}

/**
 * Several declared licences as one SPDX expression. A package that lists several
 * licences (Debian copyright files do, per file) is covered by all of them, hence AND;
 * operands with their own operators are parenthesised so precedence stays as written.
 */
export function conjoin(expressions: readonly { text: string; compound?: boolean }[]): string {
  if (expressions.length === 1) return expressions[0]?.text ?? '';
  return expressions.map((e) => (e.compound === true ? `(${e.text})` : e.text)).join(' AND ');
}
