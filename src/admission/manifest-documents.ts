/**
 * Kubernetes manifests as `kubectl apply` reads them, for `airlock admission
 * review`: YAML streams of any number of documents (`---`), Helm and Kustomize
 * output included (comments, empty documents), JSON (YAML's subset), and
 * `List` kinds (`v1/List`, `ConfigMapList`, …) flattened into their items.
 * Each object keeps where it came from (source and line) for the report.
 * Pure: text in, objects out; a syntax error throws, naming source and line.
 */
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { AdmissionError } from './admission-error.js';

export interface ManifestObject {
  /** The file it was read from (`-` for standard input). */
  source: string;
  /** 1-based line where the object starts. */
  line: number;
  object: unknown;
}

/** Kubernetes' own documents are small; a hostile anchor bomb is not. */
const MAX_ALIAS_COUNT = 1000;

export function parseManifests(text: string, source: string): ManifestObject[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  if (!Array.isArray(documents)) return [];
  const objects: ManifestObject[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      throw new AdmissionError('MANIFEST_INVALID', `${source}:${line}: not valid YAML: ${firstLine(error.message)}`);
    }
    objects.push(...documentObjects(document, source, lineCounter));
  }
  return objects;
}

function documentObjects(document: Document, source: string, lineCounter: LineCounter): ManifestObject[] {
  const contents = document.contents;
  if (contents === null) return [];
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new AdmissionError('MANIFEST_INVALID', `${source}:${lineOf(contents.range?.[0], lineCounter)}: ${(error as Error).message}`, { cause: error });
  }
  if (value === null || value === undefined) return [];
  const line = lineOf(contents.range?.[0], lineCounter);
  if (!isList(value)) return [{ source, line, object: value }];
  // A List's items keep their own lines, so a finding points at the item rather than the List.
  const itemsNode = isMap(contents) ? contents.get('items', true) : undefined;
  const itemLines = isSeq(itemsNode) ? itemsNode.items.map((item) => lineOf((item as { range?: [number, number, number] }).range?.[0], lineCounter)) : [];
  return value.items.map((item, index) => ({ source, line: itemLines[index] ?? line, object: item }));
}

/** `kind: List` (what `kubectl get -o yaml` prints) and typed lists such as `ConfigMapList`. */
function isList(value: unknown): value is { kind: string; items: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, items } = value as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}

function lineOf(offset: number | undefined, lineCounter: LineCounter): number {
  return offset === undefined ? 1 : lineCounter.linePos(offset).line;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/:\s*$/, '');
}
