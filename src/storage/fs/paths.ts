/**
 * On-disk layout of the filesystem driver. Uploads and blobs share one
 * filesystem so that publishing a blob is a single atomic rename.
 *
 *   <root>/
 *   ├── blobs/
 *   │   ├── sha256/
 *   │   │   └── e3/
 *   │   │       └── e3b0c44298fc1c149afbf4c8996fb924…   committed, verified, immutable
 *   │   └── sha512/…
 *   └── uploads/
 *       └── 7f1c…-uuid                                  bytes received so far; its size is the resume offset
 */
import path from 'node:path';
import { parseDigest, type Digest } from '../../oci/index.js';
import { StorageError } from '../errors.js';

const UPLOAD_ID = /^[A-Za-z0-9][A-Za-z0-9-]{7,63}$/;

export class FsPaths {
  constructor(readonly root: string) {}

  get blobsDir(): string {
    return path.join(this.root, 'blobs');
  }

  get uploadsDir(): string {
    return path.join(this.root, 'uploads');
  }

  blob(digest: Digest): string {
    const { algorithm, hex } = parseDigest(digest);
    return path.join(this.blobsDir, algorithm, hex.slice(0, 2), hex);
  }

  upload(id: string): string {
    // Ids come from URLs: never let one name a path outside uploads/.
    if (!UPLOAD_ID.test(id)) throw new StorageError('UPLOAD_NOT_FOUND', `upload "${id.slice(0, 80)}" does not exist`);
    return path.join(this.uploadsDir, id);
  }
}
