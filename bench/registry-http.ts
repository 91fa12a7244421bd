/** The few OCI Distribution calls the HTTP benchmarks make, identical for both servers. */
import { createHash } from 'node:crypto';
import type { BenchServer } from './servers.js';

/** POST /v2/<name>/blobs/uploads/ and returns the absolute upload URL from Location. */
export async function startUpload(server: BenchServer, repository: string): Promise<URL> {
  const response = await fetch(`${server.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: server.headers });
  await expectStatus(response, 202, `starting an upload to ${repository} on ${server.kind}`);
  const location = response.headers.get('location');
  if (location === null) throw new Error(`${server.kind} answered an upload start without Location`);
  return new URL(location, server.url);
}

/** The upload URL with `digest=` added, for the closing PUT. */
export function finishUrl(upload: URL, digest: string): URL {
  const url = new URL(upload);
  url.searchParams.set('digest', digest);
  return url;
}

/** Pushes a small blob monolithically (POST + PUT) and returns its digest. */
export async function pushBlob(server: BenchServer, repository: string, content: Buffer, digest = sha256(content)): Promise<string> {
  const upload = await startUpload(server, repository);
  const response = await fetch(finishUrl(upload, digest), {
    method: 'PUT',
    headers: { ...server.headers, 'content-type': 'application/octet-stream', 'content-length': String(content.length) },
    body: content,
  });
  await expectStatus(response, 201, `finishing an upload to ${repository} on ${server.kind}`);
  return digest;
}

/** PUTs an OCI image manifest under `tag`. */
export async function pushManifest(server: BenchServer, repository: string, tag: string, manifest: Buffer): Promise<void> {
  const response = await fetch(`${server.url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...server.headers, 'content-type': OCI_MANIFEST },
    body: manifest,
  });
  await expectStatus(response, 201, `pushing manifest ${repository}:${tag} to ${server.kind}`);
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export function sha256(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export async function expectStatus(response: Response, expected: number, what: string): Promise<void> {
  if (response.status === expected) {
    await response.body?.cancel();
    return;
  }
  throw new Error(`${what}: expected ${expected}, got ${response.status} ${await response.text()}`);
}
