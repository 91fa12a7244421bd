/** The storage drivers Airlock can run on, in one explicit list. */
import type { BlobStore } from './blob-store.js';
import { StorageError } from './errors.js';
import { createFsBlobStore } from './fs/fs-blob-store.js';

export interface StorageDriver {
  name: string;
  /** Opens the store rooted at `dataDir` (drivers that need more take it from their own config later). */
  open(options: { dataDir: string }): Promise<BlobStore>;
}

export const storageDrivers: readonly StorageDriver[] = [
  { name: 'filesystem', open: ({ dataDir }) => createFsBlobStore({ root: dataDir }) },
];

export function findStorageDriver(name: string): StorageDriver {
  const driver = storageDrivers.find((candidate) => candidate.name === name);
  if (!driver) throw new StorageError('DRIVER_UNKNOWN', `unknown storage driver "${name}" (known: ${storageDrivers.map((d) => d.name).join(', ')})`);
  return driver;
}
