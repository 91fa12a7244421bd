/**
 * Serves the dashboard (the built web/ bundle) at `/`. Hashed files under
 * /assets are cached for a year; the page itself is never cached, so a new
 * release is picked up on the next load. The client-side routes below get the
 * page (SPA fallback); everything else — /v2, /api, /auth, /metrics, /healthz,
 * /admission — is left to its own plugin and its own 404.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The dashboard's top-level pages (web/src/routes.ts); each also serves its sub-paths. */
export const WEB_ROUTES = ['/', '/sign-in', '/overview', '/images', '/vulnerabilities', '/policies', '/exceptions', '/audit', '/webhooks', '/mirror'] as const;

export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Where `npm run build` puts the bundle, seen from dist/server (installed) or src/server (tests, tsx). */
export function findWebBundle(): string | undefined {
  const candidates = [path.resolve(import.meta.dirname, '../web'), path.resolve(import.meta.dirname, '../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

export async function mountWeb(app: FastifyInstance, dir: string | undefined = findWebBundle()): Promise<void> {
  const page = dir ? await readFile(path.join(dir, 'index.html')) : Buffer.from(MISSING_PAGE);
  const sendPage = (reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(page);
  for (const route of WEB_ROUTES) {
    app.get(route, async (_request, reply) => sendPage(reply));
    if (route !== '/') app.get(`${route}/*`, async (_request, reply) => sendPage(reply));
  }
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const name = request.params['*'];
    if (!dir || !/^[A-Za-z0-9._-]+$/.test(name)) return reply.code(404).type('text/plain').send('not found');
    const file = path.join(dir, 'assets', name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return reply.code(404).type('text/plain').send('not found');
    return reply
      .type(TYPES[path.extname(name)] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-length', info.size)
      .send(createReadStream(file));
  });
}

const MISSING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Airlock</title></head>
<body><h1>Airlock</h1><p>The dashboard has not been built. Run <code>npm run build</code> (it builds the server and the dashboard), then restart <code>airlock serve</code>.</p>
<p>The REST API is at <a href="/api/v1/openapi.json">/api/v1</a>.</p></body></html>`;
