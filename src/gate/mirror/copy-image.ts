/**
 * Copies one upstream tag into a local repository: the manifest (or index and
 * each wanted platform's manifest), every blob streamed with its digest
 * verified, blobs Airlock already stores linked instead of fetched again. An
 * index is kept byte for byte when every platform it lists is wanted;
 * otherwise a narrowed index listing only the wanted platforms is stored (its
 * digest then differs from the upstream's; the platform manifests' do not).
 */
import type { Readable } from 'node:stream';
import pLimit from 'p-limit';
import { MediaType, parseManifest, type Descriptor, type FetchedManifest } from '../../oci/index.js';
import { GateError } from '../gate-error.js';

/** Where copied content goes: the local registry's stores, given by the server. */
export interface MirrorSink {
  /** Links an already stored blob into `repository`; false when its bytes are not here. */
  linkBlob(repository: string, digest: string): Promise<boolean>;
  /** Stores a blob whose bytes must hash to `digest`. */
  writeBlob(repository: string, digest: string, size: number, body: Readable): Promise<void>;
  /** Stores a manifest under `tags` (none: by digest only); returns its digest. */
  putManifest(repository: string, content: Buffer, mediaType: string, tags: readonly string[]): Promise<string>;
}

/** What a copy reads from: a registry client speaking to the upstream. */
export interface UpstreamImages {
  manifest(repository: string, reference: string): Promise<FetchedManifest>;
  /** Streams a blob into `write` (called once), verified against its digest; a dropped connection is resumed inside the stream. */
  copyBlob(repository: string, digest: string, write: (body: Readable) => Promise<void>, options: { size: number }): Promise<void>;
}

export interface CopyRequest {
  upstream: UpstreamImages;
  upstreamRepository: string;
  tag: string;
  /** `os/arch[/variant]` wanted from a multi-platform index. */
  platforms: readonly string[];
  sink: MirrorSink;
  /** Local repository to write to (a quarantine repository). */
  repository: string;
  /** Blobs fetched at once. */
  concurrency: number;
  selectPlatforms(index: readonly Descriptor[], platforms: readonly string[]): Descriptor[];
}

export interface CopyResult {
  upstreamDigest: string;
  /** Digest of the stored top manifest. */
  digest: string;
  mediaType: string;
  /** Bytes fetched from the upstream (blobs already here cost nothing). */
  bytesFetched: number;
}

/** Fetches and stores everything `tag` needs, then the tag itself (the caller tells the gate). */
export async function copyImage(request: CopyRequest): Promise<CopyResult> {
  const top = await request.upstream.manifest(request.upstreamRepository, request.tag);
  const parsed = parseManifest(top.content, top.mediaType);
  const limit = pLimit(request.concurrency);
  let bytesFetched = 0;
  const copyBlob = (descriptor: Descriptor) =>
    limit(async () => {
      if (await request.sink.linkBlob(request.repository, descriptor.digest)) return;
      await request.upstream.copyBlob(request.upstreamRepository, descriptor.digest, (body) => request.sink.writeBlob(request.repository, descriptor.digest, descriptor.size, body), { size: descriptor.size });
      bytesFetched += descriptor.size;
    });
  const copyManifest = async (manifest: FetchedManifest, tags: readonly string[]) => {
    const image = parseManifest(manifest.content, manifest.mediaType);
    if (image.kind !== 'image') throw new GateError('MIRROR_INVALID', `${request.upstreamRepository}@${manifest.digest} nests an index inside an index; Airlock mirrors one level`);
    await Promise.all(image.blobs.map(copyBlob));
    return request.sink.putManifest(request.repository, manifest.content, manifest.mediaType, tags);
  };

  if (parsed.kind === 'image') {
    const digest = await copyManifest(top, [request.tag]);
    return { upstreamDigest: top.digest, digest, mediaType: parsed.mediaType, bytesFetched };
  }
  const wanted = request.selectPlatforms(parsed.manifests, request.platforms);
  for (const child of wanted) {
    const manifest = await request.upstream.manifest(request.upstreamRepository, child.digest);
    await copyManifest(manifest, []);
  }
  // Attestation manifests (platform unknown/unknown) and unwanted platforms are left out of a narrowed index.
  const keepsAll = wanted.length === parsed.manifests.length;
  const content = keepsAll ? top.content : narrowedIndex(top.content, wanted);
  const mediaType = keepsAll ? parsed.mediaType : parsed.mediaType || MediaType.ociIndex;
  const digest = await request.sink.putManifest(request.repository, content, mediaType, [request.tag]);
  return { upstreamDigest: top.digest, digest, mediaType, bytesFetched };
}

function narrowedIndex(content: Buffer, wanted: readonly Descriptor[]): Buffer {
  const document = JSON.parse(content.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...document, manifests: wanted }));
}
