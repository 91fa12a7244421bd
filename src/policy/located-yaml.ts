/**
 * Reads a YAML document and validates its value, turning every problem — YAML
 * syntax, alias bombs, schema issues — into an issue with its path, line and
 * column. Shared by every YAML document Airlock accepts (policies, the mirror catalog).
 */
import { LineCounter, parseDocument } from 'yaml';
import { formatPath, type DocumentIssue } from './document-issue.js';
import { locate } from './yaml-location.js';

export interface LocatedIssue {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** yaml's messages end with the position it also gives in linePos; we print ours. */
const YAML_POSITION_SUFFIX = / at line \d+, column \d+:?$/;

export function readLocatedYaml<T>(text: string, read: (value: unknown) => { value: T } | { issues: DocumentIssue[] }): { value: T } | { issues: LocatedIssue[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      issues: document.errors.map((error) => {
        const position = error.linePos?.[0];
        return { path: 'YAML', ...(position ? { line: position.line, column: position.col } : {}), message: (error.message.split('\n')[0] ?? error.message).replace(YAML_POSITION_SUFFIX, '') };
      }),
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The yaml package throws on alias bombs and unresolvable aliases while building values.
    return { issues: [{ path: 'YAML', message: (error as Error).message }] };
  }
  const result = read(value);
  if ('value' in result) return result;
  return {
    issues: result.issues.map((issue) => ({
      path: formatPath(issue.path),
      ...(locate(document, lineCounter, issue.path, issue.atKey) ?? { line: 1, column: 1 }),
      message: issue.message,
    })),
  };
}
