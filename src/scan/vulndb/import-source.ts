/**
 * Where advisories come from: an OSV `all.zip` URL, a local zip, or a directory
 * of JSON files. Each is opened into the same shape: a lazy sequence of JSON
 * entries, read one at a time, so memory does not grow with the source.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openDirectorySource } from './directory-source.js';
import { openUrlSource, type UrlSourceOptions } from './url-source.js';
import { VulnDbError } from './vulndb-error.js';
import { openZipSource } from './zip-source.js';
import type { OpenedSource } from './source-entry.js';

export type { OpenedSource, SourceEntry, SourceKind } from './source-entry.js';

export function sourceKindOf(spec: string): 'url' | 'path' {
  return /^https?:\/\//i.test(spec) ? 'url' : 'path';
}

/** Opens a source named by a URL or a local path (a directory, or any other file taken as a zip). */
export async function openSource(spec: string, options: UrlSourceOptions = {}): Promise<OpenedSource> {
  if (sourceKindOf(spec) === 'url') return openUrlSource(spec, options);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new VulnDbError('USAGE', `unsupported source ${spec}: give an http(s) URL, a zip file or a directory`);
  }
  const location = path.resolve(spec);
  let kind: 'directory' | 'file';
  try {
    kind = (await stat(location)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new VulnDbError('SOURCE_NOT_FOUND', `advisory source ${location} cannot be read (${code}): give an existing zip file or directory`, { cause: error });
  }
  return kind === 'directory' ? openDirectorySource(location) : openZipSource(location);
}
