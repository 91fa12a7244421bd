/**
 * Version range expressions used by `package` and `os` conditions:
 * `<1.2.6`, `>=1.0 <2.0`, `>=1.0, <2.0`, `1.2.3`, `<1.0 || >=3.0`.
 * `||` separates alternatives; inside one, comparators separated by spaces or
 * commas must all hold. A bare version means `=`. Ordering is not ours: the
 * caller passes the comparator for the ecosystem, so `1.2.10 > 1.2.9` in npm
 * and `1:2.0-1 > 2.0-1` in Debian come from the same code the matcher uses.
 */
export type RangeOperator = '<' | '<=' | '>' | '>=' | '=' | '!=';

export interface RangeComparator {
  operator: RangeOperator;
  version: string;
}

export interface VersionRange {
  /** The expression as written, for messages and diffs. */
  text: string;
  /** Any alternative may hold; every comparator of an alternative must hold. */
  alternatives: RangeComparator[][];
}

export type ParsedRange = { ok: true; range: VersionRange } | { ok: false; message: string };

// An operator (optionally followed by spaces) and a version made of anything but
// spaces, commas, operator characters and `|`.
const COMPARATOR = /^(<=|>=|!=|==|<|>|=)?\s*([^\s,<>=!|]+)$/;
const TOKEN = /(<=|>=|!=|==|<|>|=)?\s*[^\s,<>=!|]+|[^\s,]+/g;

export function parseVersionRange(text: string): ParsedRange {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'a version range must not be empty (e.g. "<1.2.6" or ">=1.0 <2.0")' };
  const alternatives: RangeComparator[][] = [];
  for (const alternative of trimmed.split('||')) {
    const tokens = alternative.match(TOKEN) ?? [];
    if (tokens.length === 0) return { ok: false, message: `empty alternative in "${trimmed}": write "<1.0 || >=3.0"` };
    const comparators: RangeComparator[] = [];
    for (const token of tokens) {
      const match = COMPARATOR.exec(token.trim());
      if (!match) return { ok: false, message: `cannot read "${token.trim()}" in "${trimmed}": expected an operator (<, <=, >, >=, =, !=) followed by a version` };
      const operator = match[1] === undefined || match[1] === '==' ? '=' : (match[1] as RangeOperator);
      comparators.push({ operator, version: match[2] as string });
    }
    alternatives.push(comparators);
  }
  return { ok: true, range: { text: trimmed, alternatives } };
}

/** Whether `version` lies in `range`, ordered by `compare`. */
export function inRange(range: VersionRange, version: string, compare: (a: string, b: string) => number): boolean {
  return range.alternatives.some((comparators) => comparators.every((comparator) => holds(comparator, compare(version, comparator.version))));
}

function holds(comparator: RangeComparator, order: number): boolean {
  switch (comparator.operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
  }
}
