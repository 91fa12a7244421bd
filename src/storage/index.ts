/** Where blob bytes live: the BlobStore contract and its drivers. */
export type { BlobStore, BlobInfo, ByteRange, CommitOptions, UploadInfo } from './blob-store.js';
export { StorageError, type StorageErrorCode } from './errors.js';
export { FsBlobStore, createFsBlobStore, type FsBlobStoreOptions } from './fs/fs-blob-store.js';
export { storageDrivers, findStorageDriver, type StorageDriver } from './drivers.js';
