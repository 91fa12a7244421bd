/**
 * Prometheus metrics at /metrics: requests by route and status, latency,
 * registry bytes in and out, blobs stored. One prom-client Registry per server,
 * so several servers can live in one process (tests).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/index.js';
import { registryRouteLabel, type ByteCounters } from '../registry/index.js';

export interface ServerMetrics {
  registry: Registry;
  bytes: ByteCounters;
}

export function createMetrics(db: Kysely<Database>): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'airlock_' });
  const received = new Counter({ name: 'airlock_registry_bytes_received_total', help: 'Blob and manifest bytes received by the registry', registers: [registry] });
  const sent = new Counter({ name: 'airlock_registry_bytes_sent_total', help: 'Blob and manifest bytes sent by the registry', registers: [registry] });
  new Gauge({
    name: 'airlock_registry_blobs_stored',
    help: 'Blobs stored (count) and their total size (bytes)',
    labelNames: ['measure'],
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('blobs')
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes')])
        .executeTakeFirst();
      this.set({ measure: 'count' }, Number(row?.count ?? 0));
      this.set({ measure: 'bytes' }, Number(row?.bytes ?? 0));
    },
  });
  return { registry, bytes: { received: (n) => received.inc(n), sent: (n) => sent.inc(n) } };
}

export function registerMetricsHooks(app: FastifyInstance, metrics: ServerMetrics): void {
  const requests = new Counter({
    name: 'airlock_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [metrics.registry],
  });
  const duration = new Histogram({
    name: 'airlock_http_request_duration_seconds',
    help: 'HTTP request latency by route and method',
    labelNames: ['route', 'method'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeLabel(request);
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    duration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

function routeLabel(request: FastifyRequest): string {
  const url = request.routeOptions.url;
  if (url?.startsWith('/v2')) return registryRouteLabel(request.url) ?? 'registry.unknown';
  return url ?? 'unmatched';
}
