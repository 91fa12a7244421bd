/**
 * Where in the YAML text a document path lives, so validation errors can say
 * `(line 14, column 17)`. Walks the parsed node tree (not the plain JS value),
 * using the yaml package's node ranges and a LineCounter.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { DocumentPath } from './document-issue.js';

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * The position of the value at `path` (or of its key when `atKey`); for a path
 * that does not exist (a missing key), the position of the deepest node that does.
 */
export function locate(document: Document, lineCounter: LineCounter, path: DocumentPath, atKey = false): TextPosition | undefined {
  let node: unknown = document.contents;
  let found: unknown = node;
  for (const [index, part] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(part));
      if (!pair) break;
      if (last && atKey) {
        found = pair.key;
        break;
      }
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      node = item;
    } else {
      break;
    }
    found = node;
  }
  const range = (found as Node | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
