/**
 * `airlock admission serve`: the in-cluster webhook Deployment. Its own HTTPS
 * server (the API server only calls webhooks over TLS) with POST /validate and
 * /mutate, /healthz, /readyz (ready once the approved-image cache is fresh)
 * and /metrics; a sync loop that keeps the cache from the Airlock API with a
 * viewer account; namespace labels from configuration, a file, or a live
 * watch; decisions audited as JSON lines on stdout; a renewed certificate
 * served without a restart. It needs the Airlock
 * server only to sync: while it is away, answers come from the cache until the
 * staleness limit, then per the failure mode.
 */
import type { Server } from 'node:https';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { AdmissionServeConfig } from '../config/index.js';
import { readPemFile } from '../config/index.js';
import { JsonLinesAuditSink } from './admission-audit.js';
import { AdmissionController } from './admission-controller.js';
import { createAdmissionMetrics } from './admission-metrics.js';
import { admissionSettings } from './admission-settings.js';
import { ApprovedSet } from './approved-set.js';
import { ApprovedSetSync } from './approved-set-sync.js';
import { readCallerToken } from './caller-token.js';
import { CertificateReloader } from './certificate-reload.js';
import type { ApprovedImageFeed } from './feed-page.js';
import { HttpFeed } from './http-feed.js';
import { KubernetesNamespaceWatch } from './kubernetes-namespace-watch.js';
import { LayeredNamespaceLabels, StaticNamespaceLabels, type NamespaceLabelSource } from './namespace-labels.js';
import { admissionWebhookPlugin } from './webhook-plugin.js';

export interface AdmissionServerOptions {
  config: AdmissionServeConfig;
  /** The viewer account the feed is read with (the CLI takes them from the environment). */
  credentials: { username: string; password: string };
  /** Use the pod's service account for the namespace watch. */
  inCluster?: boolean;
  clock?: () => number;
  /** false silences the request log (tests, benchmarks). */
  logger?: boolean;
  /** Where audit JSON lines go; stdout by default. */
  auditWrite?: (line: string) => void;
  /** Replaces the HTTP feed (tests). */
  feed?: ApprovedImageFeed;
}

export interface AdmissionServer {
  app: FastifyInstance;
  set: ApprovedSet;
  sync: ApprovedSetSync;
  certificates: CertificateReloader;
  close(): Promise<void>;
}

export async function createAdmissionServer(options: AdmissionServerOptions): Promise<AdmissionServer> {
  const { config } = options;
  const clock = options.clock ?? Date.now;
  const pair = { cert: readPemFile('tls.certFile', config.tls.certFile), key: readPemFile('tls.keyFile', config.tls.keyFile) };
  const app = Fastify({
    https: pair,
    logger: options.logger === false ? false : { level: config.log.level },
    keepAliveTimeout: 75_000,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  const set = new ApprovedSet();
  const feed = options.feed ?? new HttpFeed({ url: config.airlock.url, ...options.credentials, ca: config.airlock.caFile ? readPemFile('airlock.caFile', config.airlock.caFile) : undefined, timeoutMs: config.sync.timeout });
  const sync = new ApprovedSetSync(set, feed, { intervalMs: config.sync.interval, fullIntervalMs: config.sync.fullInterval, maxBackoffMs: config.sync.maxBackoff }, clock, app.log);
  const { source: namespaces, watch } = namespaceLabels(config, options.inCluster ?? false, app.log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'airlock_' });
  const metrics = createAdmissionMetrics(registry, set, clock);
  const write = options.auditWrite ?? ((line: string) => void process.stdout.write(line));
  const settings = admissionSettings(config, config.airlock.registryHost ?? new URL(config.airlock.url).host);
  const controller = new AdmissionController({ settings, set, namespaces, clock, metrics, audit: new JsonLinesAuditSink(write), log: app.log });

  const callerToken = readCallerToken(config.callerTokenFile, 'callerTokenFile');
  await app.register(admissionWebhookPlugin, { controller: () => controller, maxRequestBytes: config.maxRequestBytes, callerToken });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const freshness = set.freshness(clock(), settings.stalenessLimitMs);
    const body = { status: freshness.state === 'fresh' ? 'ready' : 'unavailable', cache: freshness.state, images: set.size, sync: sync.status() };
    return reply.code(freshness.state === 'fresh' ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_request, reply) => reply.header('content-type', registry.contentType).send(await registry.metrics()));
  const certificates = new CertificateReloader(app.server as Server, config.tls, pair, app.log);
  app.addHook('onReady', async () => {
    sync.start();
    certificates.start(config.tls.reloadInterval);
    await watch?.start();
  });
  app.addHook('onClose', async () => {
    certificates.stop();
    await sync.stop();
    await watch?.stop();
  });
  return { app, set, sync, certificates, close: () => app.close() };
}

function namespaceLabels(config: AdmissionServeConfig, inCluster: boolean, log: FastifyBaseLogger): { source: NamespaceLabelSource; watch?: KubernetesNamespaceWatch } {
  const { labels, labelsFile, watch } = config.namespaces;
  const fixed = labelsFile ? StaticNamespaceLabels.fromFile(labelsFile, labels) : new StaticNamespaceLabels(labels);
  if (!watch) return { source: fixed };
  const live = new KubernetesNamespaceWatch(inCluster, log);
  return { source: new LayeredNamespaceLabels([live, fixed]), watch: live };
}
