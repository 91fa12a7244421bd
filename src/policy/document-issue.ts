/**
 * Validation problems as a policy author reads them: a YAML path
 * (`spec.rules[2].deny.severity`) and a message saying what was expected.
 * zod's issues are reworded here so every schema in the part speaks alike.
 */
import type { z } from 'zod';

export type DocumentPath = ReadonlyArray<string | number>;

export interface DocumentIssue {
  path: DocumentPath;
  message: string;
  /** Point at the key itself (an unknown key) rather than its value. */
  atKey?: boolean;
}

/** `spec.rules[2].deny.severity`; the empty path is `(document)`. */
export function formatPath(path: DocumentPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text === '' ? '(document)' : text;
}

export function prefixIssues(prefix: DocumentPath, issues: readonly DocumentIssue[]): DocumentIssue[] {
  return issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
}

/** Rewords zod issues; `input` is what was validated, to tell a missing key from a wrong value. */
export function issuesFromZod(error: z.ZodError, input: unknown): DocumentIssue[] {
  return error.issues.flatMap((issue): DocumentIssue[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"`, atKey: true }));
    const expected = expectation(issue);
    if (!isPresent(input, path)) return [{ path, message: expected ? `required: ${expected}` : 'required' }];
    return [{ path, message: expected ?? issue.message }];
  });
}

function expectation(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${String(issue.values[0])}` : `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `expected ${article(issue.expected === 'int' ? 'whole number' : issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.message;
    case 'custom':
      return issue.message;
    default:
      return undefined;
  }
}

function article(noun: string): string {
  if (noun === 'array') return 'a list';
  if (noun === 'object' || noun === 'record') return 'a mapping';
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function isPresent(input: unknown, path: DocumentPath): boolean {
  let value: unknown = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) return false;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value !== undefined;
}
