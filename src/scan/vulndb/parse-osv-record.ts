/**
 * Turns one decoded JSON value into an OSV record, or a reason it cannot be one.
 * A record without `id` or a valid `modified` is refused (it cannot be stored or
 * compared). A malformed element of a list (a severity of an unknown type, a
 * range with a bad event, an affected entry without a package name) is dropped
 * with a warning rather than losing the whole advisory: partial data still
 * matches what it can (Grype's non-fatal errors, CONVENTIONS.md rule 6).
 */
import type { z } from 'zod';
import { osvRecordSchema, type OsvRecord } from './osv-schema.js';
import { isTimestamp } from './osv-timestamp.js';

export type ParsedOsvRecord = { ok: true; record: OsvRecord; warnings: string[] } | { ok: false; reason: string };

/** Lists whose broken elements can be dropped without misreading the rest of the record. */
const DROPPABLE = new Set(['affected', 'severity', 'ranges', 'versions', 'references', 'credits', 'aliases', 'upstream', 'related']);
type PathKey = PropertyKey;

/** The two fields every record must have, checked without parsing the rest (the importer skips unchanged records on this alone). */
export function recordHead(value: unknown): { ok: true; id: string; modified: string } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const { id, modified } = value as { id?: unknown; modified?: unknown };
  if (typeof id !== 'string' || id.trim() === '') return { ok: false, reason: 'no "id"' };
  if (typeof modified !== 'string') return { ok: false, reason: `${id}: no "modified"` };
  if (!isTimestamp(modified)) return { ok: false, reason: `${id}: "modified" is not an RFC 3339 timestamp: ${JSON.stringify(modified)}` };
  return { ok: true, id, modified };
}

export function parseOsvRecord(value: unknown): ParsedOsvRecord {
  const head = recordHead(value);
  if (!head.ok) return head;
  const { id } = head;
  const first = osvRecordSchema.safeParse(value);
  if (first.success) return { ok: true, record: first.data, warnings: [] };

  const drops = new Map<string, { path: PathKey[]; message: string }>();
  for (const issue of first.error.issues) {
    const path = droppablePrefix(issue.path);
    if (!path) return { ok: false, reason: `${id}: ${describe(issue)}` };
    const key = path.join('.');
    if (!drops.has(key)) drops.set(key, { path, message: describe(issue) });
  }
  const repaired = dropElements(value as object, [...drops.values()].map((drop) => drop.path));
  const second = osvRecordSchema.safeParse(repaired);
  if (!second.success) return { ok: false, reason: `${id}: ${describe(second.error.issues[0] as z.core.$ZodIssue)}` };
  const warnings = [...drops.values()].map(({ path, message }) => `${id}: ignored ${formatPath(path)} (${message})`);
  return { ok: true, record: second.data, warnings };
}

/** The path of the deepest droppable list element containing the issue, if any. */
function droppablePrefix(path: readonly PathKey[]): PathKey[] | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    if (DROPPABLE.has(String(path[i])) && typeof path[i + 1] === 'number') return path.slice(0, i + 2);
  }
  return undefined;
}

/**
 * A deep copy of `value` without the elements at `paths`. Deepest paths go first and,
 * within one list, the highest index first, so every path still points where it did.
 */
function dropElements(value: object, paths: PathKey[][]): unknown {
  const copy = structuredClone(value) as Record<PropertyKey, unknown>;
  const ordered = [...paths].sort((a, b) => b.length - a.length || (b.at(-1) as number) - (a.at(-1) as number));
  for (const path of ordered) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = (node as Record<PropertyKey, unknown>)[key];
    if (Array.isArray(node)) node.splice(path.at(-1) as number, 1);
  }
  return copy;
}

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  return `${where}${issue.message}`;
}

function formatPath(path: readonly PathKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
