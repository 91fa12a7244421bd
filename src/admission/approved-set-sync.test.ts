/** The sync loop and the HTTP feed against a real local HTTP server. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIGEST_A, DIGEST_B, feedImage } from './admission-harness.js';
import { ApprovedSet } from './approved-set.js';
import { ApprovedSetSync } from './approved-set-sync.js';
import { HttpFeed } from './http-feed.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let url: string;
let handler: Handler;
const seen: string[] = [];
const AUTH = `Basic ${Buffer.from('viewer:secret-password').toString('base64')}`;

beforeEach(async () => {
  seen.length = 0;
  server = createServer((request, response) => {
    seen.push(request.url ?? '');
    if (request.headers.authorization !== AUTH) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'wrong password' } }));
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A feed server: the snapshot holds image A; changes since cursor v1.1 bring B. */
const feedServer: Handler = (request, response) => {
  if (request.url === '/api/v1/admission/snapshot') return json(response, { cursor: 'v1.1', readAt: 'x', images: [feedImage({ repository: 'acme/api', digest: DIGEST_A, state: 'approved', tags: ['1'] })], extra: true });
  if (request.url?.startsWith('/api/v1/admission/changes?since=')) return json(response, { cursor: 'v1.2', images: [feedImage({ repository: 'acme/api', digest: DIGEST_B, state: 'revoked', tags: ['2'] })] });
  json(response, { error: { message: 'no such route' } }, 404);
};

const feed = (password = 'secret-password', timeoutMs = 2000, maxBytes?: number) => new HttpFeed({ url, username: 'viewer', password, timeoutMs, maxBytes });

describe('ApprovedSetSync with the HTTP feed', () => {
  it('takes a snapshot first, then changes since its cursor, and a snapshot again when the last is old', async () => {
    handler = feedServer;
    let now = 1_000_000;
    const set = new ApprovedSet();
    const sync = new ApprovedSetSync(set, feed(), { intervalMs: 10, fullIntervalMs: 60_000, maxBackoffMs: 100 }, () => now);
    expect(await sync.syncOnce()).toBe('full');
    expect(set.lookup({ repository: 'acme/api', tag: '1' })).toMatchObject({ image: { digest: DIGEST_A } });
    expect(await sync.syncOnce()).toBe('changes');
    expect(set.lookup({ repository: 'acme/api', tag: '2' })).toMatchObject({ image: { state: 'revoked' } });
    expect(seen).toEqual(['/api/v1/admission/snapshot', '/api/v1/admission/changes?since=v1.1']);
    expect(set.lastSyncAt).toBe(now);
    now += 60_000;
    expect(await sync.syncOnce()).toBe('full');
    expect(set.size).toBe(1);
  });

  it('says why the server could not be read', async () => {
    handler = (_request, response) => json(response, { error: { message: 'the database is locked' } }, 503);
    await expect(feed().snapshot()).rejects.toMatchObject({ code: 'FEED_UNAVAILABLE', message: 'GET /api/v1/admission/snapshot answered 503: the database is locked' });
    await expect(feed('wrong').snapshot()).rejects.toMatchObject({ message: expect.stringContaining('answered 401: wrong password') });
    handler = (_request, response) => response.end('{"cursor": "v1.1", "imag');
    await expect(feed().snapshot()).rejects.toMatchObject({ code: 'FEED_INVALID', message: expect.stringContaining('did not answer JSON') });
    handler = (_request, response) => json(response, { cursor: 'v1.1', images: [{ repository: 'acme/api' }] });
    await expect(feed().snapshot()).rejects.toMatchObject({ code: 'FEED_INVALID', message: expect.stringContaining('images.0.quarantineRepository') });
    handler = (_request, response) => json(response, { cursor: 'v1.1', images: [], padding: 'x'.repeat(10_000) });
    await expect(feed('secret-password', 2000, 1000).snapshot()).rejects.toMatchObject({ code: 'FEED_UNAVAILABLE', message: expect.stringContaining('larger than 1000 bytes') });
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    await expect(feed('secret-password', 200).snapshot()).rejects.toMatchObject({ code: 'FEED_UNAVAILABLE', message: expect.stringMatching(/within 200 ms/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries with backoff until the server answers, then keeps syncing', async () => {
    let calls = 0;
    handler = (request, response) => {
      calls += 1;
      if (calls <= 2) return json(response, { error: { message: 'starting up' } }, 503);
      feedServer(request, response);
    };
    const set = new ApprovedSet();
    const sync = new ApprovedSetSync(set, feed(), { intervalMs: 10, fullIntervalMs: 60_000, maxBackoffMs: 40 }, Date.now);
    sync.start();
    await sync.ready();
    expect(set.size).toBe(1);
    expect(sync.status()).toMatchObject({ consecutiveFailures: 0, lastError: undefined });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sync.stop();
    expect(set.size).toBe(2);
    expect(seen.filter((path) => path.startsWith('/api/v1/admission/changes')).length).toBeGreaterThan(1);
    const after = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.length).toBe(after);
  });

  it('records the failure while the server stays away, keeping what it has', async () => {
    handler = feedServer;
    const set = new ApprovedSet();
    const sync = new ApprovedSetSync(set, feed(), { intervalMs: 10, fullIntervalMs: 60_000, maxBackoffMs: 20 }, Date.now);
    sync.start();
    await sync.ready();
    handler = (_request, response) => json(response, { error: { message: 'down for maintenance' } }, 503);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sync.stop();
    expect(sync.status()).toMatchObject({ consecutiveFailures: expect.any(Number), lastError: expect.stringContaining('down for maintenance') });
    expect(sync.status().consecutiveFailures).toBeGreaterThan(0);
    expect(set.lookup({ repository: 'acme/api', tag: '1' })).toBeDefined();
  });
});
