/**
 * Mounts the admission webhook inside `airlock serve` when `admission.enabled`:
 * its cache is filled straight from the gate's admission feed (the same data
 * GET /api/v1/admission/snapshot serves, without HTTP to ourselves), its
 * decisions go to this server's audit trail and its metrics to /metrics.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { mountEmbeddedAdmission, type ApprovedImageFeed } from '../admission/index.js';
import type { AuditLog } from '../audit/index.js';
import type { AirlockConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { AdmissionFeed, type AdmissionFeedPage } from '../gate/index.js';

export interface AdmissionMountDeps {
  db: Kysely<Database>;
  clock: () => number;
  auditLog: AuditLog;
  metrics: Registry;
}

export async function mountAdmission(app: FastifyInstance, config: AirlockConfig, deps: AdmissionMountDeps): Promise<void> {
  if (!config.admission.enabled) return;
  const gateFeed = new AdmissionFeed(deps.db, deps.clock);
  // In-process the cursor is the read time itself; only this process reads it.
  const page = (result: AdmissionFeedPage) => ({ cursor: String(result.readAt), images: result.images });
  const feed: ApprovedImageFeed = {
    snapshot: async () => page(await gateFeed.snapshot()),
    changes: async (cursor) => page(await gateFeed.changes(Number(cursor))),
  };
  await mountEmbeddedAdmission(app, {
    config: config.admission,
    registryHost: () => config.admission.registryHost ?? (config.publicUrl ? new URL(config.publicUrl).host : servedAddress(app, config.listen)),
    feed,
    metrics: deps.metrics,
    appendAudit: (entry) => deps.auditLog.append(entry),
    clock: deps.clock,
    log: app.log,
  });
}

/** host:port this server listens on, as image references write it. */
function servedAddress(app: FastifyInstance, listen: string): string {
  const address = app.server.address() as AddressInfo | string | null;
  if (!address || typeof address === 'string') return listen;
  return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}
