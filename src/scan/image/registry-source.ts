/** An image in a registry (Airlock, Docker Hub, ghcr.io, …), read through the OCI registry client. */
import { RegistryClient, RegistryClientError, isLoopback, registryAddress, type ImageReference, type RegistryCredentials } from '../../oci/index.js';
import type { ImageSource, PlatformWanted } from './image-source.js';
import { resolveImage, type ManifestFetcher } from './manifest-resolution.js';
import { ScanTargetError } from './scan-target-error.js';

export interface RegistryAccessOptions {
  credentials?: RegistryCredentials;
  /** Plain HTTP; loopback registries default to it. */
  insecure?: boolean;
}

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export async function openRegistryImage(reference: ImageReference, platform: PlatformWanted, displayName: string, access: RegistryAccessOptions): Promise<ImageSource> {
  const { apiHost, repository } = registryAddress(reference.host, reference.repository);
  const client = new RegistryClient({ host: apiHost, insecure: access.insecure ?? isLoopback(apiHost), credentials: access.credentials });
  try {
    const top = await client.manifest(repository, reference.digest ?? reference.tag ?? 'latest');
    const fetcher: ManifestFetcher = {
      manifest: async (descriptor) => (descriptor.digest === top.digest ? top.content : (await client.manifest(repository, descriptor.digest)).content),
      blob: async (descriptor) => {
        if (descriptor.size > MAX_CONFIG_BYTES) throw new ScanTargetError('TARGET_INVALID', `config ${descriptor.digest} is too large`);
        const chunks: Buffer[] = [];
        for await (const chunk of await client.blob(repository, descriptor.digest, { size: descriptor.size })) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      },
    };
    const image = await resolveImage(fetcher, { digest: top.digest, mediaType: top.mediaType }, platform);
    return {
      name: displayName,
      digest: image.digest,
      platform: image.platform,
      config: image.config,
      layers: image.layers.map((layer) => ({ digest: layer.digest, mediaType: layer.mediaType, size: layer.size, open: () => client.blob(repository, layer.digest, { size: layer.size }) })),
      close: async () => undefined,
    };
  } catch (error) {
    if (error instanceof RegistryClientError) throw asTargetError(error, displayName);
    throw error;
  }
}

function asTargetError(error: RegistryClientError, name: string): ScanTargetError {
  const code = error.code === 'UPSTREAM_NOT_FOUND' ? 'TARGET_NOT_FOUND' : error.code === 'UPSTREAM_UNAUTHORIZED' ? 'TARGET_UNAUTHORIZED' : 'TARGET_UNREACHABLE';
  return new ScanTargetError(code, `${name}: ${error.message}`, { cause: error });
}
