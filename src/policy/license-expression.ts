/**
 * Whether a package's declared licence forces a denied licence on its users.
 * Declared strings are SPDX expressions when the ecosystem records them
 * (`MIT OR GPL-3.0-only`, `(Apache-2.0 AND BSD-3-Clause)`), or short names
 * (Debian's `GPL-2+`). Semantics: `A OR B` is denied only when both sides are
 * (the user may pick the other); `A AND B` when either is; `A WITH exception`
 * is judged as `A`. A string that is not an expression is denied when it is a
 * denied name as a whole or contains a denied id (it cannot be read, so it
 * fails closed).
 */

/** Canonical form of a licence id: case-folded; GNU ids without `-only`/`-or-later` (and Debian's `GPL-2+`) spelled the SPDX 3 way. */
export function normalizeLicenseId(id: string): string {
  const trimmed = id.trim();
  const gnu = /^(A|L)?GPL-?v?(\d)(?:\.(\d))?(\+|-only|-or-later)?$/i.exec(trimmed);
  if (gnu) {
    const suffix = gnu[4]?.toLowerCase();
    const kind = suffix === '+' || suffix === '-or-later' ? 'or-later' : 'only';
    return `${(gnu[1] ?? '').toLowerCase()}gpl-${gnu[2]}.${gnu[3] ?? '0'}-${kind}`;
  }
  return trimmed.toLowerCase();
}

type Token = '(' | ')' | 'AND' | 'OR' | 'WITH' | { id: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const word of text.replace(/([()])/g, ' $1 ').split(/\s+/).filter(Boolean)) {
    const upper = word.toUpperCase();
    if (word === '(' || word === ')') tokens.push(word);
    else if (upper === 'AND' || upper === 'OR' || upper === 'WITH') tokens.push(upper);
    else tokens.push({ id: word });
  }
  return tokens;
}

/** Recursive descent over `or := and (OR and)*; and := atom (AND atom)*; atom := ( or ) | id [WITH id]`. */
class ExpressionJudge {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly denied: (id: string) => boolean,
  ) {}

  /** @returns whether the expression forces a denied licence, or undefined when it is not an expression. */
  judge(): boolean | undefined {
    const result = this.or();
    return result === undefined || this.position !== this.tokens.length ? undefined : result;
  }

  private or(): boolean | undefined {
    let result = this.and();
    while (result !== undefined && this.tokens[this.position] === 'OR') {
      this.position++;
      const next = this.and();
      result = next === undefined ? undefined : result && next;
    }
    return result;
  }

  private and(): boolean | undefined {
    let result = this.atom();
    while (result !== undefined && this.tokens[this.position] === 'AND') {
      this.position++;
      const next = this.atom();
      result = next === undefined ? undefined : result || next;
    }
    return result;
  }

  private atom(): boolean | undefined {
    const token = this.tokens[this.position++];
    if (token === '(') {
      const inner = this.or();
      return this.tokens[this.position++] === ')' ? inner : undefined;
    }
    if (token === undefined || typeof token === 'string') return undefined;
    if (this.tokens[this.position] === 'WITH') {
      const exception = this.tokens[this.position + 1];
      if (exception === undefined || typeof exception === 'string') return undefined;
      this.position += 2;
    }
    return this.denied(token.id);
  }
}

/** The denied licence ids (as the policy wrote them) that `declared` forces on its users; empty when none. */
export function deniedLicensesIn(declared: string, deniedIds: readonly string[]): string[] {
  const byCanonical = new Map(deniedIds.map((id) => [normalizeLicenseId(id), id]));
  const hits = new Set<string>();
  const denied = (id: string) => {
    const policyId = byCanonical.get(normalizeLicenseId(id));
    if (policyId !== undefined) hits.add(policyId);
    return policyId !== undefined;
  };
  const verdict = new ExpressionJudge(tokenize(declared), denied).judge();
  if (verdict === undefined) {
    // Not an expression: the whole string may be a denied name; failing that, any denied id in it counts (fail closed).
    hits.clear();
    if (!denied(declared)) for (const token of tokenize(declared)) if (typeof token === 'object') denied(token.id);
    return [...hits];
  }
  return verdict ? [...hits] : [];
}
