/**
 * Admission decisions on the audit trail: every denial, every Pod Security
 * audit-level violation, and a configured share of the rest. The decision
 * never waits for the record: sinks take it and return at once.
 *   - inside `airlock serve`: QueuedAuditSink appends to the hash-chained
 *     audit log, one at a time, dropping (and counting) past `maxPending`;
 *   - standalone `airlock admission serve`: JsonLinesAuditSink writes one JSON
 *     line per record to stdout, for the cluster's log pipeline.
 * Unreadable requests are not decisions about a workload; they are logged, not audited.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AdmissionRequest } from './admission-review.js';
import type { Decision } from './validate-request.js';

export interface AdmissionAuditRecord {
  /** epoch ms */
  at: number;
  operation: 'validate' | 'mutate';
  uid: string;
  allowed: boolean;
  outcome: Decision['outcome'];
  kind: string;
  namespace?: string;
  name?: string;
  user?: string;
  dryRun?: boolean;
  violations: Array<{ rule: string; message: string }>;
  warnings: string[];
  podSecurityAudit: string[];
  details?: Record<string, unknown>;
}

export interface AdmissionAuditSink {
  record(record: AdmissionAuditRecord): void;
}

/** Denials, invalid objects and audit-level findings always; allowed requests at `allowSampleRate`. */
export function shouldAudit(decision: Decision, allowSampleRate: number, random: () => number): boolean {
  if (decision.outcome === 'skipped') return false;
  if (!decision.response.allowed || decision.audit.length > 0) return true;
  return allowSampleRate > 0 && random() < allowSampleRate;
}

export function auditRecord(operation: 'validate' | 'mutate', request: AdmissionRequest, decision: Decision, at: number): AdmissionAuditRecord {
  const { group, version, kind } = request.kind;
  return {
    at,
    operation,
    uid: request.uid,
    allowed: decision.response.allowed,
    outcome: decision.outcome,
    kind: `${group ? `${group}/` : ''}${version}/${kind}`,
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.name ? { name: request.name } : {}),
    ...(request.userInfo?.username ? { user: request.userInfo.username } : {}),
    ...(request.dryRun ? { dryRun: true } : {}),
    violations: decision.violations.slice(0, 50).map(({ rule, message }) => ({ rule, message: message.slice(0, 1000) })),
    warnings: decision.warnings.slice(0, 20),
    podSecurityAudit: decision.audit,
    ...(decision.details ? { details: decision.details } : {}),
  };
}

/** An audit-trail entry (audit/NewAuditEntry's shape): `admission.denied` by `k8s:<user>` on `<namespace>/<kind>/<name>`. */
export function auditEntryOf(record: AdmissionAuditRecord): { actor: string; action: string; target: string; details: Record<string, unknown> } {
  // The entry has its own time; `at` would only differ from it by the queue's delay.
  const { user, namespace, name, kind, ...rest } = record;
  const details: Record<string, unknown> = { ...rest };
  delete details.at;
  const actor = `k8s:${(user ?? 'unknown').slice(0, 200)}`.replace(/[\u0000-\u001f\u007f]/g, '?');
  const target = `${namespace ?? '(cluster)'}/${kind}/${name || '(generated name)'}`.replace(/[\u0000-\u001f\u007f]/g, '?');
  return { actor, action: `admission.${record.outcome}`, target, details: { ...details, kind } };
}

export class JsonLinesAuditSink implements AdmissionAuditSink {
  constructor(private readonly write: (line: string) => void) {}

  record(record: AdmissionAuditRecord): void {
    this.write(`${JSON.stringify({ type: 'airlock.admission', time: new Date(record.at).toISOString(), ...record })}\n`);
  }
}

export class QueuedAuditSink implements AdmissionAuditSink {
  private pending = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly append: (record: AdmissionAuditRecord) => Promise<void>,
    private readonly options: { maxPending: number; onDrop: () => void; log?: FastifyBaseLogger },
  ) {}

  record(record: AdmissionAuditRecord): void {
    if (this.pending >= this.options.maxPending) {
      this.options.onDrop();
      return;
    }
    this.pending += 1;
    // One append at a time: the hash chain serialises them anyway, and this keeps the database's connections for the registry.
    this.chain = this.chain
      .then(() => this.append(record))
      .catch((error: unknown) => this.options.log?.error({ err: error, uid: record.uid }, 'could not write an admission decision to the audit trail'))
      .finally(() => (this.pending -= 1));
  }

  /** Resolves when every record taken so far is written (or failed). */
  flush(): Promise<void> {
    return this.chain;
  }
}
