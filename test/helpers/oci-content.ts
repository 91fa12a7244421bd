/**
 * Builders for OCI content as tests push it: a manifest's exact bytes together
 * with the blobs and child manifests it needs, and a push that sends them
 * children first (blobs, then child manifests, then the manifest itself), the
 * order the conformance suite uses.
 */
import { randomBytes } from 'node:crypto';
import {
  OCI_CONFIG,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_LAYER,
  OCI_MANIFEST,
  EMPTY_JSON,
  digestOf,
  json,
  withQuery,
  type DigestAlgorithm,
  type RegistryClient,
} from './registry-client.js';

export interface ContentDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  [field: string]: unknown;
}

/** A manifest or index ready to push. */
export interface Content {
  mediaType: string;
  /** The exact bytes pushed; GET must return them unchanged. */
  body: Buffer;
  digest: string;
  algorithm: DigestAlgorithm;
  /** Blobs to push before the manifest. */
  blobs: Buffer[];
  /** Blobs the manifest names but that are deliberately not pushed (non-distributable layers). */
  absentBlobs: ContentDescriptor[];
  /** Manifests the index references, pushed before it. */
  children: Content[];
  subject?: ContentDescriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export function blobDescriptor(mediaType: string, blob: Buffer, algorithm: DigestAlgorithm = 'sha256', extra: Record<string, unknown> = {}): ContentDescriptor {
  return { mediaType, digest: digestOf(blob, algorithm), size: blob.length, ...extra };
}

/** The descriptor of a manifest, as an index or a `subject` field refers to it. */
export function descriptorOfContent(content: Content, extra: Record<string, unknown> = {}): ContentDescriptor {
  return { mediaType: content.mediaType, digest: content.digest, size: content.body.length, ...extra };
}

export function imageConfig(): Buffer {
  return json({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, salt: randomBytes(8).toString('hex') });
}

export interface ImageOptions {
  algorithm?: DigestAlgorithm;
  mediaType?: string;
  config?: Buffer;
  configMediaType?: string;
  layers?: Buffer[];
  layerMediaType?: string;
  artifactType?: string;
  subject?: ContentDescriptor;
  annotations?: Record<string, string>;
  /** Layers named in the manifest but never pushed (e.g. non-distributable ones). */
  absentLayers?: ContentDescriptor[];
  /** Embed each blob in its descriptor's `data` field. */
  embedData?: boolean;
  /** Extra top-level fields, kept byte for byte. */
  extra?: Record<string, unknown>;
  /** Extra fields on every descriptor. */
  descriptorExtra?: Record<string, unknown>;
}

export function imageContent(options: ImageOptions = {}): Content {
  const algorithm = options.algorithm ?? 'sha256';
  const config = options.config ?? imageConfig();
  const layers = options.layers ?? [randomBytes(1024)];
  const describe = (mediaType: string, blob: Buffer) =>
    blobDescriptor(mediaType, blob, algorithm, { ...options.descriptorExtra, ...(options.embedData ? { data: blob.toString('base64') } : {}) });
  const mediaType = options.mediaType ?? OCI_MANIFEST;
  const document = {
    schemaVersion: 2,
    mediaType,
    ...(options.artifactType ? { artifactType: options.artifactType } : {}),
    config: describe(options.configMediaType ?? OCI_CONFIG, config),
    layers: [...layers.map((layer) => describe(options.layerMediaType ?? OCI_LAYER, layer)), ...(options.absentLayers ?? [])],
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
    ...options.extra,
  };
  return finish(document, mediaType, algorithm, { blobs: [config, ...layers], absentBlobs: options.absentLayers ?? [], children: [] }, options);
}

/** An artifact: `artifactType`, the empty JSON config, and the given layers (none by default). */
export function artifactContent(artifactType: string, options: Omit<ImageOptions, 'artifactType' | 'config' | 'configMediaType'> = {}): Content {
  return imageContent({ layers: [], ...options, artifactType, config: EMPTY_JSON, configMediaType: OCI_EMPTY });
}

export interface IndexOptions {
  algorithm?: DigestAlgorithm;
  mediaType?: string;
  artifactType?: string;
  subject?: ContentDescriptor;
  annotations?: Record<string, string>;
  /** Platform of each child, by position. */
  platforms?: Array<{ architecture: string; os: string }>;
}

export function indexContent(children: Content[], options: IndexOptions = {}): Content {
  const algorithm = options.algorithm ?? 'sha256';
  const mediaType = options.mediaType ?? OCI_INDEX;
  const document = {
    schemaVersion: 2,
    mediaType,
    ...(options.artifactType ? { artifactType: options.artifactType } : {}),
    manifests: children.map((child, i) => descriptorOfContent(child, options.platforms?.[i] ? { platform: options.platforms[i] } : {})),
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  return finish(document, mediaType, algorithm, { blobs: [], absentBlobs: [], children }, options);
}

function finish(
  document: object,
  mediaType: string,
  algorithm: DigestAlgorithm,
  parts: Pick<Content, 'blobs' | 'absentBlobs' | 'children'>,
  options: { subject?: ContentDescriptor; artifactType?: string; annotations?: Record<string, string> },
): Content {
  const body = json(document);
  return { mediaType, body, digest: digestOf(body, algorithm), algorithm, ...parts, subject: options.subject, artifactType: options.artifactType, annotations: options.annotations };
}

/** Every manifest in push order: children before their parents, `content` last. */
export function manifestsInPushOrder(content: Content): Content[] {
  return [...content.children.flatMap(manifestsInPushOrder), content];
}

/** Every blob the content and its children push (deduplicated by bytes). */
export function blobsOf(content: Content): Buffer[] {
  const all = manifestsInPushOrder(content).flatMap((manifest) => manifest.blobs);
  return all.filter((blob, i) => all.findIndex((other) => other.equals(blob)) === i);
}

/**
 * Pushes blobs, then child manifests by digest, then `content`: by digest with
 * `tags` as `?tag=` parameters, or, with `byTag`, once per tag (PUT /manifests/<tag>).
 * Throws unless each step answers 201.
 * @returns the response to the last manifest PUT.
 */
export async function pushContent(client: RegistryClient, repository: string, content: Content, options: { tags?: string[]; byTag?: boolean } = {}): Promise<Response> {
  for (const blob of blobsOf(content)) await client.pushBlob(repository, blob, content.algorithm);
  for (const child of manifestsInPushOrder(content).slice(0, -1)) await putManifest(client, repository, child, child.digest);
  const tags = options.tags ?? [];
  if (options.byTag && tags.length > 0) {
    let response: Response | undefined;
    for (const tag of tags) response = await putManifest(client, repository, content, tag);
    return response as Response;
  }
  return putManifest(client, repository, content, tags.length > 0 ? withQuery(content.digest, { tag: tags }) : content.digest);
}

async function putManifest(client: RegistryClient, repository: string, content: Content, reference: string): Promise<Response> {
  const response = await client.request('PUT', `/v2/${repository}/manifests/${reference}`, { headers: { 'content-type': content.mediaType }, body: content.body });
  if (response.status !== 201) throw new Error(`PUT ${repository} manifest ${reference}: ${response.status} ${await response.text()}`);
  return response;
}
