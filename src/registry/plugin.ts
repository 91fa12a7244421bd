/**
 * The registry HTTP surface as a Fastify plugin: the OCI Distribution v1.1 API
 * under /v2/ and the token endpoint under /auth/token. Bodies are left as raw
 * streams so blobs flow to storage without being buffered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator, TokenService } from '../auth/index.js';
import { sendRegistryError } from './error-reply.js';
import { RegistryError } from './errors.js';
import type { RegistryContext } from './registry-context.js';
import { parseRegistryPath } from './route-path.js';
import { handleUpload, handleUploadStart } from './routes/blob-uploads.js';
import { handleBlob } from './routes/blobs.js';
import { handleCatalog } from './routes/catalog.js';
import { handleManifest } from './routes/manifests.js';
import { handleReferrers } from './routes/referrers.js';
import { handleTags } from './routes/tags.js';
import { registerTokenEndpoint, type LoginAttempt } from './routes/token.js';

export interface RegistryPluginOptions {
  context: RegistryContext;
  authenticator: Authenticator;
  tokens: TokenService;
  onLogin?(attempt: LoginAttempt): void;
}

const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;

export async function registryPlugin(app: FastifyInstance, options: RegistryPluginOptions): Promise<void> {
  await app.register(async (tokenScope) => {
    registerTokenEndpoint(tokenScope, { authenticator: options.authenticator, tokens: options.tokens, onLogin: options.onLogin, sendError: sendRegistryError });
  });
  await app.register(async (v2) => {
    v2.removeAllContentTypeParsers();
    v2.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = (request: FastifyRequest, reply: FastifyReply) => dispatch(options.context, request, reply);
    for (const url of ['/v2', '/v2/', '/v2/*']) v2.route({ method: [...METHODS], url, handler, exposeHeadRoute: false });
  });
}

async function dispatch(ctx: RegistryContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  reply.header('docker-distribution-api-version', 'registry/2.0');
  try {
    const route = parseRegistryPath(request.url.split('?')[0] as string);
    switch (route?.resource) {
      case 'base':
        if (request.method !== 'GET' && request.method !== 'HEAD') break;
        await ctx.access.requireAuthenticated(request);
        return reply.header('content-type', 'application/json').send('{}');
      case 'catalog':
        return await handleCatalog(ctx, request, reply);
      case 'tags':
        return await handleTags(ctx, request, reply, route.name);
      case 'manifest':
        return await handleManifest(ctx, request, reply, route.name, route.reference);
      case 'blob':
        return await handleBlob(ctx, request, reply, route.name, route.digest);
      case 'upload':
        return await (route.uploadId === undefined
          ? handleUploadStart(ctx, request, reply, route.name)
          : handleUpload(ctx, request, reply, route.name, route.uploadId));
      case 'referrers':
        return await handleReferrers(ctx, request, reply, route.name, route.digest);
      case undefined:
        break;
    }
    throw new RegistryError('UNSUPPORTED', `${request.method} ${request.url.slice(0, 200)} is not a registry endpoint`, { status: 404 });
  } catch (error) {
    return sendRegistryError(request, reply, error);
  }
}

/** Low-cardinality metrics label for a registry URL, e.g. `registry.manifest`. */
export function registryRouteLabel(url: string): string | undefined {
  try {
    const route = parseRegistryPath(url.split('?')[0] as string);
    return route && `registry.${route.resource}`;
  } catch {
    return 'registry.invalid';
  }
}
