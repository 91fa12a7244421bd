/**
 * HTTP requests below fetch: paths are sent byte for byte (fetch normalises
 * `..` and `%2e%2e` away), headers such as Content-Length may disagree with the
 * body, and a request can be abandoned half-way by destroying its socket.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawRequest {
  method: string;
  /** Sent exactly as given, e.g. `/v2/a/../b/manifests/x`. */
  path: string;
  headers?: Record<string, string>;
  /** Written as-is; Content-Length is whatever `headers` says, else the body length. */
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers = { ...(request.body && !hasHeader(request.headers, 'transfer-encoding') ? { 'content-length': String(request.body.length) } : {}), ...request.headers };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method: request.method, path: request.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Sends the headers (announcing `announcedLength` bytes) and the first part of
 * a body, then destroys the socket, as a client that crashes mid-upload does.
 * Resolves once the socket is gone; any response the server managed to send is ignored.
 */
export async function abandonRequest(baseUrl: string, request: RawRequest & { body: Buffer; announcedLength: number }): Promise<void> {
  const { hostname, port } = new URL(baseUrl);
  const req = http.request({
    host: hostname,
    port,
    method: request.method,
    path: request.path,
    headers: { 'content-length': String(request.announcedLength), ...request.headers },
    agent: false,
  });
  req.on('error', () => undefined);
  req.flushHeaders();
  await new Promise<void>((resolve, reject) => req.write(request.body, (error) => (error ? reject(error) : resolve())));
  // Give the server time to start streaming the body into storage before the client vanishes.
  await sleep(150);
  const closed = new Promise<void>((resolve) => req.once('close', () => resolve()));
  req.destroy();
  await closed;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}
