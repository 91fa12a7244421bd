/**
 * The webhook inside `airlock serve` (config `admission.enabled`): the same
 * plugin under /admission, its cache filled straight from the gate (no HTTP to
 * itself), its metrics on the server's /metrics, and its decisions appended to
 * the hash-chained audit trail through a bounded queue.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { EmbeddedAdmissionConfig } from '../config/index.js';
import { QueuedAuditSink, auditEntryOf } from './admission-audit.js';
import { AdmissionController } from './admission-controller.js';
import { createAdmissionMetrics } from './admission-metrics.js';
import { admissionSettings } from './admission-settings.js';
import { ApprovedSet } from './approved-set.js';
import { ApprovedSetSync } from './approved-set-sync.js';
import type { ApprovedImageFeed } from './feed-page.js';
import { StaticNamespaceLabels } from './namespace-labels.js';
import { readCallerToken } from './caller-token.js';
import { admissionWebhookPlugin } from './webhook-plugin.js';

export interface EmbeddedAdmissionOptions {
  config: EmbeddedAdmissionConfig;
  /** The registry host clusters pull from; asked on the first request, when the server knows its address. */
  registryHost: () => string;
  feed: ApprovedImageFeed;
  metrics: Registry;
  /** Appends one entry to the audit trail. */
  appendAudit(entry: { actor: string; action: string; target: string; details: Record<string, unknown> }): Promise<unknown>;
  clock: () => number;
  log: FastifyBaseLogger;
}

const MAX_PENDING_AUDIT = 1000;

export async function mountEmbeddedAdmission(app: FastifyInstance, options: EmbeddedAdmissionOptions): Promise<{ set: ApprovedSet; sync: ApprovedSetSync }> {
  const { config, clock, log } = options;
  const set = new ApprovedSet();
  const sync = new ApprovedSetSync(set, options.feed, { intervalMs: config.sync.interval, fullIntervalMs: config.sync.fullInterval, maxBackoffMs: config.sync.maxBackoff }, clock, log);
  const metrics = createAdmissionMetrics(options.metrics, set, clock);
  const audit = new QueuedAuditSink((record) => options.appendAudit(auditEntryOf(record)).then(() => undefined), { maxPending: MAX_PENDING_AUDIT, onDrop: () => metrics.auditDropped(), log });
  // The live Namespace watch is for the in-cluster Deployment (it runs with the cluster's service account).
  if (config.namespaces.watch) log.warn('admission.namespaces.watch applies to `airlock admission serve` only; inside airlock serve namespace labels come from admission.namespaces.labels and labelsFile');
  const namespaces = config.namespaces.labelsFile ? StaticNamespaceLabels.fromFile(config.namespaces.labelsFile, config.namespaces.labels) : new StaticNamespaceLabels(config.namespaces.labels);
  let controller: AdmissionController | undefined;
  const controllerOnce = () => (controller ??= new AdmissionController({ settings: admissionSettings(config, options.registryHost()), set, namespaces, clock, metrics, audit, log }));
  const callerToken = readCallerToken(config.callerTokenFile, 'admission.callerTokenFile');
  await app.register(admissionWebhookPlugin, { prefix: '/admission', controller: controllerOnce, maxRequestBytes: config.maxRequestBytes, callerToken });
  app.addHook('onReady', async () => sync.start());
  app.addHook('onClose', async () => {
    await sync.stop();
    await audit.flush();
  });
  return { set, sync };
}
