/**
 * Every cataloger Airlock runs, in one explicit list (no self-registration).
 * Adding an ecosystem: a folder under catalog/, a line here, fixtures, and a
 * comparator in versions/comparators.ts (docs/adding-an-ecosystem.md).
 */
import type { Cataloger } from './cataloger.js';

export const catalogers: readonly Cataloger[] = uniqueByName([]);

function uniqueByName(list: readonly Cataloger[]): readonly Cataloger[] {
  const seen = new Set<string>();
  for (const cataloger of list) {
    if (seen.has(cataloger.name)) throw new Error(`two catalogers are named ${cataloger.name}`);
    seen.add(cataloger.name);
  }
  return Object.freeze([...list]);
}
