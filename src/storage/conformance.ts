/**
 * The shared test suite every BlobStore driver must pass (like distribution's
 * storagedriver testsuites). A driver's test file calls
 * `describeBlobStoreConformance('filesystem', () => createStore())`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../oci/index.js';
import type { BlobStore } from './blob-store.js';
import { StorageError } from './errors.js';

const digestOf = (content: Buffer, algorithm = 'sha256') => `${algorithm}:${createHash(algorithm).update(content).digest('hex')}` as Digest;
const read = async (stream: Readable) => Buffer.from(await text(stream.setEncoding('latin1')), 'latin1');
let counter = 0;
const uploadId = () => `conformance-${process.pid}-${Date.now()}-${counter++}`;

async function put(store: BlobStore, content: Buffer, algorithm = 'sha256'): Promise<Digest> {
  const id = uploadId();
  await store.startUpload(id);
  await store.appendUpload(id, 0, Readable.from([content]));
  const digest = digestOf(content, algorithm);
  await store.commitUpload(id, digest);
  return digest;
}

async function expectStorageError(promise: Promise<unknown>, code: string): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
  return error as StorageError;
}

export function describeBlobStoreConformance(name: string, open: () => Promise<BlobStore>): void {
  describe(`BlobStore conformance: ${name}`, () => {
    it('stores, stats, reads and lists a blob under its digest', async () => {
      const store = await open();
      const content = randomBytes(100_000);
      const digest = await put(store, content);
      expect((await store.stat(digest))?.size).toBe(content.length);
      expect((await read(await store.read(digest))).equals(content)).toBe(true);
      const listed = [];
      for await (const blob of store.list()) listed.push(blob.digest);
      expect(listed).toContain(digest);
    });

    it('reads inclusive byte ranges and refuses ranges outside the blob', async () => {
      const store = await open();
      const content = randomBytes(2048);
      const digest = await put(store, content);
      expect((await read(await store.read(digest, { start: 500, end: 1499 }))).equals(content.subarray(500, 1500))).toBe(true);
      expect((await read(await store.read(digest, { start: 2047, end: 2047 }))).equals(content.subarray(2047))).toBe(true);
      await expectStorageError(store.read(digest, { start: 2000, end: 2048 }), 'RANGE_INVALID');
      await expectStorageError(store.read(digest, { start: 10, end: 5 }), 'RANGE_INVALID');
    });

    it('reports absent blobs without throwing on stat, and BLOB_NOT_FOUND on read', async () => {
      const store = await open();
      const absent = digestOf(randomBytes(16));
      expect(await store.stat(absent)).toBeUndefined();
      await expectStorageError(store.read(absent), 'BLOB_NOT_FOUND');
    });

    it('appends chunks in order, keeps the size durable, and refuses a chunk at the wrong offset', async () => {
      const store = await open();
      const id = uploadId();
      const parts = [randomBytes(1000), randomBytes(3000), randomBytes(1)];
      await store.startUpload(id);
      expect(await store.appendUpload(id, 0, Readable.from([parts[0] as Buffer]))).toBe(1000);
      const mismatch = await expectStorageError(store.appendUpload(id, 0, Readable.from([parts[1] as Buffer])), 'UPLOAD_OFFSET_MISMATCH');
      expect(mismatch.detail).toEqual({ size: 1000 });
      expect(await store.appendUpload(id, 1000, Readable.from([parts[1] as Buffer]))).toBe(4000);
      expect(await store.appendUpload(id, 4000, Readable.from([parts[2] as Buffer]))).toBe(4001);
      expect(await store.uploadSize(id)).toBe(4001);
      const whole = Buffer.concat(parts);
      const info = await store.commitUpload(id, digestOf(whole));
      expect(info.size).toBe(4001);
      expect((await read(await store.read(digestOf(whole)))).equals(whole)).toBe(true);
      await expectStorageError(store.uploadSize(id), 'UPLOAD_NOT_FOUND');
    });

    it('refuses a commit whose content does not match the digest, keeps the upload and publishes nothing', async () => {
      const store = await open();
      const id = uploadId();
      const content = randomBytes(4096);
      const claimed = digestOf(randomBytes(4096));
      await store.startUpload(id);
      await store.appendUpload(id, 0, Readable.from([content]));
      const error = await expectStorageError(store.commitUpload(id, claimed), 'DIGEST_MISMATCH');
      expect(error.detail).toMatchObject({ expected: claimed, actual: digestOf(content) });
      expect(await store.stat(claimed)).toBeUndefined();
      expect(await store.uploadSize(id)).toBe(4096);
      await store.commitUpload(id, digestOf(content));
      expect(await store.stat(digestOf(content))).toBeDefined();
    });

    it('refuses a commit whose announced size differs', async () => {
      const store = await open();
      const id = uploadId();
      const content = randomBytes(10);
      await store.startUpload(id);
      await store.appendUpload(id, 0, Readable.from([content]));
      await expectStorageError(store.commitUpload(id, digestOf(content), { size: 11 }), 'SIZE_INVALID');
    });

    it('stops an append at maxBytes without writing past it, and the upload stays usable', async () => {
      const store = await open();
      const id = uploadId();
      await store.startUpload(id);
      await expectStorageError(store.appendUpload(id, 0, Readable.from([randomBytes(600), randomBytes(600)]), 1000), 'SIZE_INVALID');
      const size = await store.uploadSize(id);
      expect([0, 600]).toContain(size);
      await store.cancelUpload(id);
    });

    it('keeps the bytes that arrived before a source failed, so the client can resume', async () => {
      const store = await open();
      const id = uploadId();
      const first = randomBytes(64 * 1024);
      const failing = new Readable({ read() {} });
      await store.startUpload(id);
      const appending = store.appendUpload(id, 0, failing);
      failing.push(first);
      setTimeout(() => failing.destroy(new Error('client went away')), 50);
      await expect(appending).rejects.toThrow('client went away');
      expect(await store.uploadSize(id)).toBe(first.length);
      const rest = randomBytes(1000);
      await store.appendUpload(id, first.length, Readable.from([rest]));
      await store.commitUpload(id, digestOf(Buffer.concat([first, rest])));
    });

    it('verifies sha512 digests and zero-byte blobs', async () => {
      const store = await open();
      const content = randomBytes(777);
      const digest = await put(store, content, 'sha512');
      expect((await store.stat(digest))?.size).toBe(777);
      const empty = await put(store, Buffer.alloc(0));
      expect(empty).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect((await read(await store.read(empty))).length).toBe(0);
    });

    it('commits the same digest twice without error and runs beforePublish before the blob is visible', async () => {
      const store = await open();
      const content = randomBytes(100);
      const digest = digestOf(content);
      await put(store, content);
      const id = uploadId();
      await store.startUpload(id);
      await store.appendUpload(id, 0, Readable.from([content]));
      const seen: Array<boolean> = [];
      await store.commitUpload(id, digest, { beforePublish: async () => void seen.push((await store.uploadSize(id)) === 100) });
      expect(seen).toEqual([true]);
      expect((await read(await store.read(digest))).equals(content)).toBe(true);
    });

    it('cancels uploads, deletes blobs, and lists uploads in progress', async () => {
      const store = await open();
      const id = uploadId();
      await store.startUpload(id);
      const uploads = [];
      for await (const upload of store.listUploads()) uploads.push(upload.id);
      expect(uploads).toContain(id);
      await store.cancelUpload(id);
      await store.cancelUpload(id);
      await expectStorageError(store.uploadSize(id), 'UPLOAD_NOT_FOUND');
      const digest = await put(store, randomBytes(10));
      await store.delete(digest);
      await store.delete(digest);
      expect(await store.stat(digest)).toBeUndefined();
    });

    it('refuses upload ids that could name a path outside the store', async () => {
      const store = await open();
      for (const id of ['../../etc/passwd', '..', 'a/b', '']) await expectStorageError(store.uploadSize(id), 'UPLOAD_NOT_FOUND');
    });

    it('answers the readiness ping', async () => {
      await expect((await open()).ping()).resolves.toBeUndefined();
    });
  });
}
