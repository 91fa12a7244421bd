/**
 * A Gate in the benchmark process, on its own database, wired the way
 * src/server/create-server.ts wires it: the policy judge over the stored
 * policies and exceptions, the transactional event outbox, the hash-chained
 * audit log, the vulnerability index loaded from the database, and scan
 * reports stored as blobs through the registry's ledger on a filesystem blob
 * store. Only promotion is replaced (counted): the synthetic images have no
 * manifests to tag.
 */
import pino from 'pino';
import { AuditLog } from '../src/audit/index.js';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../src/db/index.js';
import { EventOutbox } from '../src/events/index.js';
import { Gate, policyJudge, type GatePorts } from '../src/gate/index.js';
import { ExceptionStore, PolicyStore } from '../src/policy/index.js';
import { BlobLedger } from '../src/registry/index.js';
import { VulnerabilityDatabase, type VulnerabilityIndex } from '../src/scan/index.js';
import { findStorageDriver } from '../src/storage/index.js';

export interface InProcessGate {
  handle: DatabaseHandle;
  gate: Gate;
  ports: GatePorts;
  vulnerabilities: VulnerabilityDatabase;
  /** How often `promote` was asked for. */
  promotions: () => number;
  /** Resolves when the next job of this kind completes (the sweep, a redecide). */
  nextCompletion(kind: string): Promise<string>;
  /** Resolves once no report job is queued or running (reports of re-decisions are written after their verdicts). */
  reportsSettled(): Promise<void>;
  close(): Promise<void>;
}

/** `dataDir` holds airlock.db and storage/, as `airlock serve` lays them out. */
export async function openInProcessGate(dataDir: string, options: { workers?: number; reports?: boolean } = {}): Promise<InProcessGate> {
  const handle = await openDatabase(path.join(dataDir, 'airlock.db'));
  const { db, dialect } = handle;
  const clock = Date.now;
  const store = await findStorageDriver('filesystem').open({ dataDir: path.join(dataDir, 'storage') });
  const blobs = new BlobLedger(db, dialect, store, clock);
  const policies = new PolicyStore(db, clock);
  const exceptions = new ExceptionStore(db, clock);
  const auditLog = new AuditLog(db, dialect, clock);
  const vulnerabilities = new VulnerabilityDatabase(db);
  let index: Promise<VulnerabilityIndex | undefined> | undefined;
  const loadIndex = () => vulnerabilities.loadIndex().then((loaded) => (loaded.stats.advisories > 0 ? loaded : undefined));
  const refreshIndex = async (current: typeof index, changed: readonly string[] | undefined) => {
    const base = changed && current ? await current.catch(() => undefined) : undefined;
    if (!base || !changed) return loadIndex();
    const refreshed = await vulnerabilities.refreshIndex(base, changed);
    return refreshed.stats.advisories > 0 ? refreshed : undefined;
  };
  let promotions = 0;
  const ports: GatePorts = {
    judge: policyJudge({ policies, exceptions, clock }),
    publish: async (trx, event) => {
      await EventOutbox.append(trx, event, clock);
    },
    audit: async (trx, entry) => {
      await auditLog.append(entry, trx);
    },
    promote: async () => {
      promotions++;
    },
    index: () => (index ??= loadIndex()),
    refreshIndex: (changed) => (index = refreshIndex(index, changed)),
    expiredExceptions: async (from, to) => (await exceptions.expiringBetween(from, to)).map(({ id, vulnerability, package: name, scope, expiresAt }) => ({ id, vulnerability, ...(name ? { package: name } : {}), scope, expiresAt })),
    ...(options.reports === false ? {} : { storeBlob: (content: Buffer) => blobs.storeContent(content) }),
  };
  const gate = new Gate({
    db,
    dialect,
    store,
    clock,
    ports,
    log: pino({ level: 'warn' }),
    // The ticker is left to the benchmark (gate.tick()), so a sweep starts exactly when it is timed.
    options: { workers: options.workers ?? 1, leaseMs: 10 * 60_000, pollMs: 5, tickMs: 24 * 3600_000, scannerVersion: 'bench' },
  });
  // Job completions are observed by wrapping the queue's `complete` (the benchmark's only hook into the gate).
  const waiting: Array<{ kind: string; resolve: (id: string) => void }> = [];
  const complete = gate.queue.complete.bind(gate.queue);
  gate.queue.complete = async (id, trx) => {
    await complete(id, trx);
    const job = await db.selectFrom('jobs').select('kind').where('id', '=', id).executeTakeFirst();
    for (const waiter of waiting.filter((w) => w.kind === job?.kind)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(id);
    }
  };
  const reportsSettled = async (): Promise<void> => {
    for (;;) {
      const pending = await db.selectFrom('jobs').select('id').where('kind', '=', 'report').where('state', 'in', ['queued', 'running']).executeTakeFirst();
      if (!pending) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    handle,
    gate,
    ports,
    vulnerabilities,
    promotions: () => promotions,
    nextCompletion: (kind) => new Promise((resolve) => waiting.push({ kind, resolve })),
    reportsSettled,
    close: async () => {
      await gate.stop();
      await handle.close();
    },
  };
}
