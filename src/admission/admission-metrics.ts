/**
 * Prometheus metrics of the webhook, on the registry of the process serving it
 * (`airlock serve`'s /metrics, or the standalone webhook's own):
 *   airlock_admission_duration_seconds{operation}                 decision latency (validate, mutate)
 *   airlock_admission_decisions_total{operation,outcome,rule}     one per violated rule on denials, rule="" otherwise
 *   airlock_admission_cache_images / _cache_age_seconds           what the cache holds and how old it is
 *   airlock_admission_audit_dropped_total                         audit records dropped under back-pressure
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ApprovedSet } from './approved-set.js';

export interface AdmissionMetrics {
  observe(operation: string, outcome: string, rules: readonly string[], seconds: number): void;
  auditDropped(): void;
}

export function createAdmissionMetrics(registry: Registry, set: ApprovedSet, clock: () => number): AdmissionMetrics {
  const duration = new Histogram({
    name: 'airlock_admission_duration_seconds',
    help: 'Time to decide one AdmissionReview, by webhook operation',
    labelNames: ['operation'],
    // The goal is p99 under 5 ms: resolution below it matters most.
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'airlock_admission_decisions_total',
    help: 'Admission decisions by webhook operation, outcome and violated rule (one count per rule on denials)',
    labelNames: ['operation', 'outcome', 'rule'],
    registers: [registry],
  });
  const dropped = new Counter({ name: 'airlock_admission_audit_dropped_total', help: 'Admission audit records dropped because the audit trail fell behind', registers: [registry] });
  new Gauge({
    name: 'airlock_admission_cache_images',
    help: 'Images in the admission webhook’s approved-image cache',
    registers: [registry],
    collect() {
      this.set(set.size);
    },
  });
  new Gauge({
    name: 'airlock_admission_cache_age_seconds',
    help: 'Seconds since the approved-image cache was last synced (-1 before the first sync)',
    registers: [registry],
    collect() {
      const at = set.lastSyncAt;
      this.set(at === undefined ? -1 : Math.max(0, clock() - at) / 1000);
    },
  });
  return {
    observe(operation, outcome, rules, seconds) {
      duration.observe({ operation }, seconds);
      if (rules.length === 0) decisions.inc({ operation, outcome, rule: '' });
      for (const rule of new Set(rules)) decisions.inc({ operation, outcome, rule });
    },
    auditDropped: () => dropped.inc(),
  };
}
