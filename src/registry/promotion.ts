/**
 * Promotion: an image in `quarantine/<team>/<name>` becomes pullable from
 * `<team>/<name>` (or `mirror/...` for `quarantine/mirror/...`). Metadata only:
 * the same manifest bytes and digest, the same blobs, an immutable tag. The gate
 * calls this after a passing verdict; admins can call it directly.
 */
import { approvedRepositoryFor } from '../auth/index.js';
import { assertTag, parseManifest, type Digest, type ImageReference } from '../oci/index.js';
import { RegistryError } from './errors.js';
import type { BlobLedger } from './store/blob-ledger.js';
import type { ManifestStore } from './store/manifest-store.js';

export interface PromotionRequest {
  /** The quarantine image, by tag or digest (host ignored). */
  source: ImageReference;
  /** Tag in the approved repository; defaults to the source tag. */
  tag?: string;
}

export interface PromotionResult {
  source: string;
  target: string;
  digest: Digest;
  tag?: string;
}

export class Promoter {
  constructor(
    private readonly manifests: ManifestStore,
    private readonly blobs: BlobLedger,
  ) {}

  async promote(request: PromotionRequest): Promise<PromotionResult> {
    const source = request.source.repository;
    const target = approvedRepositoryFor(source);
    if (!target) throw new RegistryError('DENIED', `only images in quarantine/<team>/<name> can be promoted, not ${source}`);
    const reference = request.source.digest ?? request.source.tag;
    if (!reference) throw new RegistryError('MANIFEST_UNKNOWN', 'name the image to promote by tag or digest');
    const manifest = await this.manifests.get(source, reference);
    if (!manifest) throw new RegistryError('MANIFEST_UNKNOWN', `manifest ${reference} is not in ${source}`);
    const tag = request.tag ? assertTag(request.tag) : request.source.tag;
    await this.copy(source, target, manifest.digest as Digest, tag ? [tag] : []);
    return { source: `${source}@${manifest.digest}`, target: tag ? `${target}:${tag}` : `${target}@${manifest.digest}`, digest: manifest.digest as Digest, tag };
  }

  /** Children first, so every manifest lands with everything it references already present. */
  private async copy(source: string, target: string, digest: Digest, tags: string[]): Promise<void> {
    const row = await this.manifests.get(source, digest);
    if (!row) throw new RegistryError('MANIFEST_UNKNOWN', `manifest ${digest} referenced by the image is not in ${source}`);
    const parsed = parseManifest(row.content, row.mediaType);
    for (const child of parsed.manifests) await this.copy(source, target, child.digest, []);
    for (const blob of parsed.blobs) {
      if (!(await this.blobs.linkedBlob(source, blob.digest)) || !(await this.blobs.mount(target, blob.digest))) {
        throw new RegistryError('MANIFEST_BLOB_UNKNOWN', `blob ${blob.digest} of ${source}@${digest} is missing`);
      }
    }
    await this.manifests.put(target, { digest, content: row.content, parsed }, { tags, immutableTags: true });
  }
}
