/**
 * YAML as the npm lockfiles need it (yarn berry, pnpm): the failsafe schema, so
 * every scalar stays a string (`version: 1.10` must not become 1.1), repeated
 * keys tolerated (last wins — not worth refusing an inventory over), and every
 * failure of the YAML library — syntax, stack exhaustion, the alias-bomb guard
 * (a ReferenceError) — reported as MALFORMED.
 */
import { parseAllDocuments } from 'yaml';
import { malformed } from '../generic.js';

/** The plain data of each document in `text`, in order. */
export function readYamlDocuments(text: string, path: string): unknown[] {
  try {
    const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false });
    const documents = Array.isArray(parsed) ? parsed : [];
    const error = documents.flatMap((document) => document.errors)[0];
    if (error) throw error;
    return documents.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : 'unreadable YAML';
    throw malformed(path, `not valid YAML (${reason})`, error);
  }
}
