/**
 * The composition root: builds every part from the frozen configuration and
 * mounts each HTTP surface (registry, API, health, metrics) as a Fastify plugin.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { apiPlugin } from '../api/index.js';
import { AuditLog, exportAuditLog, queryAuditLog, verifyAuditLog } from '../audit/index.js';
import { DeliveryWorker, EventOutbox, WebhookStore, listEvents } from '../events/index.js';
import { FleetStats, Gate, policyJudge, previewImage, queryImages, type GatePorts, type VulnerabilityUpdateSummary } from '../gate/index.js';
import { ExceptionStore, PolicyStore } from '../policy/index.js';
import { OSV_BUCKET_URL, VulnerabilityDatabase, type VulnerabilityIndex } from '../scan/index.js';
import { Authenticator, IdentityStore, RobotTokenStore, SessionStore, TokenService, systemClock, type Clock } from '../auth/index.js';
import { AIRLOCK_VERSION, type AirlockConfig } from '../config/index.js';
import { openDatabase, type DatabaseHandle } from '../db/index.js';
import { parseImageReference, type Digest } from '../oci/index.js';
import { BlobLedger, GarbageCollector, LocalImageWriter, ManifestStore, Promoter, RegistryAccess, UploadSessions, registryPlugin } from '../registry/index.js';
import { findStorageDriver, type BlobStore } from '../storage/index.js';
import { mountAdmission } from './admission-mount.js';
import { registerHealthRoutes } from './health.js';
import { createMetrics, registerMetricsHooks } from './metrics.js';
import { loginAuditor } from './login-audit.js';
import { readTlsOptions } from './tls-options.js';
import { mountWeb } from './web-mount.js';

export interface AirlockServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  store: BlobStore;
  /** Stops accepting requests, waits for those in flight, closes the database. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  clock?: Clock;
  /** Set to false to silence request logs (benchmarks). */
  logger?: boolean;
  /** The process environment, where a mirror catalog's `credentialsEnv` names upstream credentials (given by the CLI). */
  environment?: (name: string) => string | undefined;
}

export async function createServer(config: AirlockConfig, options: CreateServerOptions = {}): Promise<AirlockServer> {
  const clock = options.clock ?? systemClock;
  const https = readTlsOptions(config);
  const app = Fastify({
    ...(https ? { https } : {}),
    logger: options.logger === false ? false : { level: config.log.level, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    genReqId: (request) => (typeof request.headers['x-request-id'] === 'string' && request.headers['x-request-id'].length <= 128 ? request.headers['x-request-id'] : randomUUID()),
    requestTimeout: 0, // large blob uploads may legitimately take long; idle sockets are cut by keepAliveTimeout
    keepAliveTimeout: 75_000,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const database = await openDatabase(config.databaseUrl);
  const { db, dialect } = database;
  const store = await findStorageDriver('filesystem').open({ dataDir: path.join(config.dataDir, 'storage') });

  const identities = new IdentityStore(db, clock);
  const robots = new RobotTokenStore(db, clock);
  const authenticator = new Authenticator(identities, robots, clock);
  const tokens = await TokenService.open(db, clock, { issuer: 'airlock', audience: config.auth.service, ttlMs: config.auth.tokenTtl });
  await bootstrapAdmin(config, identities, app.log);

  const metrics = createMetrics(db);
  registerMetricsHooks(app, metrics);
  registerHealthRoutes(app, [
    { name: 'database', check: () => database.ping() },
    { name: 'storage', check: () => store.ping() },
  ]);

  const blobs = new BlobLedger(db, dialect, store, clock);
  const manifests = new ManifestStore(db, clock);
  const uploads = new UploadSessions(db, store, clock);
  const promoter = new Promoter(manifests, blobs);
  const collector = new GarbageCollector(db, dialect, store, uploads, clock, { blobGracePeriodMs: config.gc.blobGracePeriod, uploadTtlMs: config.registry.uploadTtl }, app.log);
  const auditLog = new AuditLog(db, dialect, clock);
  const deliveries = new DeliveryWorker({ database: { db, dialect }, source: config.publicUrl ?? 'airlock', logger: app.log, clock });
  const policies = new PolicyStore(db, clock);
  const exceptions = new ExceptionStore(db, clock);
  const vulnerabilities = new VulnerabilityDatabase(db);
  let index: Promise<VulnerabilityIndex | undefined> | undefined;
  const loadIndex = () => vulnerabilities.loadIndex().then((loaded) => (loaded.stats.advisories > 0 ? loaded : undefined));
  // After an import the sweep names the changed advisories: only they are read into the loaded index (a full load takes a quarter second).
  const refreshIndex = async (current: typeof index, changed: readonly string[] | undefined) => {
    const base = changed && current ? await current.catch(() => undefined) : undefined;
    if (!base || !changed) return loadIndex();
    const refreshed = await vulnerabilities.refreshIndex(base, changed);
    return refreshed.stats.advisories > 0 ? refreshed : undefined;
  };
  const ports: GatePorts = {
    judge: policyJudge({ policies, exceptions, clock }),
    publish: async (trx, event) => {
      await EventOutbox.append(trx, event, clock);
      setImmediate(() => deliveries.notify());
    },
    audit: async (trx, entry) => {
      await auditLog.append(entry, trx);
    },
    promote: async ({ repository, digest, tags }) => {
      for (const tag of tags.length > 0 ? tags : [undefined]) {
        await promoter.promote({ source: { repository, digest: digest as Digest }, tag }).catch((error: unknown) => app.log.warn({ err: error, repository, digest, tag }, 'promotion failed'));
      }
    },
    index: () => (index ??= loadIndex()),
    refreshIndex: (changed) => (index = refreshIndex(index, changed)),
    updateVulnerabilities: () => updateVulnerabilities(vulnerabilities, config),
    expiredExceptions: async (from, to) => (await exceptions.expiringBetween(from, to)).map(({ id, vulnerability, package: name, scope, expiresAt }) => ({ id, vulnerability, ...(name ? { package: name } : {}), scope, expiresAt })),
    storeBlob: (content) => blobs.storeContent(content),
  };
  const gate = new Gate({
    db,
    dialect,
    store,
    clock,
    log: app.log,
    options: {
      workers: config.gate.workers,
      leaseMs: config.gate.jobLease,
      pollMs: config.gate.pollInterval,
      tickMs: config.gate.tick,
      vulnerabilityUpdateMs: config.vulnerabilityDb.updateInterval,
      scannerVersion: AIRLOCK_VERSION,
      publicUrl: config.publicUrl,
    },
    ports,
    mirror: { sink: new LocalImageWriter(blobs, uploads, manifests, store), environment: options.environment ?? (() => undefined) },
  });
  app.addHook('onReady', async () => {
    gate.start();
    deliveries.start();
  });
  app.addHook('onClose', async () => {
    await gate.stop();
    await deliveries.stop();
    await database.close();
  });
  const access = new RegistryAccess({ authenticator, tokens, service: config.auth.service, realm: (request) => `${baseUrl(config, request)}/auth/token`,
    teamExists: (team) => identities.teamExists(team),
  });

  await app.register(registryPlugin, {
    context: { db, store, access, blobs, uploads, manifests, maxManifestBytes: config.registry.maxManifestBytes, bytes: metrics.bytes, gate },
    authenticator,
    tokens,
    onLogin: loginAuditor(auditLog, clock, app.log),
  });
  await app.register(apiPlugin, {
    prefix: '/api/v1',
    context: {
      authenticator,
      sessions: new SessionStore(db, clock),
      identities,
      robots,
      changeIdentities: (work) => db.transaction().execute((trx) => work({ identities: new IdentityStore(trx, clock), robots: new RobotTokenStore(trx, clock) }, (entry) => auditLog.append(entry, trx))),
      clock,
      promote: ({ source, tag }) => promoter.promote({ source: parseImageReference(source), tag }),
      collectGarbage: (gcOptions) => collector.run(gcOptions),
      gate,
      webhooks: new WebhookStore(db, clock),
      changeWebhooks: (work) => db.transaction().execute((trx) => work(new WebhookStore(trx, clock), (entry) => auditLog.append(entry, trx))),
      listEvents: (query) => listEvents(db, query),
      auditTrail: { query: (query) => queryAuditLog(db, query), verify: () => verifyAuditLog(db), export: (exportOptions) => exportAuditLog(db, exportOptions) },
      exceptions,
      changeExceptions: async (work) => {
        const result = await db.transaction().execute((trx) =>
          work(new ExceptionStore(trx, clock), { audit: (entry) => auditLog.append(entry, trx), publish: async (event) => void (await EventOutbox.append(trx, event, clock)) }),
        );
        deliveries.notify(); // after the commit, so the worker finds the new events
        return result;
      },
      policies,
      changePolicies: async (work) => {
        const result = await db.transaction().execute((trx) =>
          work(new PolicyStore(trx, clock), { audit: (entry) => auditLog.append(entry, trx), publish: async (event) => void (await EventOutbox.append(trx, event, clock)) }),
        );
        deliveries.notify();
        return result;
      },
      previewPolicy: (candidate, image) => previewImage({ gate, policies, exceptions, ports, clock }, candidate, image),
      vulnerabilityDbStatus: () => vulnerabilities.status(),
      fleet: new FleetStats(db),
      queryImages: (query) => queryImages(db, query),
    },
  });
  await mountAdmission(app, config, { db, clock, auditLog, metrics: metrics.registry });
  await mountWeb(app);
  return { app, database, store, close: () => closeGracefully(app, config.shutdownGracePeriod) };
}

/** The scheduled update: the configured sources, or OSV's zips of the configured ecosystems. */
async function updateVulnerabilities(vulnerabilities: VulnerabilityDatabase, config: AirlockConfig): Promise<VulnerabilityUpdateSummary> {
  const { sources, ecosystems, baseUrl } = config.vulnerabilityDb;
  const result = await vulnerabilities.update({ sources, ecosystems, baseUrl: baseUrl ?? OSV_BUCKET_URL });
  const { added, updated, withdrawn, invalid } = result.totals;
  return { sources: result.sources.length, added, updated, withdrawn, invalid };
}

/**
 * Lets requests in flight finish (up to `graceMs`), and closes keep-alive
 * connections as soon as they fall idle: a response that completes after
 * close() began would otherwise hold its socket for the keep-alive timeout.
 */
async function closeGracefully(app: FastifyInstance, graceMs: number): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  const force = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}

/** The URL clients reach us at: the configured public URL, else the request's own scheme and Host. */
function baseUrl(config: AirlockConfig, request: FastifyRequest): string {
  return config.publicUrl ?? `${request.protocol}://${request.headers.host ?? config.listen}`;
}

/**
 * First start: an `admin` user with AIRLOCK_ADMIN_PASSWORD, or, when none is
 * given and nobody exists yet, a generated password written to a file only the
 * owner can read (never to the log).
 */
async function bootstrapAdmin(config: AirlockConfig, identities: IdentityStore, log: FastifyBaseLogger): Promise<void> {
  if (config.adminPassword) {
    if (await identities.ensureAdmin(config.adminPassword)) log.info('created user admin from AIRLOCK_ADMIN_PASSWORD');
    return;
  }
  if ((await identities.listUsers()).length > 0) return;
  const password = randomBytes(18).toString('base64url');
  if (!(await identities.ensureAdmin(password))) return;
  const file = path.join(config.dataDir, 'initial-admin-password');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  log.warn({ file }, 'created user admin with a generated password; read it from this file, then change it or set AIRLOCK_ADMIN_PASSWORD');
}
