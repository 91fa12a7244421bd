/** The REST API under /api/v1 for the CLI and (later) the dashboard. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './api-context.js';
import { sendApiError } from './errors.js';
import { registerOpenApiRoute } from './openapi/openapi-route.js';
import { registerAdmissionRoutes } from './routes/admission.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerEventRoutes } from './routes/events.js';
import { registerExceptionRoutes } from './routes/exceptions.js';
import { registerIdentityRoutes } from './routes/identity.js';
import { registerImageRoutes } from './routes/images.js';
import { registerMirrorRoutes } from './routes/mirror.js';
import { registerPolicyRoutes } from './routes/policies.js';
import { registerRegistryAdminRoutes } from './routes/registry-admin.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerVulnerabilityDbRoutes } from './routes/vulnerability-db.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { sessionHook } from './session-auth.js';

export async function apiPlugin(app: FastifyInstance, options: { context: ApiContext }): Promise<void> {
  app.setErrorHandler((error, request, reply) => sendApiError(error, request, reply));
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no API endpoint ${request.method} ${request.url.split('?')[0]}` } }));
  app.addHook('onRequest', sessionHook(options.context));
  registerSessionRoutes(app, options.context);
  registerDashboardRoutes(app, options.context);
  registerIdentityRoutes(app, options.context);
  registerTokenRoutes(app, options.context);
  registerRegistryAdminRoutes(app, options.context);
  registerImageRoutes(app, options.context);
  registerWebhookRoutes(app, options.context);
  registerEventRoutes(app, options.context);
  registerAuditRoutes(app, options.context);
  registerVulnerabilityDbRoutes(app, options.context);
  registerExceptionRoutes(app, options.context);
  registerPolicyRoutes(app, options.context);
  registerAdmissionRoutes(app, options.context);
  registerMirrorRoutes(app, options.context);
  registerOpenApiRoute(app);
}
