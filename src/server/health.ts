/** /healthz (the process answers) and /readyz (database and storage usable). */
import type { FastifyInstance } from 'fastify';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export function registerHealthRoutes(app: FastifyInstance, checks: readonly ReadinessCheck[]): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    const failures: Record<string, string> = {};
    for (const { name, check } of checks) {
      try {
        await check();
      } catch (error) {
        request.log.warn({ err: error, check: name }, 'readiness check failed');
        failures[name] = (error as Error).message;
      }
    }
    if (Object.keys(failures).length > 0) return reply.code(503).send({ status: 'unavailable', failures });
    return { status: 'ready' };
  });
}
