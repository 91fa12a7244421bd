/**
 * A directory tree of OSV JSON files (a clone of an advisory repository, or an
 * unpacked all.zip): every `*.json` below it, in sorted order, one file at a time.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isJsonEntry, MAX_ENTRY_BYTES, type OpenedSource, type SourceEntry } from './source-entry.js';
import { VulnDbError } from './vulndb-error.js';

const SYNC_GROUP = 64;

export async function openDirectorySource(directory: string): Promise<OpenedSource> {
  let files: string[];
  try {
    files = await listJsonFiles(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new VulnDbError('SOURCE_NOT_FOUND', `cannot list advisory directory ${directory} (${code})`, { cause: error });
  }
  return {
    location: directory,
    kind: 'directory',
    total: files.length,
    notModified: false,
    etag: undefined,
    entries: () => readAll(directory, files),
    close: async () => undefined,
  };
}

/** Relative paths (with `/`) of every JSON file below `root`, following no symbolic links to directories. */
async function listJsonFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(child);
      else if ((entry.isFile() || entry.isSymbolicLink()) && isJsonEntry(entry.name)) found.push(child);
    }
  }
  return found.sort();
}

async function* readAll(root: string, files: readonly string[]): AsyncGenerator<SourceEntry> {
  for (let i = 0; i < files.length; i++) {
    // Small files read synchronously are several times faster than through the thread pool;
    // yielding every few dozen keeps the event loop responsive all the same.
    if (i % SYNC_GROUP === SYNC_GROUP - 1) await yieldToEventLoop();
    yield readEntry(root, files[i] as string);
  }
}

function readEntry(root: string, name: string): SourceEntry {
  const file = path.join(root, name);
  try {
    const { size } = statSync(file);
    if (size > MAX_ENTRY_BYTES) return { name, problem: `larger than ${MAX_ENTRY_BYTES} bytes (${size})` };
    return { name, content: readFileSync(file) };
  } catch (error) {
    return { name, problem: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}
