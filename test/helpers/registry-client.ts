/** A thin HTTP client for the registry API, and builders for blobs, descriptors and manifests. */
import { createHash, randomBytes } from 'node:crypto';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: { architecture: string; os: string };
}

export type DigestAlgorithm = 'sha256' | 'sha512';

export function sha256(content: Buffer | string): string {
  return digestOf(content, 'sha256');
}

export function sha512(content: Buffer | string): string {
  return digestOf(content, 'sha512');
}

export function digestOf(content: Buffer | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(content).digest('hex')}`;
}

/** The zero-byte blob and the OCI empty JSON blob `{}` (image-spec "Guidance for an Empty Descriptor"). */
export const EMPTY_BLOB = Buffer.alloc(0);
export const EMPTY_JSON = Buffer.from('{}');
export const EMPTY_JSON_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

export function randomBlob(size = 512): Buffer {
  return randomBytes(size);
}

export function descriptorOf(mediaType: string, content: Buffer | string, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType, digest: sha256(content), size: Buffer.byteLength(content), ...extra };
}

export function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export class RegistryClient {
  constructor(
    readonly base: string,
    private readonly authorization?: string,
  ) {}

  withAuthorization(authorization: string | undefined): RegistryClient {
    return new RegistryClient(this.base, authorization);
  }

  /** `target` is a path (`/v2/...`) or an absolute URL (e.g. a Location header). */
  async request(method: string, target: string, init: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Response> {
    const url = new URL(target, this.base);
    return fetch(url, {
      method,
      headers: { ...(this.authorization ? { authorization: this.authorization } : {}), ...init.headers },
      body: init.body,
      redirect: 'manual',
    });
  }

  /** Monolithic upload (POST ?digest=). */
  async pushBlob(repository: string, content: Buffer | string, algorithm: DigestAlgorithm = 'sha256'): Promise<string> {
    const digest = digestOf(content, algorithm);
    const response = await this.request('POST', `/v2/${repository}/blobs/uploads/?digest=${digest}`, {
      headers: { 'content-type': 'application/octet-stream' },
      body: typeof content === 'string' ? Buffer.from(content) : content,
    });
    if (response.status !== 201) throw new Error(`push blob to ${repository}: ${response.status} ${await response.text()}`);
    return digest;
  }

  /** POST /blobs/uploads/ expecting 202; @returns the upload Location. */
  async startUpload(repository: string): Promise<string> {
    const response = await this.request('POST', `/v2/${repository}/blobs/uploads/`, { headers: { 'content-length': '0' } });
    const location = response.headers.get('location');
    if (response.status !== 202 || !location) throw new Error(`start upload in ${repository}: ${response.status} ${await response.text()}`);
    return location;
  }

  /** POST /blobs/uploads/, then PUT `<location>?digest=` with the whole body. @returns the PUT response, whatever its status. */
  async putBlob(repository: string, content: Buffer, digest: string = sha256(content)): Promise<Response> {
    const location = await this.startUpload(repository);
    return this.request('PUT', withQuery(location, { digest }), { headers: { 'content-type': 'application/octet-stream' }, body: content });
  }

  /** PATCHes `content` in chunks of `chunkSize` bytes (Content-Range), then PUTs `?digest=`. @returns the digest. */
  async pushBlobInChunks(repository: string, content: Buffer, chunkSize: number, algorithm: DigestAlgorithm = 'sha256'): Promise<string> {
    const digest = digestOf(content, algorithm);
    let location = await this.startUpload(repository);
    for (let start = 0; start < content.length; start += chunkSize) {
      const chunk = content.subarray(start, start + chunkSize);
      const response = await this.request('PATCH', location, {
        headers: { 'content-type': 'application/octet-stream', 'content-range': `${start}-${start + chunk.length - 1}` },
        body: chunk,
      });
      if (response.status !== 202) throw new Error(`PATCH chunk at ${start}: ${response.status} ${await response.text()}`);
      location = response.headers.get('location') ?? location;
    }
    const response = await this.request('PUT', withQuery(location, { digest }), { headers: { 'content-length': '0' } });
    if (response.status !== 201) throw new Error(`finish chunked upload: ${response.status} ${await response.text()}`);
    return digest;
  }

  async pushManifest(repository: string, reference: string, manifest: unknown, mediaType: string): Promise<{ digest: string; response: Response }> {
    const body = Buffer.isBuffer(manifest) ? manifest : json(manifest);
    const response = await this.request('PUT', `/v2/${repository}/manifests/${reference}`, { headers: { 'content-type': mediaType }, body });
    if (response.status !== 201) throw new Error(`push manifest ${repository}:${reference}: ${response.status} ${await response.text()}`);
    return { digest: sha256(body), response };
  }

  /** Pushes a config and one layer, then an OCI image manifest referencing them. */
  async pushImage(repository: string, reference: string, options: { layerSize?: number; annotations?: Record<string, string> } = {}): Promise<{ digest: string; manifest: Record<string, unknown>; blobs: Buffer[] }> {
    const config = json({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, created: new Date().toISOString(), salt: randomBytes(8).toString('hex') });
    const layer = randomBlob(options.layerSize ?? 1024);
    await this.pushBlob(repository, config);
    await this.pushBlob(repository, layer);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: descriptorOf(OCI_CONFIG, config),
      layers: [descriptorOf(OCI_LAYER, layer)],
      ...(options.annotations ? { annotations: options.annotations } : {}),
    };
    const { digest } = await this.pushManifest(repository, reference, manifest, OCI_MANIFEST);
    return { digest, manifest, blobs: [config, layer] };
  }
}

/** Adds query parameters to a path or URL (e.g. an upload Location), keeping those it already has. */
export function withQuery(target: string, params: Record<string, string | string[]>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const item of [value].flat()) query.append(key, item);
  // Plain string handling: a relative reference such as `sha256:…` would parse as a URL scheme.
  return `${target}${target.includes('?') ? '&' : '?'}${query.toString()}`;
}

export async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

/** Parses a `WWW-Authenticate: Bearer k="v",…` challenge. */
export function parseChallenge(header: string | null): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of (header ?? '').matchAll(/(\w+)="([^"]*)"/g)) result[match[1] as string] = match[2] as string;
  return result;
}
