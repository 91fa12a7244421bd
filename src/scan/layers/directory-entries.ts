/** A root filesystem directory read as if it were one layer (for `airlock scan /path/to/rootfs`). Symlinks are reported, never followed. */
import { createReadStream } from 'node:fs';
import { lstat, opendir, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { LayerEntry } from './layer-entry.js';

export async function* directoryEntries(root: string, onProblem: (message: string) => void): AsyncGenerator<LayerEntry> {
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    let directory;
    try {
      directory = await opendir(path.join(root, relative));
    } catch (error) {
      onProblem(`cannot read directory /${relative}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    for await (const dirent of directory) {
      const childRelative = relative ? `${relative}/${dirent.name}` : dirent.name;
      const absolute = path.join(root, childRelative);
      const info = await lstat(absolute).catch(() => undefined);
      if (!info) continue;
      const imagePath = `/${childRelative}`;
      if (info.isDirectory()) {
        pending.push(childRelative);
        yield entry(imagePath, 'directory', 0, info.mode, absolute);
      } else if (info.isSymbolicLink()) {
        yield { ...entry(imagePath, 'symlink', 0, info.mode, absolute), linkTarget: await readlink(absolute) };
      } else if (info.isFile()) {
        yield entry(imagePath, 'file', info.size, info.mode, absolute);
      }
    }
  }
}

function entry(imagePath: string, kind: LayerEntry['kind'], size: number, mode: number, absolute: string): LayerEntry {
  return {
    path: imagePath,
    kind,
    size,
    mode: mode & 0o7777,
    content: () => createReadStream(absolute, { highWaterMark: 1024 * 1024 }),
  };
}
