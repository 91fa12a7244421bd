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

export function sha256(content: Buffer | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

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
  async pushBlob(repository: string, content: Buffer | string): Promise<string> {
    const digest = sha256(content);
    const response = await this.request('POST', `/v2/${repository}/blobs/uploads/?digest=${digest}`, {
      headers: { 'content-type': 'application/octet-stream' },
      body: typeof content === 'string' ? Buffer.from(content) : content,
    });
    if (response.status !== 201) throw new Error(`push blob to ${repository}: ${response.status} ${await response.text()}`);
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

/** Parses a `WWW-Authenticate: Bearer k="v",…` challenge. */
export function parseChallenge(header: string | null): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of (header ?? '').matchAll(/(\w+)="([^"]*)"/g)) result[match[1] as string] = match[2] as string;
  return result;
}
