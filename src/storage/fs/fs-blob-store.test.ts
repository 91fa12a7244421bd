import { randomBytes, createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../oci/index.js';
import { describeBlobStoreConformance } from '../conformance.js';
import { createFsBlobStore } from './fs-blob-store.js';

const roots: string[] = [];
async function freshStore() {
  const root = await mkdtemp(path.join(tmpdir(), 'airlock-fs-store-'));
  roots.push(root);
  return createFsBlobStore({ root });
}
afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describeBlobStoreConformance('filesystem', freshStore);

describe('filesystem layout', () => {
  it('resumes an upload with a new store instance (a restart) and verifies by re-hashing the file', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'airlock-fs-store-'));
    roots.push(root);
    const first = await createFsBlobStore({ root });
    const a = randomBytes(5000);
    const b = randomBytes(7000);
    await first.startUpload('resume-after-restart');
    await first.appendUpload('resume-after-restart', 0, Readable.from([a]));
    const second = await createFsBlobStore({ root });
    expect(await second.uploadSize('resume-after-restart')).toBe(5000);
    await second.appendUpload('resume-after-restart', 5000, Readable.from([b]));
    const digest = `sha256:${createHash('sha256').update(Buffer.concat([a, b])).digest('hex')}` as Digest;
    await second.commitUpload('resume-after-restart', digest);
    expect((await second.stat(digest))?.size).toBe(12000);
  });

  it('never shows a partial blob: the blobs tree holds only verified, complete files', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'airlock-fs-store-'));
    roots.push(root);
    const store = await createFsBlobStore({ root });
    await store.startUpload('partial-upload');
    await store.appendUpload('partial-upload', 0, Readable.from([randomBytes(1000)]));
    expect(await readdir(path.join(root, 'blobs'))).toEqual([]);
    expect(await readdir(path.join(root, 'uploads'))).toEqual(['partial-upload']);
  });

  it('lists only well-formed blob files', async () => {
    const store = await freshStore();
    const root = roots[roots.length - 1] as string;
    const content = randomBytes(10);
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}` as Digest;
    await store.startUpload('list-check-upload');
    await store.appendUpload('list-check-upload', 0, Readable.from([content]));
    await store.commitUpload('list-check-upload', digest);
    await writeFile(path.join(root, 'blobs', 'sha256', 'stray-file-at-prefix-level'), 'x');
    const listed = [];
    for await (const blob of store.list()) listed.push(blob.digest);
    expect(listed).toEqual([digest]);
  });
});
